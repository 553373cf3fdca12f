#include "replay/image_metrics.h"

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <limits>

namespace vgpu::replay {
namespace {

bool same_size(const RgbaImage& a, const RgbaImage& b) {
  return a.width == b.width && a.height == b.height && a.pixels.size() == b.pixels.size();
}

uint32_t pixel_error(const uint8_t* a, const uint8_t* b) {
  uint32_t worst = 0;
  for (uint32_t c = 0; c < kRgbaBytes; ++c) {
    worst = std::max<uint32_t>(worst, static_cast<uint32_t>(std::abs(int{a[c]} - int{b[c]})));
  }
  return worst;
}

}  // namespace

ImageMetrics compare_images(const RgbaImage& reference, const RgbaImage& replayed,
                            uint32_t tolerance) {
  ImageMetrics m;
  if (!same_size(reference, replayed)) {
    m.same_size = false;
    return m;
  }
  m.pixels = uint64_t{reference.width} * reference.height;
  double squared_sum = 0;
  for (uint64_t i = 0; i < m.pixels; ++i) {
    const uint8_t* a = &reference.pixels[i * kRgbaBytes];
    const uint8_t* b = &replayed.pixels[i * kRgbaBytes];
    const uint32_t error = pixel_error(a, b);
    m.max_channel_error = std::max(m.max_channel_error, error);
    m.pixels_beyond_tolerance += error > tolerance;
    for (uint32_t c = 0; c < kRgbaBytes; ++c) {
      const double d = static_cast<double>(int{a[c]} - int{b[c]});
      squared_sum += d * d;
    }
  }
  const double samples = static_cast<double>(m.pixels * kRgbaBytes);
  const double mse = samples == 0 ? 0 : squared_sum / samples;
  m.psnr_db = mse == 0 ? std::numeric_limits<double>::infinity()
                       : 10.0 * std::log10(255.0 * 255.0 / mse);
  return m;
}

RgbaImage diff_image(const RgbaImage& reference, const RgbaImage& replayed, uint32_t tolerance) {
  if (!same_size(reference, replayed)) return {};
  RgbaImage out = make_image(reference.width, reference.height);
  const uint64_t pixels = uint64_t{reference.width} * reference.height;
  for (uint64_t i = 0; i < pixels; ++i) {
    const uint8_t* a = &reference.pixels[i * kRgbaBytes];
    const uint8_t* b = &replayed.pixels[i * kRgbaBytes];
    uint8_t* o = &out.pixels[i * kRgbaBytes];
    const uint32_t error = pixel_error(a, b);
    if (error > tolerance) {
      o[0] = static_cast<uint8_t>(std::min<uint32_t>(255, 128 + error));
      o[1] = o[2] = 0;
    } else {
      const uint32_t grey = (uint32_t{a[0]} + a[1] + a[2]) / 12;
      o[0] = o[1] = o[2] = static_cast<uint8_t>(grey);
    }
    o[3] = 255;
  }
  return out;
}

}  // namespace vgpu::replay
