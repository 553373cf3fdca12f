#include "replay/gl_identity.h"

#include <epoxy/egl.h>
#include <epoxy/gl.h>

namespace vgpu::replay {
namespace {

std::string gl_string(GLenum name) {
  const auto* text = reinterpret_cast<const char*>(glGetString(name));
  return text ? text : "";
}

}  // namespace

BackendIdentity current_gl_identity(std::string name) {
  BackendIdentity id{std::move(name), "", "", ""};
  if (eglGetCurrentContext() != EGL_NO_CONTEXT) {
    id.gl_vendor = gl_string(GL_VENDOR);
    id.gl_renderer = gl_string(GL_RENDERER);
    id.gl_version = gl_string(GL_VERSION);
  }
  return id;
}

}  // namespace vgpu::replay
