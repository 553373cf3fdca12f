// CREATE_OBJECT(QUERY), BEGIN_QUERY, END_QUERY, GET_QUERY_RESULT(_QBO), SET_RENDER_CONDITION.
// Every GL rule on queries (one active per target and stream, no result while active, no
// condition on an active query) is checked first, so a hostile stream meets a diagnostic, never
// a GL error.
#include "renderer/query.h"
#include "renderer/submit_executor.h"
#include "renderer/transfer_layout.h"

namespace vgpu::renderer {
namespace {

constexpr int32_t kAvailabilityIndex = -1;  // GET_QUERY_RESULT_QBO: write availability instead

std::string active_message(const QueryObject& q) {
  return "query " + std::to_string(q.state.handle) + " is active";
}

// PIPE_QUERY_TYPE_I32, U32, I64, U64: bytes written.
uint32_t qbo_value_bytes(uint32_t result_type) { return result_type < 2 ? 4 : 8; }

}  // namespace

void SubmitExecutor::on(const virgl::CreateQuery& cmd, const virgl::CommandLocation&) {
  take();
  auto res = attached(cmd.resource, "query result resource");
  if (!res) return;
  const QueryType* type = find_query_type(cmd.query_type);
  if (std::string why = check_query(cmd, type, *res); !why.empty()) {
    reject(why);
    return;
  }
  auto query = std::make_shared<QueryObject>();
  query->state = cmd;
  query->type = type;
  query->result = std::move(res);
  glCreateQueries(type->target, 1, &query->gl);
  insert(cmd.handle, std::move(query));
}

void SubmitExecutor::on(const virgl::BeginQuery& cmd, const virgl::CommandLocation&) {
  take();
  auto query = object<QueryObject>(cmd.query, "query");
  if (!query) return;
  if (std::string why = check_begin(*query); !why.empty()) {
    reject(why);
    return;
  }
  begin_query(*query);
}

void SubmitExecutor::on(const virgl::EndQuery& cmd, const virgl::CommandLocation&) {
  take();
  auto query = object<QueryObject>(cmd.query, "query");
  if (!query) return;
  if (!query->type->counter && !query->active) {
    reject("query " + std::to_string(cmd.query) + " was not begun");
    return;
  }
  end_query(*query);
}

void SubmitExecutor::on(const virgl::GetQueryResult& cmd, const virgl::CommandLocation&) {
  take();
  auto query = object<QueryObject>(cmd.query, "query");
  if (!query) return;
  if (query->active) {
    reject(active_message(*query) + ": its result is not known before END_QUERY");
    return;
  }
  write_host_state(*query, query_result(*query));
}

void SubmitExecutor::on(const virgl::GetQueryResultQbo& cmd, const virgl::CommandLocation&) {
  take();
  auto query = object<QueryObject>(cmd.query, "query");
  if (!query) return;
  auto qbo = attached(cmd.qbo_resource, "query buffer");
  if (!qbo) return;
  const uint32_t bytes = qbo_value_bytes(cmd.result_type);
  if (!qbo->is_buffer() || cmd.offset % 4 != 0 ||
      !range_inside(cmd.offset, bytes, qbo->args.width)) {
    reject("query buffer " + std::to_string(cmd.qbo_resource) + " has no aligned " +
           std::to_string(bytes) + " bytes at offset " + std::to_string(cmd.offset));
    return;
  }
  if (query->active) {
    reject(active_message(*query) + ": its result is not known before END_QUERY");
    return;
  }
  if (!query->has_result) {
    // GL keeps no result for a query never run: gallium's is 0, and available.
    const uint64_t value = cmd.index == kAvailabilityIndex ? 1 : 0;
    glNamedBufferSubData(qbo->gl_name, cmd.offset, bytes, &value);
    return;
  }
  const GLenum pname = cmd.index == kAvailabilityIndex ? GL_QUERY_RESULT_AVAILABLE
                       : cmd.wait != 0                 ? GL_QUERY_RESULT
                                                       : GL_QUERY_RESULT_NO_WAIT;
  const GLintptr at = cmd.offset;
  switch (cmd.result_type) {
    case 0: glGetQueryBufferObjectiv(query->gl, qbo->gl_name, pname, at); break;
    case 1: glGetQueryBufferObjectuiv(query->gl, qbo->gl_name, pname, at); break;
    case 2: glGetQueryBufferObjecti64v(query->gl, qbo->gl_name, pname, at); break;
    default: glGetQueryBufferObjectui64v(query->gl, qbo->gl_name, pname, at); break;
  }
}

void SubmitExecutor::on(const virgl::SetRenderCondition& cmd, const virgl::CommandLocation&) {
  take();
  RenderCondition& condition = sub().render_condition;
  if (cmd.query == 0) {
    condition = {};
    return;
  }
  auto query = object<QueryObject>(cmd.query, "query");
  if (!query) return;
  if (!query->type->can_condition) {
    reject("a " + std::string(query->type->name) + " query cannot be a render condition");
    return;
  }
  const GLenum mode = render_condition_mode(cmd.mode, cmd.condition != 0);
  if (mode == 0) {
    reject("render condition mode " + std::to_string(cmd.mode) + " is unknown");
    return;
  }
  condition.query = std::move(query);
  condition.mode = mode;
}

}  // namespace vgpu::renderer
