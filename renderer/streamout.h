// Stream-out (gallium) on GL transform feedback objects.
//
// Gallium binds targets with SET_STREAMOUT_TARGETS and an append bitmask, but Mesa's virgl
// driver always sends 0 (virgl_set_so_targets), so the bitmask cannot say "resume".  What Mesa's
// state tracker does instead: glBeginTransformFeedback sets targets (new target objects after
// every glEndTransformFeedback), pausing and ending set none, glResumeTransformFeedback sets the
// same target objects again.  So, as virglrenderer does, a SET of exactly the target objects of
// an earlier session resumes it (GL keeps the write position in its transform feedback object);
// any other SET starts a new StreamoutSession at the targets' offsets.
//
// GL's rules the session keeps (a hostile stream gets a diagnostic instead of a GL error):
//  - the session is begun at its first draw (glBeginTransformFeedback needs the draw's
//    primitive class and a program with varyings), then paused after every draw, so no state
//    change of a later command (program, another sub-context in the same GL context) ever meets
//    active capture; Mesa's GL refuses to resume with another program than the one begun with,
//    so a draw whose program differs is rejected;
//  - DRAW_VBO count_from_so: Mesa's virgl driver sends the byte size of the target to count
//    from (pipe_stream_output_target::buffer_size), not its handle; the most recently set
//    session with a target of that size is drawn with glDrawTransformFeedbackInstanced, which
//    needs the object ended: the session is ended then (Mesa only draws from a target after
//    glEndTransformFeedback, and makes new targets for the next Begin).  An ended session cannot
//    be resumed; a SET of its targets starts a new one at their offsets.
#pragma once

#include <epoxy/gl.h>

#include <array>
#include <cstdint>
#include <memory>
#include <string>

#include "renderer/resource.h"
#include "renderer/shader/glsl_translator.h"

namespace vgpu::renderer {

class StreamoutSession;
struct ShaderObject;

inline constexpr uint32_t kMaxStreamoutBuffers = 4;  // GL_MAX_TRANSFORM_FEEDBACK_BUFFERS (4.0)

struct StreamoutTargetObject {
  std::shared_ptr<Resource> buffer;
  uint32_t offset = 0, size = 0;
  // The session this target last captured in: an append SET resumes it, a count_from_so draw
  // draws what it captured.
  std::shared_ptr<StreamoutSession> session;
};

class StreamoutSession {
 public:
  using Targets = std::array<std::shared_ptr<StreamoutTargetObject>, kMaxStreamoutBuffers>;
  // Creates the GL object with the targets' ranges bound (the owning context must be current).
  explicit StreamoutSession(const Targets& targets);
  ~StreamoutSession();  // ends capture if begun and not ended (GL cannot delete an active one)
  StreamoutSession(const StreamoutSession&) = delete;
  StreamoutSession& operator=(const StreamoutSession&) = delete;

  // True when `targets` are exactly this session's, in the same slots, and it can resume.
  // (Sessions and targets reference each other one way only: targets hold their session.)
  [[nodiscard]] bool resumable_with(const Targets& targets) const;

  // Why a draw of `mode` (PIPE_PRIM_*) with `program`, whose last vertex stage is `last`,
  // cannot capture (empty: it can, or captures nothing because `last` declares no outputs).
  [[nodiscard]] std::string check_draw(const ShaderObject& last, GLuint program,
                                       uint32_t mode) const;
  // Around the draw call (the program in use): begins or resumes, then pauses.
  void before_draw(const ShaderObject& last, GLuint program, uint32_t mode);
  void after_draw();

  // For DRAW_VBO count_from_so: how many vertices buffer 0 can hold (0 if capture never began:
  // nothing to draw), bounding the draw's vertex fetches; then the GL object to draw from,
  // capture ended first as glDrawTransformFeedback requires.
  [[nodiscard]] uint64_t max_vertices() const;
  [[nodiscard]] bool has_target_of_size(uint32_t bytes) const;
  [[nodiscard]] GLuint end_for_drawing();

 private:
  enum class State { NotBegun, Paused, Ended };
  GLuint xfb_ = 0;
  std::array<const StreamoutTargetObject*, kMaxStreamoutBuffers> slots_{};  // identity only
  std::array<std::shared_ptr<Resource>, kMaxStreamoutBuffers> buffers_;  // kept while bound
  std::array<uint32_t, kMaxStreamoutBuffers> sizes_{};
  State state_ = State::NotBegun;
  GLuint program_ = 0;
  GLenum primitive_ = 0;
  std::array<uint32_t, kMaxStreamoutBuffers> target_sizes_{};  // as the guest gave them
  std::array<uint32_t, kMaxStreamoutBuffers> strides_{};       // dwords per vertex, as begun
  bool capturing_ = false;      // between before_draw and after_draw
};

// The stream-output layout CREATE_OBJECT(SHADER) gave `shader`, ordered by buffer then offset
// as glTransformFeedbackVaryings needs (gallium leaves the order to the state tracker).
[[nodiscard]] shader::StreamOutputInfo stream_output_info(const ShaderObject& shader);

}  // namespace vgpu::renderer
