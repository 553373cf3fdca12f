// N frames (--frames, default 5) of a square that moves and changes colour every frame.  Each
// frame rewrites the vertex buffer with glBufferSubData (the usual way an app animates, and a
// buffer upload per frame in the trace), draws, reads the whole pbuffer back and swaps.  Every
// pixel of every frame is checked against the square's expected place and colour, and each
// frame must differ from the one before, so a capture gets one distinct frame per readback.
#include <cstdio>
#include <utility>

#include "tests/clients/gl_client.h"

using namespace vgpu::clients;

namespace {

constexpr int kSquare = 16;
constexpr int kMargin = 4;

const char* kVertexShader = R"(#version 330 core
layout(location = 0) in vec2 position;
void main() { gl_Position = vec4(position, 0.0, 1.0); })";

const char* kFragmentShader = R"(#version 330 core
uniform vec3 color;
out vec4 frag_color;
void main() { frag_color = vec4(color, 1.0); })";

struct FrameState {
  int x, y;  // bottom-left corner of the square, pixels
  Rgba color;
};

// Steps of 10 and 6 pixels, wrapped inside the margins: consecutive frames never share a
// position.  Colour channels are exact multiples of 1/255 so the expected bytes are exact.
FrameState frame_state(int frame, int width, int height) {
  const int x_range = width - kSquare - 2 * kMargin;
  const int y_range = height - kSquare - 2 * kMargin;
  return {kMargin + (frame * 10) % x_range, kMargin + (frame * 6) % y_range,
          Rgba{static_cast<std::uint8_t>(255 - (frame * 37) % 200),
               static_cast<std::uint8_t>(40 + (frame * 53) % 200),
               static_cast<std::uint8_t>(128), 255}};
}

}  // namespace

int main(int argc, char** argv) {
  GlClient client({"animation", 96, 64, 5}, argc, argv);
  const int w = client.width(), h = client.height();

  const GLuint program = build_program(kVertexShader, kFragmentShader);
  glUseProgram(program);
  const GLint color_location = glGetUniformLocation(program, "color");
  if (color_location < 0) fail("uniform color not found");
  GLuint vao = 0, vbo = 0;
  glGenVertexArrays(1, &vao);
  glBindVertexArray(vao);
  glGenBuffers(1, &vbo);
  glBindBuffer(GL_ARRAY_BUFFER, vbo);
  glBufferData(GL_ARRAY_BUFFER, 8 * sizeof(float), nullptr, GL_DYNAMIC_DRAW);
  glVertexAttribPointer(0, 2, GL_FLOAT, GL_FALSE, 0, nullptr);
  glEnableVertexAttribArray(0);
  glClearColor(0.0f, 0.0f, 0.2f, 1.0f);
  check_gl("setup");
  const Rgba background = to_rgba8(0.0f, 0.0f, 0.2f);

  Image previous;
  for (int frame = 0; frame < client.frames(); ++frame) {
    const FrameState s = frame_state(frame, w, h);
    const float quad[8] = {ndc(s.x, w),           ndc(s.y, h),
                           ndc(s.x + kSquare, w), ndc(s.y, h),
                           ndc(s.x, w),           ndc(s.y + kSquare, h),
                           ndc(s.x + kSquare, w), ndc(s.y + kSquare, h)};
    glBufferSubData(GL_ARRAY_BUFFER, 0, sizeof quad, quad);
    glUniform3f(color_location, s.color.r / 255.0f, s.color.g / 255.0f, s.color.b / 255.0f);
    glClear(GL_COLOR_BUFFER_BIT);
    glDrawArrays(GL_TRIANGLE_STRIP, 0, 4);
    check_gl("frame draw");

    char label[32];
    std::snprintf(label, sizeof label, "frame %d", frame);
    Image image = client.read_rgba("default", "back", 0, 0, w, h, label);
    for (int y = 0; y < h; ++y) {
      for (int x = 0; x < w; ++x) {
        const bool in_square = x >= s.x && x < s.x + kSquare && y >= s.y && y < s.y + kSquare;
        expect_pixel(image, x, y, in_square ? s.color : background, 0,
                     in_square ? label : "background");
      }
    }
    if (frame > 0 && previous.bytes == image.bytes) {
      fail("frame %d is identical to frame %d", frame, frame - 1);
    }
    previous = std::move(image);
    client.end_frame();
  }
  return client.pass();
}
