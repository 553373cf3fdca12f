// capture/interposer/pixel_size.h: bytes per pixel from the names of formats.def.
#include "capture/interposer/pixel_size.h"

#include <gtest/gtest.h>

namespace vgpu::interposer {
namespace {

TEST(PixelSize, WholeBytePixelsFromTheirNames) {
  EXPECT_EQ(pixel_size(1), 4u);    // B8G8R8A8_UNORM
  EXPECT_EQ(pixel_size(7), 2u);    // B5G6R5_UNORM
  EXPECT_EQ(pixel_size(9), 1u);    // L8_UNORM
  EXPECT_EQ(pixel_size(19), 4u);   // Z24_UNORM_S8_UINT
  EXPECT_EQ(pixel_size(27), 32u);  // R64G64B64A64_FLOAT
  EXPECT_EQ(pixel_size(31), 16u);  // R32G32B32A32_FLOAT
}

TEST(PixelSize, NoSizeForBlocksYuvAndUnknownIds) {
  EXPECT_EQ(pixel_size(0), 0u);   // NONE
  EXPECT_EQ(pixel_size(14), 0u);  // UYVY
  EXPECT_EQ(pixel_size(9999), 0u);
}

}  // namespace
}  // namespace vgpu::interposer
