#include "decoder/cursor.h"

#include <gtest/gtest.h>

namespace vgpu::virgl {
namespace {

TEST(Cursor, ReadsStopAtTheEndAndSayso) {
  const uint32_t words[3] = {1, 2, 3};
  Cursor c(words);
  EXPECT_EQ(c.read(), 1u);
  EXPECT_EQ(c.take(2).size(), 2u);
  EXPECT_FALSE(c.overrun());
  EXPECT_EQ(c.read(), 0u);
  EXPECT_TRUE(c.overrun());
  Cursor d(words);
  EXPECT_TRUE(d.take(4).empty());
  EXPECT_TRUE(d.overrun());
  EXPECT_EQ(d.remaining(), 3u);
}

// `known` is what the owner proved present; a claim larger than the buffer is not trusted.
TEST(Cursor, KnownWordsBeyondTheBufferAreNotTrusted) {
  const uint32_t words[3] = {1, 2, 3};
  Cursor c(words, 5);
  EXPECT_EQ(c.read(), 1u);
  EXPECT_EQ(c.read(), 2u);
  EXPECT_EQ(c.read(), 3u);
  EXPECT_FALSE(c.overrun());
  EXPECT_EQ(c.read(), 0u);
  EXPECT_TRUE(c.overrun());
  EXPECT_EQ(c.position(), 3u);
}

TEST(Cursor, KnownWordsReadLikeAnyOther) {
  const uint32_t words[4] = {1, 2, 3, 4};
  Cursor c(std::span<const uint32_t>(words, 3), 2);
  EXPECT_EQ(c.read(), 1u);
  EXPECT_EQ(c.read(), 2u);
  EXPECT_EQ(c.read(), 3u);  // past `known`, still inside the span
  EXPECT_EQ(c.read(), 0u);  // past the span: the fourth word is not visible
  EXPECT_TRUE(c.overrun());
}

TEST(Cursor, KnowIsIgnoredPastTheEnd) {
  const uint32_t words[2] = {7, 8};
  Cursor c(words);
  c.know(3);
  EXPECT_EQ(c.read(), 7u);
  EXPECT_EQ(c.read(), 8u);
  EXPECT_EQ(c.read(), 0u);
  EXPECT_TRUE(c.overrun());
  Cursor d(words);
  d.know(2);
  EXPECT_EQ(d.read(), 7u);
  EXPECT_EQ(d.read(), 8u);
  EXPECT_TRUE(d.empty());
  EXPECT_FALSE(d.overrun());
}

TEST(Cursor, TakeRestLeavesItEmpty) {
  const uint32_t words[3] = {1, 2, 3};
  Cursor c(words);
  (void)c.read();
  const auto rest = c.take_rest();
  ASSERT_EQ(rest.size(), 2u);
  EXPECT_EQ(rest[0], 2u);
  EXPECT_TRUE(c.empty());
  EXPECT_TRUE(c.take_rest().empty());
  EXPECT_FALSE(c.overrun());
}

}  // namespace
}  // namespace vgpu::virgl
