#include "renderer/draw_blit.h"

#include <algorithm>
#include <array>

#include "renderer/transfer_layout.h"

namespace vgpu::renderer {
namespace {

constexpr const char* kVertexShader = R"(#version 450 core
layout(location = 0) uniform vec4 src_rect;  // x0, y0, x1, y1 in normalized texel coordinates
out vec2 coord;
void main() {
  vec2 corner = vec2(gl_VertexID & 1, gl_VertexID >> 1);
  coord = mix(src_rect.xy, src_rect.zw, corner);
  gl_Position = vec4(corner * 2.0 - 1.0, 0.0, 1.0);
}
)";
constexpr const char* kFragmentShader = R"(#version 450 core
layout(binding = 0) uniform sampler2DArray source;
in vec2 coord;
layout(location = 0) out vec4 color;
void main() { color = texture(source, vec3(coord, 0.0)); }
)";

GLuint compile(GLenum stage, const char* text) {
  const GLuint s = glCreateShader(stage);
  glShaderSource(s, 1, &text, nullptr);
  glCompileShader(s);
  return s;
}

GLuint link_program() {
  const GLuint vs = compile(GL_VERTEX_SHADER, kVertexShader);
  const GLuint fs = compile(GL_FRAGMENT_SHADER, kFragmentShader);
  const GLuint p = glCreateProgram();
  glAttachShader(p, vs);
  glAttachShader(p, fs);
  glLinkProgram(p);
  glDeleteShader(vs);
  glDeleteShader(fs);
  GLint linked = GL_FALSE;
  glGetProgramiv(p, GL_LINK_STATUS, &linked);
  if (linked != GL_TRUE) {
    glDeleteProgram(p);
    return 0;
  }
  return p;
}

// The state a draw leaves that would change the blit: fixed here, re-applied by the next draw.
void neutral_pipeline() {
  glDisable(GL_BLEND);
  glDisable(GL_DEPTH_TEST);
  glDisable(GL_STENCIL_TEST);
  glDisable(GL_CULL_FACE);
  glDisable(GL_POLYGON_OFFSET_FILL);
  glDisable(GL_SAMPLE_ALPHA_TO_COVERAGE);
  glDisable(GL_SAMPLE_MASK);
  glDisable(GL_COLOR_LOGIC_OP);
  for (GLenum i = 0; i < 8; ++i) glDisable(GL_CLIP_DISTANCE0 + i);
  glPolygonMode(GL_FRONT_AND_BACK, GL_FILL);
  glClipControl(GL_LOWER_LEFT, GL_NEGATIVE_ONE_TO_ONE);
  glDepthRangeIndexed(0, 0.0, 1.0);
}

}  // namespace

std::string draw_blit(GLuint& program, const DrawBlit& b) {
  if (program == 0) program = link_program();
  if (program == 0) return "the blit program did not link";
  const Resource& src = *b.source;
  // A one-level, one-layer view: 2D, 2D array, cube and cube array sources all read as layer 0
  // of a 2D array, with the blit's source format (an sRGB twin decodes, the resource's not).
  GLuint view = 0;
  glGenTextures(1, &view);
  glTextureView(view, GL_TEXTURE_2D_ARRAY, src.gl_name, b.format->internal_format, b.level, 1,
                b.layer, 1);
  const std::array<GLint, 4> swizzle = {
      static_cast<GLint>(b.format->swizzle[0]), static_cast<GLint>(b.format->swizzle[1]),
      static_cast<GLint>(b.format->swizzle[2]), static_cast<GLint>(b.format->swizzle[3])};
  glTextureParameteriv(view, GL_TEXTURE_SWIZZLE_RGBA, swizzle.data());
  GLuint sampler = 0;
  glCreateSamplers(1, &sampler);
  const GLint filter = b.linear ? GL_LINEAR : GL_NEAREST;
  glSamplerParameteri(sampler, GL_TEXTURE_MIN_FILTER, filter);
  glSamplerParameteri(sampler, GL_TEXTURE_MAG_FILTER, filter);
  glSamplerParameteri(sampler, GL_TEXTURE_WRAP_S, GL_CLAMP_TO_EDGE);
  glSamplerParameteri(sampler, GL_TEXTURE_WRAP_T, GL_CLAMP_TO_EDGE);

  // The destination rectangle in window order; a mirrored destination flips the source instead.
  const Extent e = level_extent(src.args, b.level);
  float x0 = static_cast<float>(b.src_x), x1 = static_cast<float>(b.src_x + b.src_w);
  float y0 = static_cast<float>(b.src_y), y1 = static_cast<float>(b.src_y + b.src_h);
  if (b.dst_w < 0) std::swap(x0, x1);
  if (b.dst_h < 0) std::swap(y0, y1);
  const int32_t dx = std::min(b.dst_x, b.dst_x + b.dst_w);
  const int32_t dy = std::min(b.dst_y, b.dst_y + b.dst_h);
  const float width = static_cast<float>(e.width), height = static_cast<float>(e.height);
  glProgramUniform4f(program, 0, x0 / width, y0 / height, x1 / width, y1 / height);

  // Attribute-less: an empty vertex array of this context (vertex arrays are not shared).
  GLuint vertex_array = 0;
  glCreateVertexArrays(1, &vertex_array);
  neutral_pipeline();
  glViewportIndexedf(0, static_cast<float>(dx), static_cast<float>(dy),
                     static_cast<float>(std::abs(b.dst_w)), static_cast<float>(std::abs(b.dst_h)));
  glUseProgram(program);
  glBindVertexArray(vertex_array);
  glBindTextureUnit(0, view);
  glBindSampler(0, sampler);
  // A blit is not a draw for transform feedback: pause an active capture around it.
  GLint xfb_active = 0, xfb_paused = 0;
  glGetIntegerv(GL_TRANSFORM_FEEDBACK_ACTIVE, &xfb_active);
  glGetIntegerv(GL_TRANSFORM_FEEDBACK_PAUSED, &xfb_paused);
  const bool pause = xfb_active != 0 && xfb_paused == 0;
  if (pause) glPauseTransformFeedback();
  glDrawArrays(GL_TRIANGLE_STRIP, 0, 4);
  if (pause) glResumeTransformFeedback();
  glBindSampler(0, 0);
  glBindTextureUnit(0, 0);
  glBindVertexArray(0);
  glDeleteVertexArrays(1, &vertex_array);
  glDeleteSamplers(1, &sampler);
  glDeleteTextures(1, &view);
  return {};
}

}  // namespace vgpu::renderer
