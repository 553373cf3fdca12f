// Stream-out (gallium) on GL transform feedback objects.
//
// Gallium binds targets with SET_STREAMOUT_TARGETS; a target set with its append bit continues
// where it stopped, otherwise it starts at its offset.  Mesa sets targets at
// glBeginTransformFeedback, sets none to pause or end (it cannot say which), and sets the same
// targets with every append bit to resume.  GL keeps the write position in a transform feedback
// object, so one StreamoutSession (one GL object) lives from a non-append SET to the next one:
// an all-append SET of exactly the session's targets resumes it.
//
// GL's rules the session keeps (a hostile stream gets a diagnostic instead of a GL error):
//  - the session is begun at its first draw (glBeginTransformFeedback needs the draw's
//    primitive class and a program with varyings), then paused after every draw, so no state
//    change of a later command (program, another sub-context in the same GL context) ever meets
//    active capture; Mesa's GL refuses to resume with another program than the one begun with,
//    so a draw whose program differs is rejected;
//  - DRAW_VBO count_from_so draws with glDrawTransformFeedbackInstanced, which needs the object
//    ended: the session is ended then (Mesa only does this after glEndTransformFeedback).  An
//    ended session cannot be resumed; an append SET of its targets starts a new one at their
//    offsets (GL does not tell where capture stopped).
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
  uint32_t stride0_bytes_ = 0;  // buffer 0's vertex stride as begun
  bool capturing_ = false;      // between before_draw and after_draw
};

// The stream-output layout CREATE_OBJECT(SHADER) gave `shader`, ordered by buffer then offset
// as glTransformFeedbackVaryings needs (gallium leaves the order to the state tracker).
[[nodiscard]] shader::StreamOutputInfo stream_output_info(const ShaderObject& shader);

}  // namespace vgpu::renderer
