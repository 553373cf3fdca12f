// The readbacks a GL client of tests/clients dumped with --dump DIR (tests/clients/README.md,
// "Dump format"): the index in DIR/readbacks.json and the bytes of each readback-N.rgba, as
// glReadPixels returned them (tight rows, bottom row first, 4 bytes per pixel).
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "trace/result.h"

namespace vgpu::capture_check {

// What a readback holds, as the dump names it.
enum class DumpFormat {
  Rgba8,  // "rgba8": GL_RGBA / GL_UNSIGNED_BYTE
  D24S8,  // "d24s8": GL_DEPTH_STENCIL / GL_UNSIGNED_INT_24_8, native-endian words
};

struct DumpedReadback {
  uint32_t index = 0;
  std::string file;
  uint32_t x = 0, y = 0, width = 0, height = 0;  // the glReadPixels rectangle
  DumpFormat format = DumpFormat::Rgba8;
  bool default_framebuffer = false;  // "default" (the pbuffer) rather than "fbo"
  std::string attachment;
  std::string label;
  std::vector<uint8_t> bytes;  // width * height * 4, bottom row first

  // "readback 1 'scissored clear' 48x24 at (8,4) rgba8 default/back"
  [[nodiscard]] std::string describe() const;
};

struct Dump {
  std::string client;
  std::vector<DumpedReadback> readbacks;  // in index order, bytes loaded
};

inline constexpr uint32_t kDumpBytesPerPixel = 4;

// Loads DIR/readbacks.json and every file it lists; any missing field, unknown format, index
// out of order or file of the wrong size is an error naming it.
[[nodiscard]] trace::Result<Dump> load_dump(const std::filesystem::path& dir);

}  // namespace vgpu::capture_check
