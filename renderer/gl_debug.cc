#include "renderer/gl_debug.h"

#include <epoxy/gl.h>

#include <string>

namespace vgpu::renderer {
namespace {

void GLAPIENTRY on_debug_message(GLenum /*source*/, GLenum type, GLuint /*id*/,
                                 GLenum /*severity*/, GLsizei length, const GLchar* message,
                                 const void* user) {
  // Performance notes and markers are not errors; undefined behaviour is.
  if (type != GL_DEBUG_TYPE_ERROR && type != GL_DEBUG_TYPE_UNDEFINED_BEHAVIOR) return;
  const auto* target = static_cast<const GlDebugTarget*>(user);
  std::string text = length >= 0 ? std::string(message, static_cast<size_t>(length))
                                 : std::string(message);
  target->log->add(Diagnostic::Tier::GlError, *target->origin, "GL: " + text);
}

}  // namespace

void install_debug_callback(GlDebugTarget& target) {
  glEnable(GL_DEBUG_OUTPUT);
  glEnable(GL_DEBUG_OUTPUT_SYNCHRONOUS);
  glDebugMessageCallback(on_debug_message, &target);
}

}  // namespace vgpu::renderer
