// How far a replayed image is from its reference: the three figures replay reports per frame
// (the ones apitrace's diff-images and Mesa CI's trace pages show) and a diff image to look at.
#pragma once

#include <cstdint>

#include "replay/rgba_image.h"

namespace vgpu::replay {

struct ImageMetrics {
  bool same_size = true;
  uint32_t max_channel_error = 0;  // largest |ref - ours| over every channel of every pixel
  uint64_t pixels = 0;
  uint64_t pixels_beyond_tolerance = 0;  // pixels with a channel error above the tolerance
  double psnr_db = 0;                    // infinity for identical images
  [[nodiscard]] bool within(uint32_t tolerance) const {
    return same_size && max_channel_error <= tolerance;
  }
};

// Compares two images of the same size (metrics.same_size is false otherwise, nothing else set).
[[nodiscard]] ImageMetrics compare_images(const RgbaImage& reference, const RgbaImage& replayed,
                                          uint32_t tolerance);

// A picture of the differences: pixels within the tolerance are the reference dimmed to a
// quarter, grey; pixels beyond are red, brighter the larger the error.  Empty if sizes differ.
[[nodiscard]] RgbaImage diff_image(const RgbaImage& reference, const RgbaImage& replayed,
                                   uint32_t tolerance);

}  // namespace vgpu::replay
