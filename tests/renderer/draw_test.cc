// DRAW_VBO in its forms: every primitive mode of the GL core profile, indirect draws (single,
// multi with a stride, with a count buffer, indexed), and the fetch checks that keep every
// vertex and instance read inside its buffer.
#include <gtest/gtest.h>

#include <ostream>
#include <string>
#include <vector>

#include "renderer/caps.h"
#include "tests/renderer/draw_fixture.h"

namespace vgpu::renderer::testing {
namespace {

using virgl::ShaderStage;

// Pixel centre of row/column 8 in NDC.
constexpr float kMid = 0.0625f;

class DrawModesTest : public DrawTest {
 protected:
  // Draws `vertices` (float3) as `mode` with the red FS; returns the readback.
  std::vector<uint8_t> draw_red(uint32_t mode, const std::vector<float>& vertices) {
    buffer(2, vertices);
    virgl::Encoder enc = pipeline(2);
    bind_shader(enc, 103, ShaderStage::FRAGMENT, kRedFragment);
    enc.add(draw(mode, static_cast<uint32_t>(vertices.size() / 3)));
    submit(enc);
    return read(1);
  }
  // Red pixels outside row 8.
  static size_t red_outside_row_8(const std::vector<uint8_t>& pixels) {
    size_t n = 0;
    for (uint32_t y = 0; y < kSize; ++y) {
      for (uint32_t x = 0; x < kSize && y != 8; ++x) n += red(pixels, x, y) == 0xff ? 1 : 0;
    }
    return n;
  }
};

TEST_F(DrawModesTest, PointsDrawOnePixel) {
  const auto pixels = draw_red(kPoints, {kMid, kMid, 0});
  EXPECT_EQ(red_pixels(pixels), 1u);
  EXPECT_EQ(red(pixels, 8, 8), 0xff);
}

// A mode and the float3 vertices it draws.  Named and printed by the mode (the default would
// print the vector's heap address, which changes between ctest's discovery and its runs).
struct ModeCase {
  uint32_t mode;
  std::vector<float> vertices;
};
void PrintTo(const ModeCase& c, std::ostream* os) { *os << virgl::kPrimitiveNames[c.mode]; }
std::string mode_name(const ::testing::TestParamInfo<ModeCase>& info) {
  return std::string(virgl::kPrimitiveNames[info.param.mode]);
}

class LineModes : public DrawModesTest, public ::testing::WithParamInterface<ModeCase> {};

// Each mode draws the one horizontal segment through row 8 (adjacency vertices are only read
// by a geometry shader, so they are put far away).
TEST_P(LineModes, DrawTheSegmentThroughRow8) {
  const auto pixels = draw_red(GetParam().mode, GetParam().vertices);
  EXPECT_FALSE(any_rejection());
  EXPECT_GE(red_pixels(pixels), 15u);
  EXPECT_EQ(red_outside_row_8(pixels), 0u);
}

INSTANTIATE_TEST_SUITE_P(
    Modes, LineModes,
    ::testing::Values(ModeCase{kLines, {-1, kMid, 0, 1, kMid, 0}},
                      ModeCase{kLineStrip, {-1, kMid, 0, 0, kMid, 0, 1, kMid, 0}},
                      ModeCase{kLineLoop, {-1, kMid, 0, 1, kMid, 0}},
                      ModeCase{kLinesAdjacency, {5, 5, 0, -1, kMid, 0, 1, kMid, 0, 5, 5, 0}},
                      ModeCase{kLineStripAdjacency,
                               {5, 5, 0, -1, kMid, 0, 1, kMid, 0, 5, 5, 0}}),
    mode_name);

class TriangleModes : public DrawModesTest, public ::testing::WithParamInterface<ModeCase> {};

TEST_P(TriangleModes, CoverTheTarget) {
  const auto pixels = draw_red(GetParam().mode, GetParam().vertices);
  EXPECT_FALSE(any_rejection());
  EXPECT_EQ(red_pixels(pixels), size_t{kSize} * kSize);
}

// Adjacency: the triangle is vertices 0, 2 and 4; 1, 3 and 5 are off the target.
const std::vector<float> kAdjacentTriangle = {-1, -1, 0, 9, 9, 0, 3, -1, 0,
                                              9, 9, 0, -1, 3, 0, 9, 9, 0};

INSTANTIATE_TEST_SUITE_P(Modes, TriangleModes,
                         ::testing::Values(ModeCase{kTriangles, kCoveringTriangle},
                                           ModeCase{kTriangleStrip, kCoveringTriangle},
                                           ModeCase{kTriangleFan, kCoveringTriangle},
                                           ModeCase{kTrianglesAdjacency, kAdjacentTriangle},
                                           ModeCase{kTriangleStripAdjacency,
                                                        kAdjacentTriangle}),
                         mode_name);

class IndirectDrawTest : public DrawTest {
 protected:
  // The covering triangle in buffer 2, red FS, commands in buffer 3.
  virgl::Encoder indirect_pipeline(const std::vector<uint32_t>& commands) {
    buffer(2, kCoveringTriangle);
    buffer(3, commands);
    virgl::Encoder enc = pipeline(2);
    bind_shader(enc, 103, ShaderStage::FRAGMENT, kRedFragment);
    return enc;
  }
  static virgl::DrawVbo indirect(uint32_t draw_count, uint32_t offset = 0, uint32_t stride = 0) {
    virgl::DrawVbo d = draw(kTriangles, 0);
    d.has_tess = d.has_indirect = true;
    d.indirect_resource = 3;
    d.indirect_offset = offset;
    d.indirect_stride = stride;
    d.indirect_draw_count = draw_count;
    return d;
  }
};

TEST_F(IndirectDrawTest, DrawsTheCommandInTheBuffer) {
  virgl::Encoder enc = indirect_pipeline({3, 1, 0, 0});  // count, instances, first, base instance
  enc.add(indirect(1));
  submit(enc);
  EXPECT_FALSE(any_rejection());
  EXPECT_EQ(red_pixels(read(1)), size_t{kSize} * kSize);
}

TEST_F(IndirectDrawTest, CommandsOutsideTheBufferAreRejected) {
  virgl::Encoder enc = indirect_pipeline({3, 1, 0, 0});
  enc.add(indirect(1, 4));        // 16 bytes from 4 end at 20 > 16
  enc.add(indirect(2, 0, 8));     // the second command ends at 24
  enc.add(indirect(1, 2));        // unaligned
  enc.add(indirect(0xffffffffu, 0, 0xfffffffcu));  // 64-bit end, no wrap
  submit(enc);
  EXPECT_TRUE(rejected("1 indirect commands from byte 4 (stride 16) end at byte 20"));
  EXPECT_TRUE(rejected("2 indirect commands from byte 0 (stride 8) end at byte 24"));
  EXPECT_TRUE(rejected("indirect offsets and stride must be multiples of 4"));
  EXPECT_TRUE(rejected("end at byte 18446744047939747864"));
  EXPECT_EQ(red_pixels(read(1)), 0u);
}

// Each command's fetches are checked as a direct draw's: count 4 reads a fourth vertex.
TEST_F(IndirectDrawTest, EveryCommandsFetchesAreChecked) {
  virgl::Encoder enc = indirect_pipeline({3, 1, 0, 0, 0, 0, 0, 0, 4, 1, 0, 0});
  enc.add(indirect(3, 0, 16));
  submit(enc);
  EXPECT_TRUE(rejected("fetches up to byte 48"));
  EXPECT_EQ(red_pixels(read(1)), 0u);
}

// The count buffer says how many of the commands are drawn: 1 of at most 3 here, so the bad
// third command is never drawn, and with a count of 3 it is rejected.
TEST_F(IndirectDrawTest, CountBufferLimitsTheCommands) {
  virgl::Encoder enc = indirect_pipeline({3, 1, 0, 0, 0, 0, 0, 0, 4, 1, 0, 0});
  buffer(4, std::vector<uint32_t>{7, 1, 3});
  virgl::DrawVbo d = indirect(3, 0, 16);
  d.indirect_draw_count_resource = 4;
  d.indirect_draw_count_offset = 4;
  enc.add(d);
  submit(enc);
  EXPECT_FALSE(any_rejection());
  EXPECT_EQ(red_pixels(read(1)), size_t{kSize} * kSize);
  virgl::Encoder again;
  d.indirect_draw_count_offset = 8;
  again.add(d);
  d.indirect_draw_count_offset = 12;
  again.add(d);
  submit(again);
  EXPECT_TRUE(rejected("fetches up to byte 48"));
  EXPECT_TRUE(rejected("indirect draw count at byte 12 is outside buffer 4"));
}

TEST_F(IndirectDrawTest, IndexedCommandsReadTheirIndices) {
  // count, instances, first index, base vertex, base instance.
  virgl::Encoder enc = indirect_pipeline({3, 1, 1, 0, 0, 3, 1, 1, 1, 0, 3, 1, 3, 0, 0});
  buffer(5, std::vector<uint32_t>{9, 0, 1, 2});
  enc.add(virgl::SetIndexBuffer{5, true, 4, 0});
  virgl::DrawVbo d = indirect(1);
  d.indexed = 1;
  enc.add(d);
  submit(enc);
  EXPECT_FALSE(any_rejection());
  EXPECT_EQ(red_pixels(read(1)), size_t{kSize} * kSize);
  virgl::Encoder again;
  d.indirect_offset = 20;  // base vertex 1: index 2 reads vertex 3
  again.add(d);
  d.indirect_offset = 40;  // indices 3..5 of a buffer of 4
  again.add(d);
  submit(again);
  EXPECT_TRUE(rejected("fetches up to byte 48"));
  EXPECT_TRUE(rejected("indirect command 0: indices at byte 12 + 3 are outside index buffer 5"));
}

// The indices of every indexed command are scanned, up to a bound: 65 commands over a 2^18
// index buffer ask for more than 2^24.
TEST_F(IndirectDrawTest, IndexScanningIsBounded) {
  constexpr uint32_t kIndices = 1u << 18;
  std::vector<uint32_t> commands;
  for (int i = 0; i < 65; ++i) commands.insert(commands.end(), {kIndices, 1, 0, 0, 0});
  virgl::Encoder enc = indirect_pipeline(commands);
  buffer(5, std::vector<uint32_t>(kIndices, 0));
  enc.add(virgl::SetIndexBuffer{5, true, 4, 0});
  virgl::DrawVbo d = indirect(64);
  d.indexed = 1;
  enc.add(d);
  submit(enc);
  EXPECT_FALSE(any_rejection()) << "64 x 2^18 = 2^24 indices are checked";
  virgl::Encoder again;
  d.indirect_draw_count = 65;
  again.add(d);
  submit(again);
  EXPECT_TRUE(rejected("indirect draws index more than 16777216 vertices"));
}

class FetchChecksTest : public DrawTest {};

// Instanced attributes advance from start_instance every `divisor` instances: start 2, divisor
// 2, 3 instances read elements 2, 2 and 3.
TEST_F(FetchChecksTest, InstancedFetchesStartAtTheBaseInstance) {
  buffer(2, kCoveringTriangle);
  buffer(3, std::vector<float>{0, 0, 0, 0, 0, 0, 1, 0, 0});  // element 2 is red
  virgl::Encoder enc = pipeline(2);
  bind_shader(enc, 103, ShaderStage::FRAGMENT, kGenericFragment);
  bind_shader(enc, 104, ShaderStage::VERTEX,
              "VERT\nDCL IN[0]\nDCL IN[1]\nDCL OUT[0], POSITION\nDCL OUT[1], GENERIC[0]\n"
              "IMM[0] FLT32 {0.0, 0.0, 0.0, 1.0}\n"
              "MOV OUT[0], IN[0]\nADD OUT[1], IN[1], IMM[0]\nEND\n");
  virgl::CreateVertexElements ve;
  ve.handle = 105;
  ve.elements.push_back({0, 0, 0, kR32G32B32Float});
  ve.elements.push_back({0, 2, 1, kR32G32B32Float});
  enc.add(ve);
  enc.add(virgl::BindObject{5 /* VERTEX_ELEMENTS */, 105});
  virgl::SetVertexBuffers vbs;
  vbs.buffers.push_back({12, 0, 2});
  vbs.buffers.push_back({12, 0, 3});
  enc.add(vbs);
  virgl::DrawVbo d = draw(kTriangles, 3);
  d.start_instance = 2;
  d.instance_count = 3;
  enc.add(d);
  submit(enc);
  EXPECT_TRUE(rejected("vertex element 1 fetches up to byte 48 of buffer 3 (36 bytes)"));
  EXPECT_EQ(red_pixels(read(1)), 0u);
  virgl::Encoder again;
  d.instance_count = 2;
  again.add(d);
  submit(again);
  EXPECT_EQ(red_pixels(read(1)), size_t{kSize} * kSize);
}

TEST_F(FetchChecksTest, NegativeBiasedIndicesAreRejected) {
  buffer(2, kCoveringTriangle);
  buffer(3, std::vector<uint16_t>{0, 1, 2});
  virgl::Encoder enc = pipeline(2);
  bind_shader(enc, 103, ShaderStage::FRAGMENT, kRedFragment);
  enc.add(virgl::SetIndexBuffer{3, true, 2, 0});
  virgl::DrawVbo d = draw(kTriangles, 3);
  d.indexed = 1;
  d.index_bias = -1;  // index 0 would read vertex -1, before the buffer's start
  enc.add(d);
  submit(enc);
  EXPECT_TRUE(rejected("index_bias -1 makes indices negative"));
  EXPECT_EQ(red_pixels(read(1)), 0u);
}

// What the capsets offer is what the draw path takes: every mode drawn above and no quads,
// 16 viewports (chosen by the GS, or the VS), tessellation and (multi, counted) indirect draws.
TEST(DrawCaps, OfferWhatDrawsImplement) {
  const CapsV2 caps = renderer_caps();
  for (uint32_t mode : {kPoints, kLineLoop, kTriangleFan, kLinesAdjacency, kLineStripAdjacency,
                        kTrianglesAdjacency, kTriangleStripAdjacency, kPatches}) {
    EXPECT_TRUE((caps.v1.prim_mask >> mode) & 1) << "mode " << mode;
  }
  for (uint32_t mode : {kQuads, kQuads + 1, kQuads + 2}) {
    EXPECT_FALSE((caps.v1.prim_mask >> mode) & 1) << "mode " << mode;
  }
  using B = virgl::CapsetBool;
  for (B b : {B::has_tessellation_shaders, B::has_indirect_draw}) {
    EXPECT_TRUE((caps.v1.bset >> static_cast<uint32_t>(b)) & 1);
  }
  EXPECT_GE(caps.v1.glsl_level, 150u) << "geometry shaders need GLSL 1.50";
  EXPECT_EQ(caps.v1.max_viewports, 16u);
  EXPECT_TRUE(caps.capability_bits & virgl::kCap::MULTI_DRAW_INDIRECT);
  EXPECT_TRUE(caps.capability_bits & virgl::kCap::INDIRECT_PARAMS);
  EXPECT_TRUE(caps.capability_bits_v2 & virgl::kCapV2::VS_VERTEX_LAYER);
  EXPECT_TRUE(caps.capability_bits_v2 & virgl::kCapV2::VS_VIEWPORT_INDEX);
}

}  // namespace

// Fuzzer findings: an instance count over INT32_MAX reached GL as a negative GLsizei (a GL
// error), and a valid draw of 67 million instances kept llvmpipe busy for 44 s.  Both are
// refused before GL sees them (draw_limits.h); so are indirect commands past the budget.
TEST_F(IndirectDrawTest, DrawsPastGlLimitsOrTheInvocationBudgetAreRefused) {
  virgl::Encoder enc = indirect_pipeline({3, 0x40000000u, 0, 0});
  virgl::DrawVbo huge_instances = draw(kTriangles, 3);
  huge_instances.instance_count = 0xffffff01u;
  enc.add(huge_instances);
  virgl::DrawVbo over_budget = draw(kTriangles, 3);
  over_budget.instance_count = 0x40000000u;  // 3 x 2^30 invocations > the 2^30 default budget
  enc.add(over_budget);
  enc.add(indirect(1));  // the same 3 x 2^30 as an indirect command
  submit(enc);
  EXPECT_TRUE(rejected("instance count 4294967041 exceeds GL's limit of 2147483647"));
  EXPECT_TRUE(rejected("3221225472 vertex invocations exceed the per-draw budget of 1073741824"));
  EXPECT_TRUE(rejected("indirect command 0: 3221225472 vertex invocations exceed"));
  EXPECT_EQ(red_pixels(read(1)), 0u);
}

}  // namespace vgpu::renderer::testing
