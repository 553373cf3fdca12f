#include "replay/frame_selection.h"

#include <gtest/gtest.h>

namespace vgpu::replay {
namespace {

TEST(FrameSelection, RangesAndSingles) {
  auto s = FrameSelection::parse("10-20,35");
  ASSERT_TRUE(s) << s.error().message;
  EXPECT_FALSE(s->contains(9));
  EXPECT_TRUE(s->contains(10));
  EXPECT_TRUE(s->contains(20));
  EXPECT_FALSE(s->contains(21));
  EXPECT_TRUE(s->contains(35));
  EXPECT_EQ(s->last(), 35u);
}

TEST(FrameSelection, OpenEndRunsToTheLastFrame) {
  auto s = FrameSelection::parse("3-");
  ASSERT_TRUE(s);
  EXPECT_TRUE(s->contains(1000000));
  EXPECT_FALSE(s->contains(2));
  EXPECT_EQ(s->last(), UINT64_MAX);
}

TEST(FrameSelection, BadTextSaysWhichPart) {
  for (const char* bad : {"", "0", "5-3", "a", "1,,2", "1-2-3", "-4", "99999999999999999999"}) {
    auto s = FrameSelection::parse(bad);
    ASSERT_FALSE(s) << bad;
    EXPECT_NE(s.error().message.find("frame selection"), std::string::npos) << bad;
  }
}

}  // namespace
}  // namespace vgpu::replay
