// Stream-out (renderer/executor_streamout.cc, renderer/streamout.cc): the shader's so_info
// becomes transform feedback varyings, targets capture, pause and resume, and count_from_so
// draws what was captured; results read back from the target buffers.
#include <gtest/gtest.h>

#include "tests/renderer/query_streamout_fixture.h"

namespace vgpu::renderer::testing {
namespace {

constexpr uint32_t kVertices = 20, kCapture = 21, kCapture2 = 22, kQueryBuffer = 23;
constexpr uint32_t kTarget = 40, kTarget2 = 41;
constexpr uint32_t kRegPosition = 0, kRegGeneric = 1;
constexpr float kSentinel = -7.0f;

virgl::StreamOutput output(uint32_t reg, uint32_t start, uint32_t components, uint32_t buffer,
                           uint32_t dst_offset) {
  return {reg, start, components, buffer, dst_offset, 0};
}

class StreamoutTest : public GlStreamTest {
 protected:
  void SetUp() override {
    GlStreamTest::SetUp();
    buffer(kVertices, sizeof(kFullTriangle));
    upload(kVertices, kFullTriangle);
  }
  // The pipeline with a vertex shader streaming `outputs` with `strides` (dwords).
  void pipeline_with(std::initializer_list<virgl::StreamOutput> outputs,
                     std::array<uint32_t, 4> strides) {
    virgl::CreateShader vs = shader_packet(kVertexShader, virgl::ShaderStage::VERTEX, kVertexText);
    for (const auto& o : outputs) vs.so_outputs.push_back(o);
    vs.so_strides = strides;
    submit(pipeline(kVertices, &vs));
  }
  // Buffer `id` of `floats` floats, all kSentinel, and a target on all of it.
  void capture_buffer(uint32_t id, uint32_t target, uint32_t floats) {
    buffer(id, floats * 4);
    upload(id, std::vector<float>(floats, kSentinel));
    virgl::Encoder enc;
    enc.add(virgl::CreateStreamoutTarget{target, id, 0, floats * 4});
    submit(enc);
  }
  static virgl::SetStreamoutTargets targets(std::initializer_list<uint32_t> handles,
                                            uint32_t append = 0) {
    virgl::SetStreamoutTargets t;
    t.append_bitmask = append;
    for (uint32_t h : handles) t.targets.push_back(h);
    return t;
  }
  static virgl::DrawVbo points(uint32_t start, uint32_t count) {
    virgl::DrawVbo d = draw(kPrimPoints, count);
    d.start = start;
    return d;
  }
  std::vector<float> floats(uint32_t id, uint32_t count) { return read_buffer<float>(id, count * 4); }
};

TEST_F(StreamoutTest, CapturesTheVertexShaderOutputs) {
  pipeline_with({output(kRegGeneric, 0, 4, 0, 0)}, {4, 0, 0, 0});
  capture_buffer(kCapture, kTarget, 12);
  virgl::Encoder enc;
  enc.add(targets({kTarget}));
  enc.add(draw(kPrimTriangles, 3));
  enc.add(targets({}));
  submit(enc);
  const auto got = floats(kCapture, 12);
  for (size_t i = 0; i < got.size(); ++i) EXPECT_EQ(got[i], 2 * kFullTriangle[i]) << i;
  EXPECT_TRUE(red_at(8, 8)) << "capture does not stop rasterisation";
  EXPECT_TRUE(no_diagnostics());
}

// POSITION.yz at dword 1 of a 4-dword stride in buffer 0 (gaps before and after), GENERIC.w
// alone in buffer 1: gaps keep their old contents.
TEST_F(StreamoutTest, GapsStridesAndSeveralBuffersFollowTheSoInfo) {
  pipeline_with({output(kRegGeneric, 3, 1, 1, 0), output(kRegPosition, 1, 2, 0, 1)},
                {4, 1, 0, 0});
  capture_buffer(kCapture, kTarget, 12);
  capture_buffer(kCapture2, kTarget2, 3);
  virgl::Encoder enc;
  enc.add(targets({kTarget, kTarget2}));
  enc.add(draw(kPrimTriangles, 3));
  enc.add(targets({}));
  submit(enc);
  const auto first = floats(kCapture, 12), second = floats(kCapture2, 3);
  for (size_t v = 0; v < 3; ++v) {
    EXPECT_EQ(first[4 * v + 0], kSentinel) << v;
    EXPECT_EQ(first[4 * v + 1], kFullTriangle[4 * v + 1]) << v;
    EXPECT_EQ(first[4 * v + 2], kFullTriangle[4 * v + 2]) << v;
    EXPECT_EQ(first[4 * v + 3], kSentinel) << v;
    EXPECT_EQ(second[v], 2 * kFullTriangle[4 * v + 3]) << v;
  }
  EXPECT_TRUE(no_diagnostics());
}

// Mesa pauses with no targets and resumes by setting the same target objects again (its virgl
// driver sends no append bits): capture continues after the last vertex.  New target objects,
// which Mesa makes for every glBeginTransformFeedback after an end, start at their offset.
TEST_F(StreamoutTest, TheSameTargetsResumeCaptureAndNewTargetsStartOver) {
  pipeline_with({output(kRegPosition, 0, 1, 0, 0)}, {1, 0, 0, 0});
  capture_buffer(kCapture, kTarget, 4);
  virgl::Encoder enc;
  enc.add(targets({kTarget}));
  enc.add(points(0, 1));
  enc.add(targets({}));
  enc.add(points(2, 1));  // not captured: paused
  enc.add(targets({kTarget}));
  enc.add(points(1, 2));
  enc.add(targets({}));
  submit(enc);
  auto got = floats(kCapture, 4);
  EXPECT_EQ(got[0], kFullTriangle[0]);
  EXPECT_EQ(got[1], kFullTriangle[4]);
  EXPECT_EQ(got[2], kFullTriangle[8]);
  EXPECT_EQ(got[3], kSentinel);
  virgl::Encoder again;
  again.add(virgl::CreateStreamoutTarget{kTarget2, kCapture, 0, 16});
  again.add(targets({kTarget2}));
  again.add(points(2, 1));
  again.add(targets({}));
  submit(again);
  got = floats(kCapture, 4);
  EXPECT_EQ(got[0], kFullTriangle[8]) << "started over at the new target's offset";
  EXPECT_EQ(got[1], kFullTriangle[4]);
  EXPECT_TRUE(no_diagnostics());
}

// Built-in outputs other than the position are read back for capture too (piglit's
// ext_transform_feedback-builtin-varyings gl_ClipDistance).
TEST_F(StreamoutTest, ClipDistancesCanBeCaptured) {
  virgl::CreateShader vs = shader_packet(
      kVertexShader, virgl::ShaderStage::VERTEX,
      "VERT\nPROPERTY NUM_CLIPDIST_ENABLED 2\nDCL IN[0]\nDCL OUT[0], POSITION\n"
      "DCL OUT[1], CLIPDIST\nIMM[0] FLT32 { 0.2500, 0.5000, 0.0000, 0.0000}\n"
      "  0: MOV OUT[0], IN[0]\n  1: MOV OUT[1].xy, IMM[0]\n  2: END\n");
  vs.so_outputs.push_back(output(1, 0, 2, 0, 0));
  vs.so_strides = {2, 0, 0, 0};
  submit(pipeline(kVertices, &vs));
  capture_buffer(kCapture, kTarget, 6);
  virgl::Encoder enc;
  enc.add(targets({kTarget}));
  enc.add(draw(kPrimTriangles, 3));
  enc.add(targets({}));
  submit(enc);
  const auto got = floats(kCapture, 6);
  for (size_t v = 0; v < 3; ++v) {
    EXPECT_EQ(got[2 * v], 0.25f) << v;
    EXPECT_EQ(got[2 * v + 1], 0.5f) << v;
  }
  EXPECT_TRUE(no_diagnostics());
}

TEST_F(StreamoutTest, CountFromSoDrawsTheCapturedVertices) {
  pipeline_with({output(kRegPosition, 0, 4, 0, 0)}, {4, 0, 0, 0});
  capture_buffer(kCapture, kTarget, 16);  // room for 4 vertices, 3 captured
  capture_buffer(kCapture2, kTarget2, 12);  // set later, but of another size
  virgl::Encoder capture;
  capture.add(targets({kTarget}));
  capture.add(draw(kPrimTriangles, 3));
  capture.add(targets({}));
  capture.add(targets({kTarget2}));
  capture.add(targets({}));
  virgl::Clear clear;
  clear.buffers = 4;
  capture.add(clear);
  virgl::SetVertexBuffers vbs;
  vbs.buffers.push_back({16, 0, kCapture});
  capture.add(vbs);
  virgl::DrawVbo from_so = draw(kPrimTriangles, 0);
  from_so.count_from_so = 64;  // Mesa sends the target's byte size, not its handle
  capture.add(from_so);
  submit(capture);
  EXPECT_TRUE(red_at(8, 8)) << "the captured triangle was drawn";
  EXPECT_TRUE(no_diagnostics());
}

TEST_F(StreamoutTest, PrimitivesEmittedAndOverflowQueriesSeeCapture) {
  pipeline_with({output(kRegPosition, 0, 4, 0, 0)}, {4, 0, 0, 0});
  capture_buffer(kCapture, kTarget, 10);  // room for 2 whole vertices: a triangle overflows
  buffer(kQueryBuffer, 32);
  virgl::Encoder enc;
  enc.add(virgl::CreateQuery{30, 6 /* PRIMITIVES_EMITTED */, 0, 0, kQueryBuffer});
  enc.add(virgl::CreateQuery{31, 12 /* SO_OVERFLOW_ANY_PREDICATE */, 0, 16, kQueryBuffer});
  enc.add(targets({kTarget}));
  enc.add(virgl::BeginQuery{{30}});
  enc.add(virgl::BeginQuery{{31}});
  enc.add(points(0, 2));
  enc.add(draw(kPrimPoints, 3));  // the buffer is full: none of these fits
  enc.add(virgl::EndQuery{{30}});
  enc.add(virgl::EndQuery{{31}});
  enc.add(targets({}));
  enc.add(virgl::GetQueryResult{30, 1});
  enc.add(virgl::GetQueryResult{31, 1});
  submit(enc);
  const auto results = read_buffer<uint64_t>(kQueryBuffer, 32);
  EXPECT_EQ(results[1], 2u) << "two points were written before the buffer was full";
  EXPECT_EQ(results[3], 1u) << "the overflow was seen";
  const auto got = floats(kCapture, 10);
  EXPECT_EQ(got[8], kSentinel) << "nothing written past the last whole vertex";
  EXPECT_TRUE(no_diagnostics());
}

TEST_F(StreamoutTest, InvalidTargetsAndDrawsAreRejected) {
  pipeline_with({output(kRegPosition, 0, 4, 1, 0)}, {0, 4, 0, 0});
  capture_buffer(kCapture, kTarget, 16);
  virgl::Encoder enc;
  enc.add(virgl::CreateStreamoutTarget{50, kCapture, 2, 8});
  enc.add(virgl::CreateStreamoutTarget{51, kCapture, 0, 128});
  enc.add(targets({kTarget, 0, 0, 0, kTarget}));
  enc.add(targets({kTarget}));
  enc.add(draw(kPrimTriangles, 3));  // writes buffer 1: no target there
  enc.add(targets({0, kTarget}));
  enc.add(draw(kPrimTriangles, 3));
  virgl::DrawVbo from_so = draw(kPrimTriangles, 0);
  from_so.count_from_so = 64;
  enc.add(from_so);  // drawn from while capturing
  from_so.count_from_so = 60;
  enc.add(from_so);  // no target of that size
  enc.add(points(0, 1));  // another primitive class than the session began with
  submit(enc);
  EXPECT_TRUE(has_diagnostic("stream-out range 2+8 is not dword aligned or holds no dword"));
  EXPECT_TRUE(has_diagnostic("range 0+128 is outside buffer 21"));
  EXPECT_TRUE(has_diagnostic("stream-out slot 4 is past the 4 this renderer offers"));
  EXPECT_TRUE(has_diagnostic("stream output buffer 1 has no target"));
  EXPECT_TRUE(has_diagnostic("the stream-out target of 64 bytes is drawn from while it captures"));
  EXPECT_TRUE(has_diagnostic("count_from_so 60 is the size of no stream-out target that was set"));
  EXPECT_TRUE(has_diagnostic("primitive 0 is not of the class stream-out began with"));
}

// Gallium may give a buffer a stride and no output: GL then fills it with skipped components,
// and Begin would fail without a buffer there.
TEST_F(StreamoutTest, ABufferReachedOnlyByItsStrideNeedsATarget) {
  pipeline_with({output(kRegPosition, 0, 4, 1, 0)}, {2, 4, 0, 0});
  capture_buffer(kCapture, kTarget, 16);
  capture_buffer(kCapture2, kTarget2, 8);
  virgl::Encoder enc;
  enc.add(targets({0, kTarget}));
  enc.add(draw(kPrimTriangles, 3));
  enc.add(targets({kTarget2, kTarget}));
  enc.add(draw(kPrimTriangles, 3));
  enc.add(targets({}));
  submit(enc);
  EXPECT_TRUE(has_diagnostic("stream output buffer 0 has no target"));
  EXPECT_EQ(floats(kCapture, 16)[4], kFullTriangle[4]) << "captured once buffer 0 had a target";
  EXPECT_EQ(floats(kCapture2, 8)[0], kSentinel) << "buffer 0 is only skipped";
}

// GL resumes capture only with the program it began with: a draw after the shaders changed
// is refused, not turned into a GL error.
TEST_F(StreamoutTest, ChangingShadersWhilePausedIsRejected) {
  pipeline_with({output(kRegPosition, 0, 4, 0, 0)}, {4, 0, 0, 0});
  capture_buffer(kCapture, kTarget, 16);
  virgl::Encoder enc;
  enc.add(targets({kTarget}));
  enc.add(points(0, 1));
  enc.add(shader_packet(60, virgl::ShaderStage::FRAGMENT,
                        "FRAG\nDCL OUT[0], COLOR\nIMM[0] FLT32 { 0.0000, 1.0000, 0.0000, 1.0000}\n"
                        "  0: MOV OUT[0], IMM[0]\n  1: END\n"));
  enc.add(virgl::BindShader{60, 1});
  enc.add(points(1, 1));
  submit(enc);
  EXPECT_TRUE(has_diagnostic("the shaders changed while stream-out was paused"));
  EXPECT_EQ(floats(kCapture, 8)[4], kSentinel) << "the refused draw captured nothing";
}

}  // namespace
}  // namespace vgpu::renderer::testing
