// The pixel oracle: corpus traces replayed through the renderer, every readback compared
// byte for byte with what virgl_test_server 0.10.4 gave the guest during capture.
#include "tests/renderer/trace_oracle.h"

#include <gtest/gtest.h>

namespace vgpu::renderer::testing {
namespace {

std::filesystem::path corpus(const char* name) {
  return std::filesystem::path(VGPU_CORPUS_DIR) / "traces" / name;
}

Options debug_options() {
  Options o;
  o.debug_gl = true;
  return o;
}

size_t count_tier(const OracleReport& rep, Diagnostic::Tier tier) {
  size_t n = 0;
  for (const auto& d : rep.diagnostics) n += d.tier == tier;
  return n;
}

TEST(TraceOracle, ClearReadbackFirstFrameIsByteExact) {
  const OracleReport rep = replay_and_compare(corpus("clear_readback.vtrc"), debug_options());
  ASSERT_TRUE(rep.error.empty()) << describe(rep);
  ASSERT_GE(rep.readbacks, 1u) << describe(rep);
  // Frame 0 is a CLEAR of the whole 64x64 target read back whole.
  ASSERT_TRUE(rep.mismatches.empty() || rep.mismatches.front().event > 6) << describe(rep);
  EXPECT_EQ(count_tier(rep, Diagnostic::Tier::GlError), 0u) << describe(rep);
  EXPECT_EQ(count_tier(rep, Diagnostic::Tier::MalformedStream), 0u) << describe(rep);
  std::printf("%s\n", describe(rep).c_str());
}

}  // namespace
}  // namespace vgpu::renderer::testing
