#include "renderer/transfer_layout.h"

#include <gtest/gtest.h>

namespace vgpu::renderer {
namespace {

trace::ResourceCreate texture_2d(uint32_t w, uint32_t h, uint32_t last_level = 0) {
  trace::ResourceCreate a;
  a.res_id = 1;
  a.target = 2;
  a.width = w;
  a.height = h;
  a.depth = 1;
  a.array_size = 1;
  a.last_level = last_level;
  return a;
}

TEST(TransferLayout, ZeroStrideMeansTheLevelsRowPitch) {
  TransferLayout l;
  // The clear_readback trace's second readback: box 48x24 at (8,36) of a 64-wide BGRA target.
  ASSERT_EQ(layout_transfer(texture_2d(64, 64), 4, 0, {8, 36, 0, 48, 24, 1}, 0, 0, l), "");
  EXPECT_EQ(l.row_bytes, 192u);
  EXPECT_EQ(l.stride, 256u);
  EXPECT_EQ(l.layer_stride, 256u * 64);
  EXPECT_EQ(l.size, 23u * 256 + 192);
}

TEST(TransferLayout, ExplicitStridesAreKept) {
  TransferLayout l;
  ASSERT_EQ(layout_transfer(texture_2d(64, 64), 4, 0, {0, 0, 0, 4, 2, 1}, 100, 0, l), "");
  EXPECT_EQ(l.stride, 100u);
  EXPECT_EQ(l.size, 100u + 16);
}

TEST(TransferLayout, MipLevelsShrink) {
  TransferLayout l;
  ASSERT_EQ(layout_transfer(texture_2d(16, 8, 2), 4, 2, {0, 0, 0, 4, 2, 1}, 0, 0, l), "");
  EXPECT_EQ(l.stride, 16u);
  EXPECT_NE(layout_transfer(texture_2d(16, 8, 2), 4, 2, {0, 0, 0, 5, 2, 1}, 0, 0, l), "");
  EXPECT_NE(layout_transfer(texture_2d(16, 8, 2), 4, 3, {0, 0, 0, 1, 1, 1}, 0, 0, l), "");
}

TEST(TransferLayout, BoxesOutsideTheLevelAreRefusedWithTheReason) {
  TransferLayout l;
  const std::string why = layout_transfer(texture_2d(64, 64), 4, 0, {60, 0, 0, 8, 1, 1}, 0, 0, l);
  EXPECT_EQ(why, "box x 60 + 8 exceeds level 0 size 64");
  EXPECT_NE(layout_transfer(texture_2d(64, 64), 4, 0, {0, 0, 1, 1, 1, 1}, 0, 0, l), "");
  // A box whose end wraps around 2^32 must not pass as small.
  EXPECT_NE(layout_transfer(texture_2d(64, 64), 4, 0, {0xffffffffu, 0, 0, 2, 1, 1}, 0, 0, l), "");
}

TEST(TransferLayout, StridesBelowTheRowAreRefused) {
  TransferLayout l;
  EXPECT_NE(layout_transfer(texture_2d(64, 64), 4, 0, {0, 0, 0, 8, 2, 1}, 16, 0, l), "");
}

TEST(TransferLayout, HugeStridesDoNotWrap) {
  trace::ResourceCreate a = texture_2d(16, 16);
  a.target = 7;  // 2D array
  a.array_size = 16;
  TransferLayout l;
  // 64-bit arithmetic: the size is exact (and far beyond any backing, which callers check).
  EXPECT_EQ(layout_transfer(a, 4, 0, {0, 0, 0, 1, 1, 16}, 4, 0xffffffffu, l), "");
  EXPECT_EQ(l.size, 15 * 0xffffffffull + 4);
}

TEST(TransferLayout, RangeInside) {
  EXPECT_TRUE(range_inside(0, 16, 16));
  EXPECT_FALSE(range_inside(1, 16, 16));
  EXPECT_FALSE(range_inside(~0ull, 2, 16));
  EXPECT_FALSE(range_inside(17, 0, 16));
}


// A 4x4-block format of 16 bytes per block (DXT5, BPTC...): rows and strides count blocks.
constexpr TexelBlock kBlock16{4, 4, 16};

TEST(TransferLayout, CompressedRowsAndStridesCountBlocks) {
  TransferLayout l;
  // 8x8 texels at (4, 4) of a 20x12 level: 2x2 blocks, the level 5 blocks wide.
  ASSERT_EQ(layout_transfer(texture_2d(20, 12), kBlock16, 0, {4, 4, 0, 8, 8, 1}, 0, 0, l), "");
  EXPECT_EQ(l.rows, 2u);
  EXPECT_EQ(l.row_bytes, 32u);
  EXPECT_EQ(l.stride, 80u);
  EXPECT_EQ(l.layer_stride, 80u * 3);
  EXPECT_EQ(l.size, 80u + 32);
  // A box may end off the grid only at the level's edge (the 20x12 level ends at x 20).
  EXPECT_EQ(layout_transfer(texture_2d(20, 12), kBlock16, 0, {16, 8, 0, 4, 4, 1}, 0, 0, l), "");
  EXPECT_EQ(layout_transfer(texture_2d(18, 12), kBlock16, 0, {16, 0, 0, 2, 4, 1}, 0, 0, l), "");
  EXPECT_EQ(l.row_bytes, 16u);
  EXPECT_NE(layout_transfer(texture_2d(20, 12), kBlock16, 0, {2, 0, 0, 4, 4, 1}, 0, 0, l), "");
  EXPECT_NE(layout_transfer(texture_2d(20, 12), kBlock16, 0, {0, 0, 0, 6, 4, 1}, 0, 0, l), "");
  // A 2x2 mip level is one partial block.
  ASSERT_EQ(layout_transfer(texture_2d(8, 8, 2), kBlock16, 2, {0, 0, 0, 2, 2, 1}, 0, 0, l), "");
  EXPECT_EQ(l.size, 16u);
}

TEST(TransferLayout, CompressedStorageCountsPartialBlocks) {
  // 8x8: 4 blocks, 4x4: 1, 2x2: 1, 1x1: 1 -> 7 blocks.
  EXPECT_EQ(storage_bytes(texture_2d(8, 8, 3), kBlock16), 7u * 16);
  EXPECT_EQ(storage_bytes(texture_2d(8, 8, 3), TexelBlock{1, 1, 4}), (64u + 16 + 4 + 1) * 4);
}

}  // namespace
}  // namespace vgpu::renderer
