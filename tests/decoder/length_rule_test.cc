#include "decoder/length_rule.h"

#include <gtest/gtest.h>

#include <string>

namespace vgpu::virgl {
namespace {

// The wording every "payload length N is not ..." message ends with.
TEST(LengthRule, DescribesEveryKind) {
  EXPECT_EQ(exact(8).describe(), "exactly 8");
  EXPECT_EQ(at_least(12).describe(), "at least 12");
  EXPECT_EQ(one_of(1, 3).describe(), "1 or 3");
  EXPECT_EQ(one_of(12, 14, 20).describe(), "12, 14 or 20");
  EXPECT_EQ(array(1, 6, 16).describe(), "1 + 6*n (n <= 16)");
  EXPECT_EQ(array(0, 3, 32).describe(), "3*n (n <= 32)");
  EXPECT_EQ(array(2, 1, 8).describe(), "2 + n (n <= 8)");
  EXPECT_EQ(array(8, 2, 4, 1).describe(), "8 + 2*n (1 <= n <= 4)");
  EXPECT_EQ(any().describe(), "any");
  EXPECT_EQ(by_object_type().describe(), "by object type");
}

TEST(LengthRule, DescribeToAppends) {
  std::string out = "payload length 7 is not ";
  array(1, 2, 16).describe_to(out);
  EXPECT_EQ(out, "payload length 7 is not 1 + 2*n (n <= 16)");
}

TEST(LengthRule, MinimumLengths) {
  EXPECT_EQ(exact(8).min_length(), 8u);
  EXPECT_EQ(at_least(12).min_length(), 12u);
  EXPECT_EQ(one_of(12, 14, 20).min_length(), 12u);
  EXPECT_EQ(array(8, 2, 4, 1).min_length(), 10u);
  EXPECT_EQ(array(1, 6, 16).min_length(), 1u);
  EXPECT_EQ(any().min_length(), 0u);
}

// Lengths from 256 up are not in the bitmap: only "at least" and "any" rules take them.
TEST(LengthSet, LengthsPastTheBitmap) {
  EXPECT_TRUE(LengthSet(at_least(2)).contains(256));
  EXPECT_TRUE(LengthSet(at_least(2)).contains(0xffff));
  EXPECT_TRUE(LengthSet(any()).contains(300));
  EXPECT_FALSE(LengthSet(array(2, 1, 32)).contains(256));
  EXPECT_FALSE(LengthSet(exact(11)).contains(267));
  EXPECT_TRUE(LengthSet(array(2, 1, 32)).contains(34));
  EXPECT_FALSE(LengthSet(array(2, 1, 32)).contains(35));
}

}  // namespace
}  // namespace vgpu::virgl
