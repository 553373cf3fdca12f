// The smallest guest: clears and readbacks only, no shaders.  A full clear read back whole, then
// a scissored clear read back through a sub-rectangle, so a capture sees one transfer of the
// whole display target and one whose box does not start at the origin.
#include "tests/clients/gl_client.h"

using namespace vgpu::clients;

int main(int argc, char** argv) {
  GlClient client({"clear_readback", 64, 64}, argc, argv);
  const int w = client.width(), h = client.height();

  const Rgba background = to_rgba8(0.25f, 0.5f, 0.75f, 1.0f);
  glClearColor(0.25f, 0.5f, 0.75f, 1.0f);
  glClear(GL_COLOR_BUFFER_BIT);
  check_gl("full clear");
  const Image full = client.read_rgba("default", "back", 0, 0, w, h, "full clear");
  for (int y = 0; y < h; ++y) {
    for (int x = 0; x < w; ++x) expect_pixel(full, x, y, background, 1, "full clear");
  }

  // Scissor box [16,48) x [8,24): only it turns red; its own alpha differs so a channel swap or
  // a dropped alpha shows.
  const Rgba patch = to_rgba8(1.0f, 0.0f, 0.0f, 0.5f);
  glEnable(GL_SCISSOR_TEST);
  glScissor(16, 8, 32, 16);
  glClearColor(1.0f, 0.0f, 0.0f, 0.5f);
  glClear(GL_COLOR_BUFFER_BIT);
  glDisable(GL_SCISSOR_TEST);
  check_gl("scissored clear");

  // Read [8,56) x [4,28): the patch plus a border of background on every side.  Tolerance 1:
  // through virgl the scissored clear becomes a quad draw that stores alpha 0.5 as 128, where
  // llvmpipe's clear stores 127.
  const int rx = 8, ry = 4, rw = 48, rh = 24;
  const Image part = client.read_rgba("default", "back", rx, ry, rw, rh, "scissored clear");
  for (int y = 0; y < rh; ++y) {
    for (int x = 0; x < rw; ++x) {
      const int fx = rx + x, fy = ry + y;
      const bool inside = fx >= 16 && fx < 48 && fy >= 8 && fy < 24;
      expect_pixel(part, x, y, inside ? patch : background, 1,
                   inside ? "scissored clear, inside the scissor box"
                          : "scissored clear, outside the scissor box");
    }
  }
  client.end_frame();
  return client.pass();
}
