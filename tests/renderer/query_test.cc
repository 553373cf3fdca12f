// Queries and the render condition (renderer/executor_query.cc, renderer/query.cc): encoded
// streams run on llvmpipe, results read back from the query resources as Mesa's virgl driver
// reads them (virgl_host_query_state) and from query buffers.
#include <gtest/gtest.h>

#include <bit>

#include "renderer/query.h"
#include "tests/renderer/query_streamout_fixture.h"

namespace vgpu::renderer::testing {
namespace {

constexpr uint32_t kVertices = 20, kQueryBuffer = 21, kQbo = 22;
constexpr uint32_t kOcclusionCounter = 0, kOcclusionPredicate = 1, kTimestamp = 2,
                   kTimeElapsed = 4, kPrimitivesGenerated = 5, kSoStatistics = 7,
                   kConservativePredicate = 11;
constexpr uint32_t kObjectQuery = 9;

virgl::CreateQuery create_query(uint32_t handle, uint32_t type, uint32_t resource,
                                uint32_t offset = 0) {
  virgl::CreateQuery q;
  q.handle = handle;
  q.query_type = type;
  q.resource = resource;
  q.offset = offset;
  return q;
}

class QueryTest : public GlStreamTest {
 protected:
  // Vertex buffer kVertices holds kFullTriangle then kClippedTriangle; kQueryBuffer (64 bytes)
  // receives host query states.
  void SetUp() override {
    GlStreamTest::SetUp();
    buffer(kVertices, 2 * sizeof(kFullTriangle));
    std::array<float, 24> both{};
    std::copy(kFullTriangle.begin(), kFullTriangle.end(), both.begin());
    std::copy(kClippedTriangle.begin(), kClippedTriangle.end(), both.begin() + 12);
    upload(kVertices, both);
    buffer(kQueryBuffer, 64);
    submit(pipeline(kVertices));
  }
  static virgl::DrawVbo full() { return draw(kPrimTriangles, 3); }
  static virgl::DrawVbo clipped() {
    virgl::DrawVbo d = draw(kPrimTriangles, 3);
    d.start = 3;
    return d;
  }
  // Runs `d` inside query `handle`, then asks for its result.
  void measure(uint32_t handle, const virgl::DrawVbo& d) {
    virgl::Encoder enc;
    enc.add(virgl::BeginQuery{{handle}});
    enc.add(d);
    enc.add(virgl::EndQuery{{handle}});
    enc.add(virgl::GetQueryResult{handle, 1});
    submit(enc);
  }
  HostQueryState host_state(uint32_t offset = 0) {
    const auto bytes = read(kQueryBuffer, 64, 1, 1);
    HostQueryState s;
    std::memcpy(&s, bytes.data() + offset, sizeof(s));
    return s;
  }
};

TEST_F(QueryTest, OcclusionCounterWritesTheDoneStateAndTheSampleCount) {
  virgl::Encoder enc;
  enc.add(create_query(30, kOcclusionCounter, kQueryBuffer, 16));
  submit(enc);
  measure(30, full());
  HostQueryState s = host_state(16);
  EXPECT_EQ(s.state, kQueryStateDone);
  EXPECT_EQ(s.result_size, 4u);
  EXPECT_EQ(s.result, 16u * 16u) << "every pixel of the 16x16 target passed";
  EXPECT_EQ(host_state(0).state, 0u) << "only the query's own offset is written";
  measure(30, clipped());
  EXPECT_EQ(host_state(16).result, 0u);
  EXPECT_TRUE(no_diagnostics());
}

TEST_F(QueryTest, PredicatesSayWhetherAnySamplePassed) {
  virgl::Encoder enc;
  enc.add(create_query(30, kOcclusionPredicate, kQueryBuffer, 0));
  enc.add(create_query(31, kConservativePredicate, kQueryBuffer, 16));
  submit(enc);
  measure(30, full());
  measure(31, full());
  EXPECT_EQ(host_state(0).result, 1u);
  EXPECT_EQ(host_state(16).result, 1u);
  measure(30, clipped());
  EXPECT_EQ(host_state(0).result, 0u);
  EXPECT_TRUE(no_diagnostics());
}

TEST_F(QueryTest, PrimitivesGeneratedCountsPrimitivesThatAreClippedAway) {
  virgl::Encoder enc;
  enc.add(create_query(30, kPrimitivesGenerated, kQueryBuffer, 0));
  enc.add(virgl::BeginQuery{{30}});
  enc.add(full());
  enc.add(clipped());
  enc.add(virgl::EndQuery{{30}});
  enc.add(virgl::GetQueryResult{30, 0});
  submit(enc);
  EXPECT_EQ(host_state().result, 2u);
  EXPECT_TRUE(no_diagnostics());
}

TEST_F(QueryTest, TimerQueriesHave64BitResults) {
  virgl::Encoder enc;
  enc.add(create_query(30, kTimestamp, kQueryBuffer, 0));
  enc.add(create_query(31, kTimeElapsed, kQueryBuffer, 16));
  enc.add(create_query(32, kTimestamp, kQueryBuffer, 32));
  enc.add(virgl::EndQuery{{30}});  // a timestamp has no BEGIN
  enc.add(virgl::GetQueryResult{30, 1});
  submit(enc);
  measure(31, full());
  virgl::Encoder later;
  later.add(virgl::EndQuery{{32}});
  later.add(virgl::GetQueryResult{32, 1});
  submit(later);
  const HostQueryState first = host_state(0), elapsed = host_state(16), second = host_state(32);
  EXPECT_EQ(first.result_size, 8u);
  EXPECT_EQ(elapsed.result_size, 8u);
  EXPECT_EQ(elapsed.state, kQueryStateDone);
  EXPECT_GT(first.result, 0u);
  EXPECT_GE(second.result, first.result) << "timestamps do not go backwards";
  EXPECT_TRUE(no_diagnostics());
}

TEST_F(QueryTest, QueryBufferObjectsReceiveResultsAndAvailability) {
  buffer(kQbo, 32);
  virgl::Encoder enc;
  enc.add(create_query(30, kOcclusionCounter, kQueryBuffer));
  submit(enc);
  measure(30, full());
  virgl::Encoder qbo;
  qbo.add(virgl::GetQueryResultQbo{30, kQbo, 1, 1 /* U32 */, 4, 0});
  qbo.add(virgl::GetQueryResultQbo{30, kQbo, 1, 3 /* U64 */, 8, 0});
  qbo.add(virgl::GetQueryResultQbo{30, kQbo, 0, 1 /* U32 */, 0, -1});
  submit(qbo);
  const auto words = read_buffer<uint32_t>(kQbo, 32);
  EXPECT_EQ(words[0], 1u) << "available";
  EXPECT_EQ(words[1], 256u);
  EXPECT_EQ(words[2], 256u) << "64-bit low word";
  EXPECT_EQ(words[3], 0u) << "64-bit high word";
  EXPECT_TRUE(no_diagnostics());
}

TEST_F(QueryTest, MisuseIsRejectedWithoutGlErrors) {
  buffer(kQbo, 8);
  virgl::Encoder enc;
  enc.add(create_query(30, kOcclusionCounter, kQueryBuffer));
  enc.add(create_query(31, kOcclusionCounter, kQueryBuffer, 16));
  enc.add(create_query(32, kOcclusionCounter, kQbo));  // 8 bytes < the 16 of the host state
  enc.add(create_query(33, kSoStatistics, kQueryBuffer));
  virgl::CreateQuery indexed = create_query(34, kOcclusionPredicate, kQueryBuffer);
  indexed.index = 1;
  enc.add(indexed);
  enc.add(virgl::EndQuery{{30}});
  enc.add(virgl::BeginQuery{{30}});
  enc.add(virgl::BeginQuery{{30}});
  enc.add(virgl::BeginQuery{{31}});
  enc.add(virgl::GetQueryResult{30, 1});
  enc.add(virgl::GetQueryResultQbo{30, kQbo, 1, 1, 0, 0});
  enc.add(virgl::DestroyObject{kObjectQuery, 30});
  enc.add(virgl::EndQuery{{30}});
  enc.add(virgl::GetQueryResultQbo{30, kQbo, 1, 3, 4, 0});  // 8 bytes at offset 4 of 8
  enc.add(virgl::DestroyObject{kObjectQuery, 30});
  enc.add(virgl::BeginQuery{{30}});
  submit(enc);
  EXPECT_TRUE(has_diagnostic("query result resource 22 has no 16 bytes at offset 0"));
  EXPECT_TRUE(has_diagnostic("query type 7 (SO_STATISTICS) is not implemented"));
  EXPECT_TRUE(has_diagnostic("index 1 is not a valid stream for a OCCLUSION_PREDICATE query"));
  EXPECT_TRUE(has_diagnostic("query 30 was not begun"));
  EXPECT_TRUE(has_diagnostic("query 30 is already active"));
  EXPECT_TRUE(has_diagnostic("another OCCLUSION_COUNTER query is active on stream 0"));
  EXPECT_TRUE(has_diagnostic("query 30 is active: its result is not known before END_QUERY"));
  EXPECT_TRUE(has_diagnostic("query 30 is active: END_QUERY must come first"));
  EXPECT_TRUE(has_diagnostic("query buffer 22 has no aligned 8 bytes at offset 4"));
  EXPECT_TRUE(has_diagnostic("query 30 does not exist")) << "destroyed once ended";
}

// Sub-contexts share their context's GL context, where one query per target can be active: a
// sub-context destroyed with an active query ends it, so the other sub-contexts can begin theirs.
TEST_F(QueryTest, ASubContextDestroyedWithAnActiveQueryReleasesItsTarget) {
  virgl::Encoder enc;
  enc.add(virgl::CreateSubCtx{{1}});
  enc.add(virgl::SetSubCtx{{1}});
  enc.add(create_query(30, kOcclusionCounter, kQueryBuffer));
  enc.add(virgl::BeginQuery{{30}});
  enc.add(virgl::SetSubCtx{{0}});
  enc.add(create_query(31, kOcclusionCounter, kQueryBuffer, 16));
  enc.add(virgl::BeginQuery{{31}});  // refused: sub-context 1's query is active
  enc.add(virgl::DestroySubCtx{{1}});
  submit(enc);
  EXPECT_TRUE(has_diagnostic("another OCCLUSION_COUNTER query is active on stream 0"));
  seen.clear();
  measure(31, full());
  EXPECT_EQ(host_state(16).result, 256u);
  EXPECT_TRUE(no_diagnostics());
}

// The render condition: a draw, a clear and a blit (when it asks for it) are dropped when the
// query saw no sample, and happen when it is inverted or off.
TEST_F(QueryTest, RenderConditionGatesDrawsClearsAndBlits) {
  virgl::Encoder enc;
  enc.add(create_query(30, kOcclusionPredicate, kQueryBuffer));
  submit(enc);
  measure(30, clipped());  // no sample passed: the condition is false
  virgl::SetRenderCondition wait{30, 0, 0};
  virgl::Encoder drawn;
  drawn.add(wait);
  drawn.add(full());
  submit(drawn);
  EXPECT_FALSE(red_at(8, 8)) << "the draw was dropped";
  virgl::Encoder inverted;
  inverted.add(virgl::SetRenderCondition{30, 1, 1 /* NO_WAIT */});
  inverted.add(full());
  submit(inverted);
  EXPECT_TRUE(red_at(8, 8)) << "inverted: the draw happened";

  virgl::Clear clear;
  clear.buffers = 4;  // colour 0 to transparent black
  virgl::Encoder clears;
  clears.add(wait);
  clears.add(clear);
  submit(clears);
  EXPECT_TRUE(red_at(8, 8)) << "the clear was dropped";

  resource(40, 2, kB8G8R8A8, 16, 16);  // transparent black
  virgl::Blit blit;
  blit.mask = 0xf;
  blit.dst = {kRenderTarget, 0, kB8G8R8A8, {0, 0, 0, 16, 16, 1}};
  blit.src = {40, 0, kB8G8R8A8, {0, 0, 0, 16, 16, 1}};
  blit.render_condition_enable = 1;
  virgl::Encoder blits;
  blits.add(blit);
  submit(blits);
  EXPECT_TRUE(red_at(8, 8)) << "the blit honouring the condition was dropped";
  blit.render_condition_enable = 0;
  virgl::Encoder unconditional;
  unconditional.add(blit);
  submit(unconditional);
  EXPECT_FALSE(red_at(8, 8)) << "a blit ignoring the condition happened";

  virgl::Encoder off;
  off.add(virgl::SetRenderCondition{0, 0, 0});
  off.add(full());
  submit(off);
  EXPECT_TRUE(red_at(8, 8)) << "condition off: the draw happened";
  EXPECT_TRUE(no_diagnostics());
}

TEST_F(QueryTest, RenderConditionNeedsAnOcclusionOrOverflowQuery) {
  virgl::Encoder enc;
  enc.add(create_query(30, kTimeElapsed, kQueryBuffer));
  enc.add(create_query(31, kOcclusionCounter, kQueryBuffer, 16));
  enc.add(virgl::SetRenderCondition{30, 0, 0});
  enc.add(virgl::SetRenderCondition{31, 0, 7});
  submit(enc);
  EXPECT_TRUE(has_diagnostic("a TIME_ELAPSED query cannot be a render condition"));
  EXPECT_TRUE(has_diagnostic("render condition mode 7 is unknown"));
}

}  // namespace
}  // namespace vgpu::renderer::testing
