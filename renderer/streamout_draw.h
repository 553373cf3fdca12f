// What DRAW_VBO needs from stream-out: the checks, made with the draw's others before any GL
// call, and the GL calls around the draw call itself.
#pragma once

#include <epoxy/gl.h>

#include <cstdint>
#include <memory>
#include <string>

#include "decoder/payloads_draw.h"
#include "renderer/sub_context.h"

namespace vgpu::renderer {

struct StreamoutDraw {
  StreamoutSession* capture = nullptr;  // the sub-context's session, when targets are set
  const ShaderObject* last_stage = nullptr;
  GLuint program = 0;
  uint32_t mode = 0;
  // count_from_so: the session whose captured vertices are drawn, and how many it can hold.
  std::shared_ptr<StreamoutSession> source;
  uint64_t source_vertices = 0;
};

// Fills `out` for a draw of `cmd` with `program`, whose last vertex stage is `last`; a reason
// when stream-out state forbids the draw.
[[nodiscard]] std::string plan_streamout(const SubContext& sub, const virgl::DrawVbo& cmd,
                                         const ShaderObject& last, GLuint program,
                                         StreamoutDraw& out);

// Begins or resumes capture, issues the draw (glDrawTransformFeedbackInstanced for a
// count_from_so draw, `issue` otherwise), pauses capture.
template <class IssueDraw>
void draw_with_streamout(StreamoutDraw& so, const virgl::DrawVbo& cmd, IssueDraw&& issue) {
  if (so.capture) so.capture->before_draw(*so.last_stage, so.program, so.mode);
  if (so.source) {
    glDrawTransformFeedbackInstanced(static_cast<GLenum>(cmd.mode), so.source->end_for_drawing(),
                                     static_cast<GLsizei>(cmd.instance_count));
  } else {
    issue();
  }
  if (so.capture) so.capture->after_draw();
}

}  // namespace vgpu::renderer
