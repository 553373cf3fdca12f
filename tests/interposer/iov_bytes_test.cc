// capture/interposer/iov_bytes.h: flat byte ranges over an iovec list.
#include "capture/interposer/iov_bytes.h"

#include <gtest/gtest.h>

#include <array>
#include <numeric>

namespace vgpu::interposer {
namespace {

class IovBytesTest : public ::testing::Test {
 protected:
  IovBytesTest() {
    std::iota(memory_.begin(), memory_.end(), uint8_t{0});
    iov_ = {{{memory_.data(), 10}, {nullptr, 99}, {memory_.data() + 10, 20}, {memory_.data() + 30, 34}}};
  }
  std::array<uint8_t, 64> memory_{};
  std::array<iovec, 4> iov_{};
  std::vector<uint8_t> scratch_;
};

TEST_F(IovBytesTest, SizeSkipsNullEntries) {
  const IovBytes bytes(iov_.data(), iov_.size());
  EXPECT_EQ(bytes.size(), 64u);
  EXPECT_TRUE(IovBytes(nullptr, 3).empty());
}

TEST_F(IovBytesTest, RangeInsideOneIovecIsAViewWithoutCopy) {
  const IovBytes bytes(iov_.data(), iov_.size());
  const auto v = bytes.view(12, 5, scratch_);
  ASSERT_EQ(v.size(), 5u);
  EXPECT_EQ(v.data(), memory_.data() + 12);
  EXPECT_TRUE(scratch_.empty());
}

TEST_F(IovBytesTest, RangeAcrossIovecsIsGathered) {
  const IovBytes bytes(iov_.data(), iov_.size());
  const auto v = bytes.view(5, 40, scratch_);
  ASSERT_EQ(v.size(), 40u);
  EXPECT_EQ(v.data(), scratch_.data());
  for (size_t i = 0; i < v.size(); ++i) EXPECT_EQ(v[i], 5 + i) << i;
}

TEST_F(IovBytesTest, RangeIsClampedToTheEnd) {
  const IovBytes bytes(iov_.data(), iov_.size());
  EXPECT_EQ(bytes.view(60, 100, scratch_).size(), 4u);
  EXPECT_TRUE(bytes.view(64, 1, scratch_).empty());
  EXPECT_TRUE(bytes.view(UINT64_MAX, UINT64_MAX, scratch_).empty());
}

}  // namespace
}  // namespace vgpu::interposer
