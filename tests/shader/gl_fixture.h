// A GL 4.5 core context on EGL surfaceless (llvmpipe) for the translator's tests, with a
// KHR_debug callback that records every GL error: a test fails on any of them.  Independent of
// the renderer's own context code on purpose (the translator is tested alone).
#pragma once

#include <epoxy/gl.h>

#include <cstdint>
#include <string>
#include <vector>

namespace vgpu::shader::testing {

class GlContext {
 public:
  // Creates the context once per process; nullptr with `why` set when EGL cannot.
  static GlContext* get(std::string* why);

  // Compiles and links `sources` (GL_*_SHADER, text); 0 with the info logs in `log` on failure.
  // `separable` links a program of any stages alone (GL_PROGRAM_SEPARABLE: a geometry or
  // tessellation shader without a vertex shader).
  GLuint link(const std::vector<std::pair<GLenum, std::string>>& sources, std::string* log,
              bool separable = false);

  // GL errors reported through KHR_debug since the last call.
  std::vector<std::string> take_errors();

 private:
  GlContext() = default;
  std::vector<std::string> errors_;
  friend void debug_callback(GLenum, GLenum, GLuint, GLenum, GLsizei, const GLchar*,
                             const void*);
};

}  // namespace vgpu::shader::testing
