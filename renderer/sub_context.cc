#include "renderer/sub_context.h"

namespace vgpu::renderer {

SubContext::SubContext() {
  glCreateFramebuffers(1, &framebuffer);
  glCreateVertexArrays(1, &vertex_array);
  glCreateFramebuffers(1, &blit_read);
  glCreateFramebuffers(1, &blit_draw);
  glCreateBuffers(1, &constant_buffers);
  glNamedBufferStorage(constant_buffers, kConstantBufferBytes, nullptr, GL_DYNAMIC_STORAGE_BIT);
  const uint8_t zero = 0;
  glClearNamedBufferData(constant_buffers, GL_R8UI, GL_RED_INTEGER, GL_UNSIGNED_BYTE, &zero);
}

SubContext::~SubContext() {
  glDeleteFramebuffers(1, &framebuffer);
  glDeleteVertexArrays(1, &vertex_array);
  glDeleteFramebuffers(1, &blit_read);
  glDeleteFramebuffers(1, &blit_draw);
  glDeleteBuffers(1, &constant_buffers);
}

}  // namespace vgpu::renderer
