// The pixel oracle: corpus traces replayed through the renderer, every readback compared
// byte for byte with what virgl_test_server 0.10.4 gave the guest during capture.
#include "tests/renderer/trace_oracle.h"

#include <gtest/gtest.h>

#include <cctype>
#include <cstdio>

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
}

// Every corpus trace: readbacks compared byte for byte, no GL error, no malformed stream.
class EveryTrace : public ::testing::TestWithParam<const char*> {};

TEST_P(EveryTrace, ReadbacksMatchTheCapturedHost) {
  const OracleReport rep = replay_and_compare(corpus(GetParam()), debug_options());
  ASSERT_TRUE(rep.error.empty()) << describe(rep);
  EXPECT_GE(rep.readbacks, 1u);
  EXPECT_EQ(rep.matching, rep.readbacks) << describe(rep);
  EXPECT_EQ(count_tier(rep, Diagnostic::Tier::GlError), 0u) << describe(rep);
  EXPECT_EQ(count_tier(rep, Diagnostic::Tier::MalformedStream), 0u) << describe(rep);
  std::printf("%s: %s\n", GetParam(), describe(rep).c_str());
}

INSTANTIATE_TEST_SUITE_P(Corpus, EveryTrace,
                         ::testing::Values("clear_readback.vtrc", "triangle.vtrc",
                                           "textured_quad.vtrc", "instanced_indexed.vtrc",
                                           "mrt_depth_stencil.vtrc", "animation.vtrc",
                                           "piglit-fs-const-index-three-dimensions.vtrc",
                                           "piglit-glsl-algebraic-add-add-1.vtrc"),
                         [](const auto& param_info) {
                           std::string name = param_info.param;
                           for (char& c : name) {
                             if (!std::isalnum(static_cast<unsigned char>(c))) c = '_';
                           }
                           return name;
                         });

}  // namespace
}  // namespace vgpu::renderer::testing
