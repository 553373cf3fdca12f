// The entry points of libvirglrenderer.so.1 that replay calls, resolved by dlsym.
#pragma once

#include <sys/uio.h>
#include <virgl/virglrenderer.h>

#include <memory>

#include "trace/result.h"

// virglrenderer.h only declares it; the library's ABI is six 32-bit fields (src/virgl_hw.h).
struct virgl_box {
  uint32_t x, y, z;
  uint32_t w, h, d;
};

namespace vgpu::replay {

struct VirglLibrary {
#define VGPU_VIRGL_ENTRY(name) decltype(&::name) name = nullptr;
#include "replay/virgl_entries.def"
#undef VGPU_VIRGL_ENTRY
  void* handle = nullptr;

  VirglLibrary() = default;
  VirglLibrary(const VirglLibrary&) = delete;
  VirglLibrary& operator=(const VirglLibrary&) = delete;
  ~VirglLibrary();
};

// Loads the library and every entry, or says which is missing.
[[nodiscard]] trace::Result<std::unique_ptr<VirglLibrary>> load_virgl_library();

}  // namespace vgpu::replay
