// One triangle with a colour per vertex: exercises a vertex buffer, a VAO, a shader pair and
// varying interpolation.  Checked against barycentric interpolation computed here, on a grid of
// pixel centres, skipping only those too close to an edge to have a certain coverage.  The
// non-square size catches width/height mix-ups in a capture.
#include <cmath>
#include <cstdio>

#include "tests/clients/gl_client.h"

using namespace vgpu::clients;

namespace {

const char* kVertexShader = R"(#version 330 core
layout(location = 0) in vec2 position;
layout(location = 1) in vec3 color;
out vec3 v_color;
void main() {
  v_color = color;
  gl_Position = vec4(position, 0.0, 1.0);
})";

const char* kFragmentShader = R"(#version 330 core
in vec3 v_color;
out vec4 frag_color;
void main() { frag_color = vec4(v_color, 1.0); })";

struct Vertex {
  float x, y;     // pixels
  float r, g, b;  // colour
};

// Signed double area of (a, b, p): the barycentric weight of the vertex opposite edge ab.
float edge(const Vertex& a, const Vertex& b, float px, float py) {
  return (b.x - a.x) * (py - a.y) - (b.y - a.y) * (px - a.x);
}

}  // namespace

int main(int argc, char** argv) {
  GlClient client({"triangle", 96, 64}, argc, argv);
  const int w = client.width(), h = client.height();

  // Pure red, green and blue corners: any channel swap or lost varying is visible.
  const Vertex tri[3] = {{8, 6, 1, 0, 0}, {88, 10, 0, 1, 0}, {40, 58, 0, 0, 1}};
  float data[15];
  for (int i = 0; i < 3; ++i) {
    data[i * 5 + 0] = 2.0f * tri[i].x / static_cast<float>(w) - 1.0f;
    data[i * 5 + 1] = 2.0f * tri[i].y / static_cast<float>(h) - 1.0f;
    data[i * 5 + 2] = tri[i].r;
    data[i * 5 + 3] = tri[i].g;
    data[i * 5 + 4] = tri[i].b;
  }

  const GLuint program = build_program(kVertexShader, kFragmentShader);
  GLuint vao = 0;
  glGenVertexArrays(1, &vao);
  glBindVertexArray(vao);
  make_buffer(GL_ARRAY_BUFFER, data, sizeof data);
  glVertexAttribPointer(0, 2, GL_FLOAT, GL_FALSE, 5 * sizeof(float), nullptr);
  glVertexAttribPointer(1, 3, GL_FLOAT, GL_FALSE, 5 * sizeof(float),
                        reinterpret_cast<const void*>(2 * sizeof(float)));
  glEnableVertexAttribArray(0);
  glEnableVertexAttribArray(1);
  check_gl("vertex setup");

  glClearColor(0.1f, 0.1f, 0.1f, 1.0f);
  glClear(GL_COLOR_BUFFER_BIT);
  glUseProgram(program);
  glDrawArrays(GL_TRIANGLES, 0, 3);
  check_gl("draw");

  const Image image = client.read_rgba("default", "back", 0, 0, w, h, "triangle");
  const Rgba background = to_rgba8(0.1f, 0.1f, 0.1f);
  const float area = edge(tri[0], tri[1], tri[2].x, tri[2].y);
  // Edge lengths turn barycentric weights into distances from each edge in pixels.
  const float lengths[3] = {std::hypot(tri[2].x - tri[1].x, tri[2].y - tri[1].y),
                            std::hypot(tri[0].x - tri[2].x, tri[0].y - tri[2].y),
                            std::hypot(tri[1].x - tri[0].x, tri[1].y - tri[0].y)};
  int inside = 0, outside = 0;
  for (int y = 0; y < h; y += 2) {
    for (int x = 0; x < w; x += 2) {
      const float px = static_cast<float>(x) + 0.5f, py = static_cast<float>(y) + 0.5f;
      const float w0 = edge(tri[1], tri[2], px, py) / area;
      const float w1 = edge(tri[2], tri[0], px, py) / area;
      const float w2 = edge(tri[0], tri[1], px, py) / area;
      // Distance to the nearest edge in pixels; within 1.5 px coverage depends on rasterizer
      // rules, so those pixels prove nothing either way.
      const float d0 = w0 * area / lengths[0], d1 = w1 * area / lengths[1],
                  d2 = w2 * area / lengths[2];
      const float nearest = std::fmin(std::fabs(d0), std::fmin(std::fabs(d1), std::fabs(d2)));
      if (nearest < 1.5f) continue;
      char what[64];
      if (w0 > 0 && w1 > 0 && w2 > 0) {
        std::snprintf(what, sizeof what, "inside the triangle, weights %.2f/%.2f/%.2f", w0, w1,
                      w2);
        expect_pixel(image, x, y, to_rgba8(w0, w1, w2), 3, what);
        ++inside;
      } else {
        expect_pixel(image, x, y, background, 1, "outside the triangle");
        ++outside;
      }
    }
  }
  // The sampling above must have covered both regions, or it proved nothing.
  if (inside < 200 || outside < 200) fail("only %d inside / %d outside samples", inside, outside);

  client.end_frame();
  return client.pass();
}
