// PNG files of RgbaImages (libpng's simplified API: no setjmp error handling to get wrong).
#pragma once

#include <cstdint>
#include <filesystem>
#include <vector>

#include "replay/rgba_image.h"
#include "trace/result.h"

namespace vgpu::replay {

// The image as PNG file bytes (for files and for base64 inside the HTML report).
[[nodiscard]] trace::Result<std::vector<uint8_t>> encode_png(const RgbaImage& image);

[[nodiscard]] trace::Status write_png(const std::filesystem::path& path, const RgbaImage& image);

// Any PNG libpng reads (grey, palette, 16-bit...), converted to RGBA8.  Errors name the file.
[[nodiscard]] trace::Result<RgbaImage> read_png(const std::filesystem::path& path);

}  // namespace vgpu::replay
