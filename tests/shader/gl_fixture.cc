// EGL surfaceless context for the translator's tests: see gl_fixture.h.
#include "tests/shader/gl_fixture.h"

#include <epoxy/egl.h>

namespace vgpu::shader::testing {

void debug_callback(GLenum /*source*/, GLenum type, GLuint /*id*/, GLenum /*severity*/,
                    GLsizei length, const GLchar* message, const void* user) {
  if (type != GL_DEBUG_TYPE_ERROR) return;
  auto* self = static_cast<GlContext*>(const_cast<void*>(user));
  self->errors_.emplace_back(message, static_cast<size_t>(length));
}

GlContext* GlContext::get(std::string* why) {
  static GlContext* instance = nullptr;
  static std::string failure;
  static bool tried = false;
  if (tried) {
    if (!instance && why) *why = failure;
    return instance;
  }
  tried = true;
  EGLDisplay display =
      eglGetPlatformDisplayEXT(EGL_PLATFORM_SURFACELESS_MESA, EGL_DEFAULT_DISPLAY, nullptr);
  if (display == EGL_NO_DISPLAY || !eglInitialize(display, nullptr, nullptr) ||
      !eglBindAPI(EGL_OPENGL_API)) {
    failure = "EGL surfaceless display unavailable";
    if (why) *why = failure;
    return nullptr;
  }
  const EGLint attribs[] = {EGL_CONTEXT_MAJOR_VERSION, 4, EGL_CONTEXT_MINOR_VERSION, 5,
                            EGL_CONTEXT_OPENGL_PROFILE_MASK,
                            EGL_CONTEXT_OPENGL_CORE_PROFILE_BIT, EGL_CONTEXT_OPENGL_DEBUG,
                            EGL_TRUE, EGL_NONE};
  EGLContext context = eglCreateContext(display, EGL_NO_CONFIG_KHR, EGL_NO_CONTEXT, attribs);
  if (context == EGL_NO_CONTEXT ||
      !eglMakeCurrent(display, EGL_NO_SURFACE, EGL_NO_SURFACE, context)) {
    failure = "cannot create a GL 4.5 core context";
    if (why) *why = failure;
    return nullptr;
  }
  instance = new GlContext();  // lives for the process: GL state is per process here
  glEnable(GL_DEBUG_OUTPUT);
  glEnable(GL_DEBUG_OUTPUT_SYNCHRONOUS);
  glDebugMessageCallback(debug_callback, instance);
  return instance;
}

namespace {

// Appends the info log of a shader or program whose status is false; returns the status.
bool check(GLuint object, GLenum status_name, void (*get_iv)(GLuint, GLenum, GLint*),
           void (*get_log)(GLuint, GLsizei, GLsizei*, GLchar*), const std::string& what,
           std::string* log) {
  GLint status = 0;
  get_iv(object, status_name, &status);
  if (status) return true;
  char buffer[4096] = {};
  get_log(object, sizeof buffer, nullptr, buffer);
  if (log) *log += what + ": " + buffer + "\n";
  return false;
}

}  // namespace

GLuint GlContext::link(const std::vector<std::pair<GLenum, std::string>>& sources,
                       std::string* log) {
  const GLuint program = glCreateProgram();
  std::vector<GLuint> shaders;
  bool ok = true;
  for (const auto& [kind, text] : sources) {
    const GLuint s = glCreateShader(kind);
    const char* p = text.c_str();
    glShaderSource(s, 1, &p, nullptr);
    glCompileShader(s);
    if (!check(s, GL_COMPILE_STATUS, glGetShaderiv, glGetShaderInfoLog, "compile", log)) {
      if (log) *log += "--- source ---\n" + text;
      ok = false;
    }
    glAttachShader(program, s);
    shaders.push_back(s);
  }
  if (ok) {
    glLinkProgram(program);
    ok = check(program, GL_LINK_STATUS, glGetProgramiv, glGetProgramInfoLog, "link", log);
  }
  for (GLuint s : shaders) glDeleteShader(s);
  if (!ok) {
    glDeleteProgram(program);
    return 0;
  }
  return program;
}

std::vector<std::string> GlContext::take_errors() {
  std::vector<std::string> out;
  out.swap(errors_);
  return out;
}

}  // namespace vgpu::shader::testing
