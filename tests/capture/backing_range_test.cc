// capture/backing_range.h: which bytes of a backing a transfer touches, as an upper bound that
// stays inside the backing.
#include "capture/backing_range.h"

#include <gtest/gtest.h>

namespace vgpu::capture {
namespace {

constexpr uint32_t kBuffer = 0;     // PIPE_BUFFER
constexpr uint32_t kTexture2d = 2;  // PIPE_TEXTURE_2D
constexpr uint32_t kTexture3d = 3;

TransferShape shape(uint32_t target, uint32_t stride, uint32_t layer_stride, uint32_t w, uint32_t h,
                    uint32_t d, uint64_t offset) {
  return {target, stride, layer_stride, w, h, d, offset};
}

TEST(BackingRange, BufferWithoutStrideIsItsByteWidth) {
  const BackingRange r = backing_range(shape(kBuffer, 0, 0, 64, 1, 1, 16), 256);
  EXPECT_EQ(r.offset, 16u);
  EXPECT_EQ(r.size, 64u);
  EXPECT_TRUE(r.exact);
}

TEST(BackingRange, RowsOfTheGivenStride) {
  // 8x4 RGBA8 box in a 64-wide texture: 4 rows of 256 bytes.
  const BackingRange r = backing_range(shape(kTexture2d, 256, 0, 8, 4, 1, 1024), 64 * 64 * 4);
  EXPECT_EQ(r.offset, 1024u);
  EXPECT_EQ(r.size, 4u * 256);
  EXPECT_TRUE(r.exact);
}

TEST(BackingRange, LayersOfTheGivenLayerStride) {
  const BackingRange r = backing_range(shape(kTexture3d, 64, 4096, 16, 8, 3, 0), 1 << 20);
  EXPECT_EQ(r.size, 2u * 4096 + 8 * 64);
  EXPECT_TRUE(r.exact);
}

TEST(BackingRange, ZeroHeightAndDepthCountAsOne) {
  const BackingRange r = backing_range(shape(kTexture2d, 128, 0, 4, 0, 0, 0), 4096);
  EXPECT_EQ(r.size, 128u);
}

TEST(BackingRange, ClampedToTheBacking) {
  const BackingRange r = backing_range(shape(kTexture2d, 256, 0, 64, 64, 1, 4096), 8192);
  EXPECT_EQ(r.offset, 4096u);
  EXPECT_EQ(r.size, 4096u);  // 16 KiB asked, 4 KiB left
}

TEST(BackingRange, OffsetAtOrPastTheEndIsEmpty) {
  EXPECT_EQ(backing_range(shape(kBuffer, 0, 0, 4, 1, 1, 256), 256).size, 0u);
  EXPECT_EQ(backing_range(shape(kBuffer, 0, 0, 4, 1, 1, ~uint64_t{0}), 256).size, 0u);
  EXPECT_EQ(backing_range(shape(kBuffer, 0, 0, 4, 1, 1, 0), 0).size, 0u);
}

TEST(BackingRange, MissingStrideRunsToTheEndOfTheBacking) {
  // A texture transfer that leaves the stride to the host: no bound without a format table.
  const BackingRange r = backing_range(shape(kTexture2d, 0, 0, 8, 8, 1, 100), 4096);
  EXPECT_EQ(r.offset, 100u);
  EXPECT_EQ(r.size, 3996u);
  EXPECT_FALSE(r.exact);
}

TEST(BackingRange, SeveralLayersWithoutLayerStrideRunToTheEnd) {
  const BackingRange r = backing_range(shape(kTexture3d, 64, 0, 8, 8, 2, 0), 4096);
  EXPECT_EQ(r.size, 4096u);
  EXPECT_FALSE(r.exact);
}

TEST(BackingRange, HugeBoxIsClampedNotWrapped) {
  // Largest values in every field: the product is far past 2^32 and must not wrap.
  const BackingRange r =
      backing_range(shape(kTexture3d, 0xffffffffu, 0xffffffffu, 0xffffffffu, 0xffffffffu,
                          0xffffffffu, 0), 4096);
  EXPECT_EQ(r.size, 4096u);
}

TEST(BackingRange, SumPastTwoToThe64IsClampedNotWrapped) {
  // (depth - 1) * layer_stride + height * stride = (2^32 - 2)(2^32 - 1) + 6 * 2^31 = 2^64 + 2:
  // the true extent is past the end of any backing, so the range is the whole rest of it.  A
  // 64-bit sum that wraps gives 2 bytes instead, and capture would then record 2 bytes of a
  // transfer that reads the whole backing.
  const BackingRange r =
      backing_range(shape(kTexture3d, 1u << 31, 0xffffffffu, 1, 6, 0xffffffffu, 0), 4096);
  EXPECT_EQ(r.size, 4096u);
}

}  // namespace
}  // namespace vgpu::capture
