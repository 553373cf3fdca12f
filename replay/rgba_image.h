// An 8-bit RGBA image, rows top first: the one pixel form every part of replay speaks (decoded
// readbacks, PNG files, metrics, md5s, HTML), so that no two parts disagree on orientation.
#pragma once

#include <cstdint>
#include <vector>

namespace vgpu::replay {

inline constexpr uint32_t kRgbaBytes = 4;

struct RgbaImage {
  uint32_t width = 0;
  uint32_t height = 0;
  std::vector<uint8_t> pixels;  // width * height * 4 bytes, row 0 is the top row

  [[nodiscard]] bool empty() const { return width == 0 || height == 0; }
  [[nodiscard]] const uint8_t* at(uint32_t x, uint32_t y) const {
    return &pixels[(uint64_t{y} * width + x) * kRgbaBytes];
  }
  [[nodiscard]] uint8_t* at(uint32_t x, uint32_t y) {
    return &pixels[(uint64_t{y} * width + x) * kRgbaBytes];
  }
};

[[nodiscard]] inline RgbaImage make_image(uint32_t width, uint32_t height) {
  return RgbaImage{width, height, std::vector<uint8_t>(uint64_t{width} * height * kRgbaBytes)};
}

}  // namespace vgpu::replay
