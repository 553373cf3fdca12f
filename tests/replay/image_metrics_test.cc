#include "replay/image_metrics.h"

#include <gtest/gtest.h>

#include <cmath>

namespace vgpu::replay {
namespace {

TEST(ImageMetrics, IdenticalImagesHaveInfinitePsnr) {
  RgbaImage a = make_image(4, 4);
  const ImageMetrics m = compare_images(a, a, 0);
  EXPECT_TRUE(std::isinf(m.psnr_db));
  EXPECT_EQ(m.max_channel_error, 0u);
  EXPECT_TRUE(m.within(0));
}

TEST(ImageMetrics, CountsPixelsBeyondTolerance) {
  RgbaImage a = make_image(2, 2), b = make_image(2, 2);
  b.at(0, 0)[1] = 3;   // within tolerance 3
  b.at(1, 1)[2] = 10;  // beyond
  const ImageMetrics m = compare_images(a, b, 3);
  EXPECT_EQ(m.max_channel_error, 10u);
  EXPECT_EQ(m.pixels_beyond_tolerance, 1u);
  EXPECT_FALSE(m.within(3));
  EXPECT_TRUE(m.within(10));
  // MSE over 16 samples: (9 + 100) / 16.
  EXPECT_NEAR(m.psnr_db, 10 * std::log10(255.0 * 255.0 / (109.0 / 16)), 1e-9);
  const RgbaImage diff = diff_image(a, b, 3);
  EXPECT_EQ(diff.at(1, 1)[0], 138);  // red, 128 + error
  EXPECT_EQ(diff.at(0, 0)[0], 0);    // within: dimmed reference (black)
}

TEST(ImageMetrics, DifferentSizesAreReportedNotCompared) {
  const ImageMetrics m = compare_images(make_image(2, 2), make_image(2, 3), 0);
  EXPECT_FALSE(m.same_size);
  EXPECT_FALSE(m.within(255));
  EXPECT_TRUE(diff_image(make_image(2, 2), make_image(2, 3), 0).empty());
}

}  // namespace
}  // namespace vgpu::replay
