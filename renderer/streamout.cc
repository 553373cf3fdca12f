#include "renderer/streamout.h"

#include <algorithm>

#include "renderer/state_objects.h"

namespace vgpu::renderer {
namespace {

// The primitive class glBeginTransformFeedback takes for a draw of PIPE_PRIM_* `mode` (points
// 0, lines 1-3, triangles 4-6; the draw handler refuses the others).
GLenum capture_primitive(uint32_t mode) {
  if (mode == 0) return GL_POINTS;
  return mode <= 3 ? GL_LINES : GL_TRIANGLES;
}

void end_capture(GLuint xfb) {
  glBindTransformFeedback(GL_TRANSFORM_FEEDBACK, xfb);
  glEndTransformFeedback();
  glBindTransformFeedback(GL_TRANSFORM_FEEDBACK, 0);
}

}  // namespace

StreamoutSession::StreamoutSession(const Targets& targets) {
  glCreateTransformFeedbacks(1, &xfb_);
  for (uint32_t i = 0; i < kMaxStreamoutBuffers; ++i) {
    const StreamoutTargetObject* t = targets[i].get();
    slots_[i] = t;
    if (t == nullptr) continue;
    buffers_[i] = t->buffer;
    target_sizes_[i] = t->size;
    sizes_[i] = t->size & ~3u;  // GL binds whole dwords (a partial one is never written)
    glTransformFeedbackBufferRange(xfb_, i, t->buffer->gl_name, t->offset, sizes_[i]);
  }
}

StreamoutSession::~StreamoutSession() {
  if (state_ == State::Paused) end_capture(xfb_);
  glDeleteTransformFeedbacks(1, &xfb_);
}

bool StreamoutSession::resumable_with(const Targets& targets) const {
  if (state_ == State::Ended) return false;
  for (uint32_t i = 0; i < kMaxStreamoutBuffers; ++i) {
    if (targets[i].get() != slots_[i]) return false;
    if (targets[i] && targets[i]->session.get() != this) return false;
  }
  return true;
}

std::string StreamoutSession::check_draw(const ShaderObject& last, GLuint program,
                                         uint32_t mode) const {
  const auto& outputs = last.header.so_outputs;
  if (outputs.empty()) return {};  // the shader writes no stream output: nothing is captured
  // GL needs a buffer for every binding the varyings reach: those with outputs, and those
  // before the last one that a stride alone fills with skipped components.
  uint32_t used = 0, highest = 0;
  for (const virgl::StreamOutput& o : outputs) {
    used |= 1u << (o.output_buffer & 7);
    highest = std::max(highest, o.output_buffer);
  }
  for (uint32_t b = 0; b <= highest; ++b) {
    const bool reached = ((used >> b) & 1) != 0 ||
                         (b < kMaxStreamoutBuffers && last.header.so_strides[b] != 0);
    if (reached && (b >= kMaxStreamoutBuffers || slots_[b] == nullptr)) {
      return "stream output buffer " + std::to_string(b) + " has no target";
    }
  }
  if (state_ == State::Ended) return "the stream-out targets were drawn from: set them again";
  if (state_ == State::Paused && program != program_) {
    return "the shaders changed while stream-out was paused (GL resumes capture only with the "
           "program it began with)";
  }
  if (state_ == State::Paused && capture_primitive(mode) != primitive_) {
    return "primitive " + std::to_string(mode) + " is not of the class stream-out began with";
  }
  return {};
}

void StreamoutSession::before_draw(const ShaderObject& last, GLuint program, uint32_t mode) {
  if (last.header.so_outputs.empty()) return;
  glBindTransformFeedback(GL_TRANSFORM_FEEDBACK, xfb_);
  if (state_ == State::NotBegun) {
    program_ = program;
    primitive_ = capture_primitive(mode);
    strides_ = last.header.so_strides;
    glBeginTransformFeedback(primitive_);
    state_ = State::Paused;
  } else {
    glResumeTransformFeedback();
  }
  capturing_ = true;
}

void StreamoutSession::after_draw() {
  if (!capturing_) return;
  glPauseTransformFeedback();
  glBindTransformFeedback(GL_TRANSFORM_FEEDBACK, 0);
  capturing_ = false;
}

// Capture stops when any buffer is full, so the fullest buffer bounds the vertex count.
uint64_t StreamoutSession::max_vertices() const {
  if (state_ == State::NotBegun) return 0;
  uint64_t bound = UINT64_MAX;
  for (uint32_t i = 0; i < kMaxStreamoutBuffers; ++i) {
    if (strides_[i] != 0 && slots_[i] != nullptr) {
      bound = std::min<uint64_t>(bound, sizes_[i] / (uint64_t{strides_[i]} * 4));
    }
  }
  return bound == UINT64_MAX ? 0 : bound;
}

bool StreamoutSession::has_target_of_size(uint32_t bytes) const {
  for (uint32_t i = 0; i < kMaxStreamoutBuffers; ++i) {
    if (slots_[i] != nullptr && target_sizes_[i] == bytes) return true;
  }
  return false;
}

GLuint StreamoutSession::end_for_drawing() {
  if (state_ == State::Paused) end_capture(xfb_);
  state_ = State::Ended;
  return xfb_;
}

shader::StreamOutputInfo stream_output_info(const ShaderObject& shader) {
  shader::StreamOutputInfo info;
  if (shader.stage == virgl::ShaderStage::FRAGMENT || shader.stage == virgl::ShaderStage::COMPUTE) {
    return info;
  }
  info.strides = shader.header.so_strides;
  info.outputs.assign(shader.header.so_outputs.begin(), shader.header.so_outputs.end());
  std::stable_sort(info.outputs.begin(), info.outputs.end(),
                   [](const virgl::StreamOutput& a, const virgl::StreamOutput& b) {
                     return a.output_buffer != b.output_buffer ? a.output_buffer < b.output_buffer
                                                               : a.dst_offset < b.dst_offset;
                   });
  return info;
}

}  // namespace vgpu::renderer
