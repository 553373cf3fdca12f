// Multiple render targets with depth and stencil tests that change the picture.  An FBO holds a
// colour texture, a colour renderbuffer and a DEPTH24_STENCIL8 renderbuffer; every draw writes
// its colour to attachment 0 and the inverse colour to attachment 1.  The draws:
//   1. stencil = 1 on the left half, colour and depth writes off;
//   2. red, full screen at window depth 0.75, only where stencil == 1 (the left half);
//   3. green square [16,48)^2 at depth 0.9: hidden by depth where red is, visible on the right;
//   4. blue square [24,40)^2 at depth 0.25, only where stencil != 1: its left part is cut.
// Ignoring the depth test shows green on the left, ignoring the stencil test shows red and blue
// everywhere; either fails.  Every attachment is read back, then both colour attachments are
// blitted side by side into the pbuffer, which is read back and must match them byte for byte.
#include <cmath>
#include <cstdio>
#include <cstring>

#include "tests/clients/gl_client.h"

using namespace vgpu::clients;

namespace {

constexpr int kSize = 64;

const char* kVertexShader = R"(#version 330 core
layout(location = 0) in vec2 position;
uniform float depth;
void main() { gl_Position = vec4(position, depth, 1.0); })";

const char* kFragmentShader = R"(#version 330 core
uniform vec3 color;
layout(location = 0) out vec4 out0;
layout(location = 1) out vec4 out1;
void main() {
  out0 = vec4(color, 1.0);
  out1 = vec4(vec3(1.0) - color, 1.0);
})";

struct Square {
  int x0, y0, x1, y1;
  bool contains(int x, int y) const { return x >= x0 && x < x1 && y >= y0 && y < y1; }
};

constexpr Square kLeftHalf{0, 0, kSize / 2, kSize};
constexpr Square kFull{0, 0, kSize, kSize};
constexpr Square kGreen{16, 16, 48, 48};
constexpr Square kBlue{24, 24, 40, 40};

void draw(const Square& s, float ndc_depth, float r, float g, float b, GLint depth_location,
          GLint color_location) {
  const float quad[8] = {ndc(s.x0, kSize), ndc(s.y0, kSize), ndc(s.x1, kSize), ndc(s.y0, kSize),
                         ndc(s.x0, kSize), ndc(s.y1, kSize), ndc(s.x1, kSize), ndc(s.y1, kSize)};
  glBufferSubData(GL_ARRAY_BUFFER, 0, sizeof quad, quad);
  glUniform1f(depth_location, ndc_depth);
  glUniform3f(color_location, r, g, b);
  glDrawArrays(GL_TRIANGLE_STRIP, 0, 4);
}

// What the scene must leave in each attachment at (x, y).
struct Expected {
  Rgba color0, color1;
  double depth;
  unsigned stencil;
};

Expected expected_at(int x, int y) {
  const Rgba black{0, 0, 0, 255}, grey = to_rgba8(0.5f, 0.5f, 0.5f);
  if (kLeftHalf.contains(x, y)) return {{255, 0, 0, 255}, {0, 255, 255, 255}, 0.75, 1};
  if (kBlue.contains(x, y)) return {{0, 0, 255, 255}, {255, 255, 0, 255}, 0.25, 0};
  if (kGreen.contains(x, y)) return {{0, 255, 0, 255}, {255, 0, 255, 255}, 0.9, 0};
  return {black, grey, 1.0, 0};
}

}  // namespace

