#include "replay/readback_decode.h"

#include <gtest/gtest.h>

namespace vgpu::replay {
namespace {

constexpr uint32_t kB8G8R8A8 = 1, kR8G8B8A8 = 67, kZ24S8 = 19;
constexpr uint32_t kDisplayTarget = 1u << 7, kRenderTarget = 1u << 1;

trace::ResourceCreate resource(uint32_t format, uint32_t bind) {
  trace::ResourceCreate r;
  r.res_id = 1, r.target = 2, r.format = format, r.bind = bind, r.width = 2, r.height = 2;
  r.depth = 1, r.array_size = 1;
  return r;
}

trace::Transfer whole(uint32_t stride) {
  trace::Transfer t;
  t.box = {0, 0, 0, 2, 2, 1};
  t.stride = stride;
  return t;
}

TEST(ReadbackDecode, DisplayTargetBgraIsTopFirst) {
  // Row 0 (top): blue, green; row 1: red, white.  Stride 12: 4 bytes of guest padding per row.
  const std::vector<uint8_t> bytes = {255, 0, 0, 255, 0, 255, 0, 255, 9, 9, 9, 9,
                                      0, 0, 255, 255, 255, 255, 255, 128};
  auto image = decode_readback(resource(kB8G8R8A8, kDisplayTarget), whole(12), bytes);
  ASSERT_TRUE(image) << image.error().message;
  EXPECT_EQ(std::vector<uint8_t>(image->at(0, 0), image->at(0, 0) + 4),
            (std::vector<uint8_t>{0, 0, 255, 255}));
  EXPECT_EQ(std::vector<uint8_t>(image->at(0, 1), image->at(0, 1) + 4),
            (std::vector<uint8_t>{255, 0, 0, 255}));
  EXPECT_EQ(image->at(1, 1)[3], 128);
}

TEST(ReadbackDecode, FboIsFlippedAndClampedRowIsBlack) {
  // GL orientation: row 0 in memory is the bottom row.  The last row is cut after one pixel.
  const std::vector<uint8_t> bytes = {1, 2, 3, 4, 5, 6, 7, 8, 10, 20, 30, 40};
  auto image = decode_readback(resource(kR8G8B8A8, kRenderTarget), whole(0), bytes);
  ASSERT_TRUE(image) << image.error().message;
  EXPECT_EQ(image->at(0, 1)[0], 1);   // bottom row
  EXPECT_EQ(image->at(1, 1)[0], 5);
  EXPECT_EQ(image->at(0, 0)[0], 10);  // top row, first pixel present
  EXPECT_EQ(image->at(1, 0)[3], 0);   // missing: transparent black
}

TEST(ReadbackDecode, RefusesWhatItCannotShow) {
  const std::vector<uint8_t> bytes(64);
  auto depth = decode_readback(resource(kZ24S8, kRenderTarget), whole(0), bytes);
  ASSERT_FALSE(depth);
  EXPECT_NE(depth.error().message.find("not decoded"), std::string::npos);
  auto narrow = decode_readback(resource(kR8G8B8A8, kRenderTarget), whole(4), bytes);
  ASSERT_FALSE(narrow);
  EXPECT_NE(narrow.error().message.find("stride"), std::string::npos);
}

}  // namespace
}  // namespace vgpu::replay
