// Instanced, indexed drawing: one glDrawElementsInstanced of a 4-vertex square, six instances in
// a 3x2 grid.  Per-instance data comes from two more vertex buffers: the position offset
// (GL_SHORT, divisor 1) and the colour (normalized GL_UNSIGNED_BYTE, divisor 2, so instances
// share colours in pairs).  The indices start 4 bytes into the index buffer behind two junk
// indices, so an ignored offset draws nothing.  Every pixel is checked: each square in its
// colour, the gaps in the clear colour.
#include <cstdint>
#include <cstdio>

#include "tests/clients/gl_client.h"

using namespace vgpu::clients;

namespace {

constexpr int kCell = 32;    // grid cell size in pixels
constexpr int kInset = 4;    // gap between a cell's edge and its square
constexpr int kSquare = 24;  // kCell - 2 * kInset
constexpr int kColumns = 3, kRows = 2, kInstances = kColumns * kRows;

const char* kVertexShader = R"(#version 330 core
layout(location = 0) in vec2 corner;  // 0 or 1 per axis
layout(location = 1) in vec2 offset;  // per instance, pixels
layout(location = 2) in vec4 color;   // per pair of instances
uniform vec2 viewport;
uniform float square;
out vec4 v_color;
void main() {
  v_color = color;
  gl_Position = vec4((corner * square + offset) / viewport * 2.0 - 1.0, 0.0, 1.0);
})";

const char* kFragmentShader = R"(#version 330 core
in vec4 v_color;
out vec4 frag_color;
void main() { frag_color = v_color; })";

const Rgba kColors[kInstances / 2] = {{255, 64, 0, 255}, {0, 192, 64, 255}, {32, 96, 255, 255}};

}  // namespace

int main(int argc, char** argv) {
  GlClient client({"instanced_indexed", kColumns * kCell, kRows * kCell}, argc, argv);
  const int w = client.width(), h = client.height();

  const GLuint program = build_program(kVertexShader, kFragmentShader);
  glUseProgram(program);
  glUniform2f(glGetUniformLocation(program, "viewport"), static_cast<float>(w),
              static_cast<float>(h));
  glUniform1f(glGetUniformLocation(program, "square"), static_cast<float>(kSquare));
  check_gl("uniforms");

  GLuint vao = 0;
  glGenVertexArrays(1, &vao);
  glBindVertexArray(vao);

  const float corners[8] = {0, 0, 1, 0, 0, 1, 1, 1};
  make_buffer(GL_ARRAY_BUFFER, corners, sizeof corners);
  glVertexAttribPointer(0, 2, GL_FLOAT, GL_FALSE, 0, nullptr);
  glEnableVertexAttribArray(0);

  std::int16_t offsets[kInstances * 2];
  for (int i = 0; i < kInstances; ++i) {
    offsets[2 * i] = static_cast<std::int16_t>((i % kColumns) * kCell + kInset);
    offsets[2 * i + 1] = static_cast<std::int16_t>((i / kColumns) * kCell + kInset);
  }
  make_buffer(GL_ARRAY_BUFFER, offsets, sizeof offsets);
  glVertexAttribPointer(1, 2, GL_SHORT, GL_FALSE, 0, nullptr);
  glVertexAttribDivisor(1, 1);
  glEnableVertexAttribArray(1);

  make_buffer(GL_ARRAY_BUFFER, kColors, sizeof kColors);
  glVertexAttribPointer(2, 4, GL_UNSIGNED_BYTE, GL_TRUE, 0, nullptr);
  glVertexAttribDivisor(2, 2);
  glEnableVertexAttribArray(2);

  // Two junk indices (vertex 0, so even a wrong offset stays defined: it draws nothing).
  const std::uint16_t indices[8] = {0, 0, 0, 1, 2, 2, 1, 3};
  make_buffer(GL_ELEMENT_ARRAY_BUFFER, indices, sizeof indices);
  check_gl("vertex and index buffers");

  glClearColor(0.0f, 0.0f, 0.0f, 1.0f);
  glClear(GL_COLOR_BUFFER_BIT);
  glDrawElementsInstanced(GL_TRIANGLES, 6, GL_UNSIGNED_SHORT,
                          reinterpret_cast<const void*>(2 * sizeof(std::uint16_t)), kInstances);
  check_gl("glDrawElementsInstanced");

  const Image image = client.read_rgba("default", "back", 0, 0, w, h, "instances");
  for (int y = 0; y < h; ++y) {
    for (int x = 0; x < w; ++x) {
      const int instance = (y / kCell) * kColumns + x / kCell;
      const int cx = x % kCell, cy = y % kCell;
      const bool covered = cx >= kInset && cx < kInset + kSquare && cy >= kInset &&
                           cy < kInset + kSquare;
      char what[64];
      std::snprintf(what, sizeof what, covered ? "instance %d" : "gap around instance %d",
                    instance);
      expect_pixel(image, x, y, covered ? kColors[instance / 2] : Rgba{0, 0, 0, 255}, 0, what);
    }
  }
  client.end_frame();
  return client.pass();
}