int main(int argc, char** argv) {
  GlClient client({"mrt_depth_stencil", 2 * kSize, kSize}, argc, argv);

  GLuint fbo = 0, color0 = 0, renderbuffers[2] = {};
  glGenFramebuffers(1, &fbo);
  glBindFramebuffer(GL_FRAMEBUFFER, fbo);
  glGenTextures(1, &color0);
  glBindTexture(GL_TEXTURE_2D, color0);
  glTexImage2D(GL_TEXTURE_2D, 0, GL_RGBA8, kSize, kSize, 0, GL_RGBA, GL_UNSIGNED_BYTE, nullptr);
  glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MIN_FILTER, GL_NEAREST);
  glFramebufferTexture2D(GL_FRAMEBUFFER, GL_COLOR_ATTACHMENT0, GL_TEXTURE_2D, color0, 0);
  glGenRenderbuffers(2, renderbuffers);
  glBindRenderbuffer(GL_RENDERBUFFER, renderbuffers[0]);
  glRenderbufferStorage(GL_RENDERBUFFER, GL_RGBA8, kSize, kSize);
  glFramebufferRenderbuffer(GL_FRAMEBUFFER, GL_COLOR_ATTACHMENT1, GL_RENDERBUFFER,
                            renderbuffers[0]);
  glBindRenderbuffer(GL_RENDERBUFFER, renderbuffers[1]);
  glRenderbufferStorage(GL_RENDERBUFFER, GL_DEPTH24_STENCIL8, kSize, kSize);
  glFramebufferRenderbuffer(GL_FRAMEBUFFER, GL_DEPTH_STENCIL_ATTACHMENT, GL_RENDERBUFFER,
                            renderbuffers[1]);
  const GLenum draw_buffers[2] = {GL_COLOR_ATTACHMENT0, GL_COLOR_ATTACHMENT1};
  glDrawBuffers(2, draw_buffers);
  const GLenum status = glCheckFramebufferStatus(GL_FRAMEBUFFER);
  if (status != GL_FRAMEBUFFER_COMPLETE) fail("FBO incomplete: 0x%04x", status);
  check_gl("FBO setup");

  const GLuint program = build_program(kVertexShader, kFragmentShader);
  glUseProgram(program);
  const GLint depth_location = glGetUniformLocation(program, "depth");
  const GLint color_location = glGetUniformLocation(program, "color");
  if (depth_location < 0 || color_location < 0) fail("uniforms depth/color not found");
  GLuint vao = 0, vbo = 0;
  glGenVertexArrays(1, &vao);
  glBindVertexArray(vao);
  glGenBuffers(1, &vbo);
  glBindBuffer(GL_ARRAY_BUFFER, vbo);
  glBufferData(GL_ARRAY_BUFFER, 8 * sizeof(float), nullptr, GL_DYNAMIC_DRAW);
  glVertexAttribPointer(0, 2, GL_FLOAT, GL_FALSE, 0, nullptr);
  glEnableVertexAttribArray(0);

  glViewport(0, 0, kSize, kSize);
  const float black[4] = {0, 0, 0, 1}, grey[4] = {0.5f, 0.5f, 0.5f, 1};
  glClearBufferfv(GL_COLOR, 0, black);
  glClearBufferfv(GL_COLOR, 1, grey);
  glClearBufferfi(GL_DEPTH_STENCIL, 0, 1.0f, 0);
  check_gl("clears");

  glEnable(GL_STENCIL_TEST);
  glStencilFunc(GL_ALWAYS, 1, 0xff);
  glStencilOp(GL_KEEP, GL_KEEP, GL_REPLACE);
  glColorMask(GL_FALSE, GL_FALSE, GL_FALSE, GL_FALSE);
  glDepthMask(GL_FALSE);
  draw(kLeftHalf, 0.0f, 0, 0, 0, depth_location, color_location);
  glColorMask(GL_TRUE, GL_TRUE, GL_TRUE, GL_TRUE);
  glDepthMask(GL_TRUE);
  glStencilOp(GL_KEEP, GL_KEEP, GL_KEEP);

  glEnable(GL_DEPTH_TEST);
  glDepthFunc(GL_LESS);
  glStencilFunc(GL_EQUAL, 1, 0xff);
  draw(kFull, 0.5f, 1, 0, 0, depth_location, color_location);  // window depth 0.75
  glStencilFunc(GL_ALWAYS, 0, 0xff);
  draw(kGreen, 0.8f, 0, 1, 0, depth_location, color_location);  // 0.9
  glStencilFunc(GL_NOTEQUAL, 1, 0xff);
  draw(kBlue, -0.5f, 0, 0, 1, depth_location, color_location);  // 0.25
  glDisable(GL_DEPTH_TEST);
  glDisable(GL_STENCIL_TEST);
  check_gl("draws");

  glBindFramebuffer(GL_READ_FRAMEBUFFER, fbo);
  glReadBuffer(GL_COLOR_ATTACHMENT0);
  const Image c0 = client.read_rgba("fbo", "color0", 0, 0, kSize, kSize, "texture attachment");
  glReadBuffer(GL_COLOR_ATTACHMENT1);
  const Image c1 =
      client.read_rgba("fbo", "color1", 0, 0, kSize, kSize, "renderbuffer attachment");
  const Image ds = client.read_depth_stencil("fbo", "depth_stencil", kSize, kSize,
                                             "DEPTH24_STENCIL8 renderbuffer");
  for (int y = 0; y < kSize; ++y) {
    for (int x = 0; x < kSize; ++x) {
      const Expected e = expected_at(x, y);
      expect_pixel(c0, x, y, e.color0, 0, "colour attachment 0");
      expect_pixel(c1, x, y, e.color1, 1, "colour attachment 1");
      const std::uint32_t packed = ds.u32_at(x, y);
      const double depth = static_cast<double>(packed >> 8) / 16777215.0;
      if (std::abs(depth - e.depth) > 1e-4 || (packed & 0xffu) != e.stencil) {
        fail("depth/stencil at (%d,%d) is %.6f/%u, expected %.6f/%u", x, y, depth,
             packed & 0xffu, e.depth, e.stencil);
      }
    }
  }

  // The display image: attachment 0 on the left, attachment 1 on the right.
  glBindFramebuffer(GL_DRAW_FRAMEBUFFER, 0);
  glReadBuffer(GL_COLOR_ATTACHMENT0);
  glBlitFramebuffer(0, 0, kSize, kSize, 0, 0, kSize, kSize, GL_COLOR_BUFFER_BIT, GL_NEAREST);
  glReadBuffer(GL_COLOR_ATTACHMENT1);
  glBlitFramebuffer(0, 0, kSize, kSize, kSize, 0, 2 * kSize, kSize, GL_COLOR_BUFFER_BIT,
                    GL_NEAREST);
  check_gl("blits to the pbuffer");
  glBindFramebuffer(GL_READ_FRAMEBUFFER, 0);
  glReadBuffer(GL_BACK);
  const Image shown = client.read_rgba("default", "back", 0, 0, 2 * kSize, kSize, "composite");
  for (int y = 0; y < kSize; ++y) {
    const std::size_t row = static_cast<std::size_t>(y) * kSize * 4;
    const std::uint8_t* left = &shown.bytes[2 * row];
    if (std::memcmp(left, &c0.bytes[row], kSize * 4) != 0 ||
        std::memcmp(left + kSize * 4, &c1.bytes[row], kSize * 4) != 0) {
      fail("pbuffer row %d differs from the FBO attachments it was blitted from", y);
    }
  }
  client.end_frame();
  return client.pass();
}
