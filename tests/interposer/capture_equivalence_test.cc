// tests/interposer/capture_equivalence.h: what the proxy/interposer comparison forgives, and
// that it still catches real differences.
#include "tests/interposer/capture_equivalence.h"

#include <gtest/gtest.h>

namespace vgpu::interposer::testing {
namespace {

RecordedEvent ev(std::string kind, std::string fields, std::vector<uint8_t> payload = {}) {
  return {std::move(kind), std::move(fields), std::move(payload)};
}

TEST(CaptureEquivalence, ContextIdsAreRenumberedAndFencesAndSyncsDropped) {
  const std::vector<RecordedEvent> proxy = {
      ev("ContextCreate", "ctx=5 capset=0"), ev("SyncCreate", "sync=1 value=0"),
      ev("Submit", "ctx=5 dwords=2", {1, 2, 3, 4}), ev("FenceCreate", "ctx=0 fence=1")};
  const std::vector<RecordedEvent> interposer = {
      ev("ContextCreate", "ctx=1 capset=0"), ev("FenceCreate", "ctx=0 fence=9"),
      ev("Submit", "ctx=1 dwords=2", {1, 2, 3, 4})};
  EXPECT_EQ(first_difference(proxy, interposer), std::nullopt);
  const auto n = normalized(proxy);
  ASSERT_EQ(n.size(), 2u);
  EXPECT_EQ(n[1].fields, "ctx=c1 dwords=2");
}

TEST(CaptureEquivalence, DifferentBytesAreReported) {
  const std::vector<RecordedEvent> proxy = {ev("Submit", "ctx=5 dwords=1", {1, 2, 3, 4})};
  const std::vector<RecordedEvent> interposer = {ev("Submit", "ctx=1 dwords=1", {1, 2, 3, 5})};
  const auto diff = first_difference(proxy, interposer);
  ASSERT_TRUE(diff.has_value());
  EXPECT_NE(diff->find("same fields, different bytes"), std::string::npos) << *diff;
}

TEST(CaptureEquivalence, DifferentContextStructureIsReported) {
  // Two contexts on one side, one context on the other: renumbering must not hide it.
  const std::vector<RecordedEvent> proxy = {ev("Submit", "ctx=5"), ev("Submit", "ctx=6")};
  const std::vector<RecordedEvent> interposer = {ev("Submit", "ctx=1"), ev("Submit", "ctx=1")};
  EXPECT_TRUE(first_difference(proxy, interposer).has_value());
}

TEST(CaptureEquivalence, AMissingEventIsReported) {
  const std::vector<RecordedEvent> proxy = {ev("ContextCreate", "ctx=1"), ev("FrameEnd", "frame=0")};
  const std::vector<RecordedEvent> interposer = {ev("ContextCreate", "ctx=2")};
  const auto diff = first_difference(proxy, interposer);
  ASSERT_TRUE(diff.has_value());
  EXPECT_NE(diff->find("the proxy recorded 1 more"), std::string::npos) << *diff;
}

}  // namespace
}  // namespace vgpu::interposer::testing
