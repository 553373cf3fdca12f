// Gallium queries on GL query objects, and the render condition that reads them.
//
// Results reach the guest two ways:
//  - GET_QUERY_RESULT writes a virgl_host_query_state {u32 state, u32 result_size, u64 result}
//    into the query's own resource at its offset; Mesa's virgl driver marks it WAIT_HOST before
//    END_QUERY and polls (transfer from host) until it reads DONE.  Nothing here polls later, so
//    the result is always resolved at once (GL_QUERY_RESULT, waiting for the GPU if needed),
//    whatever the command's wait flag: a guest that asked without waiting merely gets it early.
//  - GET_QUERY_RESULT_QBO has GL write the value straight into a buffer (ARB_query_buffer_object),
//    honouring the wait flag, since the guest reads that buffer like any other.
#pragma once

#include <epoxy/gl.h>

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "decoder/payloads_objects.h"
#include "renderer/resource.h"

namespace vgpu::renderer {

// What one virgl query type (VIRGL_QUERY_*, the order of decoder/protocol.h kQueryTypeNames)
// becomes in GL.
struct QueryType {
  uint32_t virgl = 0;
  std::string_view name;
  GLenum target = 0;               // 0: not implemented
  bool timer = false;              // 64-bit result (result_size 8)
  bool counter = false;            // no BEGIN: END records the value (glQueryCounter)
  bool per_stream = false;         // index = vertex stream (glBeginQueryIndexed)
  bool can_condition = false;      // GL accepts it for glBeginConditionalRender
};

// The type, or nullptr for unknown ids; `target == 0` for known types GL cannot serve here.
[[nodiscard]] const QueryType* find_query_type(uint32_t virgl_type);

// virgl_host_query_state, as Mesa's virgl driver reads it from the query resource.
struct HostQueryState {
  uint32_t state = 0;  // VIRGL_QUERY_STATE_*
  uint32_t result_size = 0;
  uint64_t result = 0;
};
static_assert(sizeof(HostQueryState) == 16);
inline constexpr uint32_t kQueryStateDone = 1;  // VIRGL_QUERY_STATE_DONE (virgl_protocol.h)
inline constexpr uint32_t kMaxVertexStreams = 4;

struct QueryObject {
  virgl::CreateQuery state;
  const QueryType* type = nullptr;
  std::shared_ptr<Resource> result;  // where GET_QUERY_RESULT writes for the guest
  GLuint gl = 0;
  bool active = false;      // between BEGIN_QUERY and END_QUERY
  bool has_result = false;  // ended at least once: GL holds a result

  QueryObject() = default;
  QueryObject(const QueryObject&) = delete;
  QueryObject& operator=(const QueryObject&) = delete;
  ~QueryObject();  // ends the query first if active: GL would leave it active, nameless
};

// Why CREATE_OBJECT(QUERY) cannot be served with `result` as its resource (empty: it can).
[[nodiscard]] std::string check_query(const virgl::CreateQuery& cmd, const QueryType* type,
                                      const Resource& result);
// Why `query` cannot be begun now (empty: it can).  GL allows one active query per target and
// stream in a GL context, which all sub-contexts of a virgl context share, so GL is asked.
[[nodiscard]] std::string check_begin(const QueryObject& query);
void begin_query(QueryObject& query);
void end_query(QueryObject& query);
// The final result (0 for a query never ended); `query` must not be active.
[[nodiscard]] uint64_t query_result(const QueryObject& query);
// Writes the DONE state with `result` into the query's resource.
void write_host_state(const QueryObject& query, uint64_t result);

// SET_RENDER_CONDITION's state; `query` null = render unconditionally.
struct RenderCondition {
  std::shared_ptr<QueryObject> query;
  GLenum mode = 0;  // GL_QUERY_WAIT... (INVERTED variants for condition = true)
};
// The GL mode for PIPE_RENDER_COND_* `mode` (WAIT 0, NO_WAIT 1, BY_REGION_WAIT 2,
// BY_REGION_NO_WAIT 3), or 0 when unknown.
[[nodiscard]] GLenum render_condition_mode(uint32_t mode, bool inverted);

// glBeginConditionalRender for the lifetime of the scope, around one draw, clear or blit: the
// condition is GL context state, and sub-contexts share the GL context, so it is never left on.
// A query that is active again, or never ended, cannot condition in GL: the command then renders
// (gallium leaves that case undefined).
class ConditionalRenderScope {
 public:
  ConditionalRenderScope(const RenderCondition& condition, bool enabled);
  ~ConditionalRenderScope();
  ConditionalRenderScope(const ConditionalRenderScope&) = delete;
  ConditionalRenderScope& operator=(const ConditionalRenderScope&) = delete;

 private:
  bool begun_ = false;
};

}  // namespace vgpu::renderer
