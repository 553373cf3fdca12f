#include "renderer/query.h"

#include <array>

#include "decoder/protocol.h"
#include "renderer/transfer_layout.h"

namespace vgpu::renderer {
namespace {

// VIRGL_QUERY_* in protocol order.  TIMESTAMP_DISJOINT and GPU_FINISHED have no GL query;
// SO_STATISTICS and PIPELINE_STATISTICS have results of several values that
// virgl_host_query_state cannot carry (and the caps offer neither).
constexpr std::array<QueryType, 13> kQueryTypes = {{
    // virgl, name, GL target, timer, counter, per_stream, can_condition
    {0, "OCCLUSION_COUNTER", GL_SAMPLES_PASSED, false, false, false, true},
    {1, "OCCLUSION_PREDICATE", GL_ANY_SAMPLES_PASSED, false, false, false, true},
    {2, "TIMESTAMP", GL_TIMESTAMP, true, true, false, false},
    {3, "TIMESTAMP_DISJOINT", 0, false, false, false, false},
    {4, "TIME_ELAPSED", GL_TIME_ELAPSED, true, false, false, false},
    {5, "PRIMITIVES_GENERATED", GL_PRIMITIVES_GENERATED, false, false, true, false},
    {6, "PRIMITIVES_EMITTED", GL_TRANSFORM_FEEDBACK_PRIMITIVES_WRITTEN, false, false, true, false},
    {7, "SO_STATISTICS", 0, false, false, false, false},
    {8, "SO_OVERFLOW_PREDICATE", GL_TRANSFORM_FEEDBACK_STREAM_OVERFLOW, false, false, true, true},
    {9, "GPU_FINISHED", 0, false, false, false, false},
    {10, "PIPELINE_STATISTICS", 0, false, false, false, false},
    {11, "OCCLUSION_PREDICATE_CONSERVATIVE", GL_ANY_SAMPLES_PASSED_CONSERVATIVE, false, false,
     false, true},
    {12, "SO_OVERFLOW_ANY_PREDICATE", GL_TRANSFORM_FEEDBACK_OVERFLOW, false, false, false, true},
}};
static_assert(kQueryTypes.size() == virgl::kQueryTypeNames.size());

GLuint stream_of(const QueryObject& q) { return q.type->per_stream ? q.state.index : 0; }

}  // namespace

const QueryType* find_query_type(uint32_t virgl_type) {
  return virgl_type < kQueryTypes.size() ? &kQueryTypes[virgl_type] : nullptr;
}

std::string check_query(const virgl::CreateQuery& cmd, const QueryType* type,
                        const Resource& result) {
  if (type == nullptr || type->target == 0) {
    return "query type " + std::to_string(cmd.query_type) +
           (type ? " (" + std::string(type->name) + ")" : std::string()) + " is not implemented";
  }
  if (cmd.index >= (type->per_stream ? kMaxVertexStreams : 1)) {
    return "index " + std::to_string(cmd.index) + " is not a valid stream for a " +
           std::string(type->name) + " query";
  }
  if (!result.is_buffer() || !range_inside(cmd.offset, sizeof(HostQueryState), result.args.width)) {
    return "query result resource " + std::to_string(cmd.resource) + " has no " +
           std::to_string(sizeof(HostQueryState)) + " bytes at offset " +
           std::to_string(cmd.offset);
  }
  return {};
}

std::string check_begin(const QueryObject& query) {
  if (query.type->counter) return {};  // nothing to begin: END records the counter
  if (query.active) return "query " + std::to_string(query.state.handle) + " is already active";
  GLint current = 0;
  glGetQueryIndexediv(query.type->target, stream_of(query), GL_CURRENT_QUERY, &current);
  if (current != 0) {
    return "another " + std::string(query.type->name) + " query is active on stream " +
           std::to_string(stream_of(query));
  }
  return {};
}

QueryObject::~QueryObject() {
  if (active) end_query(*this);
  if (gl != 0) glDeleteQueries(1, &gl);
}

void begin_query(QueryObject& query) {
  if (query.type->counter) return;
  glBeginQueryIndexed(query.type->target, stream_of(query), query.gl);
  query.active = true;
}

void end_query(QueryObject& query) {
  if (query.type->counter) {
    glQueryCounter(query.gl, GL_TIMESTAMP);
  } else {
    glEndQueryIndexed(query.type->target, stream_of(query));
  }
  query.active = false;
  query.has_result = true;
}

uint64_t query_result(const QueryObject& query) {
  if (!query.has_result) return 0;
  GLuint64 value = 0;
  glGetQueryObjectui64v(query.gl, GL_QUERY_RESULT, &value);
  return value;
}

void write_host_state(const QueryObject& query, uint64_t result) {
  HostQueryState state;
  state.state = kQueryStateDone;
  state.result_size = query.type->timer ? 8 : 4;
  state.result = result;
  glNamedBufferSubData(query.result->gl_name, query.state.offset, sizeof(state), &state);
}

GLenum render_condition_mode(uint32_t mode, bool inverted) {
  constexpr std::array<std::array<GLenum, 2>, 4> kModes = {{
      {GL_QUERY_WAIT, GL_QUERY_WAIT_INVERTED},
      {GL_QUERY_NO_WAIT, GL_QUERY_NO_WAIT_INVERTED},
      {GL_QUERY_BY_REGION_WAIT, GL_QUERY_BY_REGION_WAIT_INVERTED},
      {GL_QUERY_BY_REGION_NO_WAIT, GL_QUERY_BY_REGION_NO_WAIT_INVERTED},
  }};
  return mode < kModes.size() ? kModes[mode][inverted ? 1 : 0] : 0;
}

ConditionalRenderScope::ConditionalRenderScope(const RenderCondition& condition, bool enabled) {
  const QueryObject* q = condition.query.get();
  if (!enabled || q == nullptr || q->active || !q->has_result) return;
  glBeginConditionalRender(q->gl, condition.mode);
  begun_ = true;
}

ConditionalRenderScope::~ConditionalRenderScope() {
  if (begun_) glEndConditionalRender();
}

}  // namespace vgpu::renderer
