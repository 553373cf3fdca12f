#include "renderer/sub_context.h"

namespace vgpu::renderer {

SubContext::SubContext() {
  glCreateFramebuffers(1, &framebuffer);
  glCreateVertexArrays(1, &vertex_array);
  glCreateBuffers(1, &constant_buffers);
}

SubContext::~SubContext() {
  glDeleteFramebuffers(1, &framebuffer);
  glDeleteVertexArrays(1, &vertex_array);
  glDeleteBuffers(1, &constant_buffers);
}

}  // namespace vgpu::renderer
