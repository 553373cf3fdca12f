#include "renderer/sub_context.h"

namespace vgpu::renderer {

SubContext::SubContext(UniformStream& ring) : uniforms(ring) {
  glCreateFramebuffers(1, &framebuffer);
  glCreateVertexArrays(1, &vertex_array);
  glCreateFramebuffers(1, &blit_read);
  glCreateFramebuffers(1, &blit_draw);
}

SubContext::~SubContext() {
  glDeleteFramebuffers(1, &framebuffer);
  glDeleteVertexArrays(1, &vertex_array);
  glDeleteFramebuffers(1, &blit_read);
  glDeleteFramebuffers(1, &blit_draw);
}

}  // namespace vgpu::renderer
