// Texture uploads and mipmaps, sampled on quads.  Texture A (8x8) gets every level explicitly:
// glTexImage2D per level, then glTexSubImage2D patches on levels 0 and 2 (the level-0 patch
// comes from a wider client array through GL_UNPACK_ROW_LENGTH/SKIP_PIXELS, so the driver has
// to repack it).  Texture B (16x16, four coloured quadrants) gets its chain from
// glGenerateMipmap.  Six 32x32 viewports each show one level with textureLod and NEAREST
// filtering; texel edges fall on pixel edges, so every pixel has one exact expected texel.
#include <cstdio>
#include <vector>

#include "tests/clients/gl_client.h"

using namespace vgpu::clients;

namespace {

const char* kVertexShader = R"(#version 330 core
layout(location = 0) in vec2 position;
out vec2 v_uv;
void main() {
  v_uv = position * 0.5 + 0.5;
  gl_Position = vec4(position, 0.0, 1.0);
})";

const char* kFragmentShader = R"(#version 330 core
uniform sampler2D tex;
uniform float lod;
in vec2 v_uv;
out vec4 frag_color;
void main() { frag_color = textureLod(tex, v_uv, lod); })";

constexpr int kRegion = 32;  // each viewport is kRegion x kRegion pixels

// One mip level as the CPU sees it; rows bottom first, as glTexImage2D takes them.
struct Level {
  int size = 0;
  std::vector<Rgba> texels;
  Rgba& at(int x, int y) { return texels[static_cast<std::size_t>(y * size + x)]; }
  Rgba at(int x, int y) const { return texels[static_cast<std::size_t>(y * size + x)]; }
};

Level solid(int size, Rgba colour) {
  return {size, std::vector<Rgba>(static_cast<std::size_t>(size * size), colour)};
}

GLuint new_texture(GLenum unit) {
  GLuint texture = 0;
  glActiveTexture(unit);
  glGenTextures(1, &texture);
  glBindTexture(GL_TEXTURE_2D, texture);
  glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MIN_FILTER, GL_NEAREST_MIPMAP_NEAREST);
  glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MAG_FILTER, GL_NEAREST);
  glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_S, GL_CLAMP_TO_EDGE);
  glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_T, GL_CLAMP_TO_EDGE);
  return texture;
}

void upload(int level, const Level& data) {
  glTexImage2D(GL_TEXTURE_2D, level, GL_RGBA8, data.size, data.size, 0, GL_RGBA,
               GL_UNSIGNED_BYTE, data.texels.data());
}

// Checks that viewport (col,row) shows `level` texel for texel.
void expect_level(const Image& image, int col, int row, const Level& level, int tolerance,
                  const char* name) {
  const int scale = kRegion / level.size;
  for (int y = 0; y < kRegion; ++y) {
    for (int x = 0; x < kRegion; ++x) {
      char what[96];
      std::snprintf(what, sizeof what, "%s, texel (%d,%d)", name, x / scale, y / scale);
      expect_pixel(image, col * kRegion + x, row * kRegion + y,
                   level.at(x / scale, y / scale), tolerance, what);
    }
  }
}

}  // namespace

int main(int argc, char** argv) {
  GlClient client({"textured_quad", 3 * kRegion, 2 * kRegion}, argc, argv);
  const Rgba orange{255, 128, 0, 255}, white{255, 255, 255, 255}, cyan{0, 255, 255, 255},
      green{0, 255, 0, 255}, yellow{255, 255, 0, 255}, magenta{255, 0, 255, 255},
      slate{64, 64, 192, 255}, red{255, 0, 0, 255}, blue{0, 0, 255, 255};

  // Texture A, level 0: 2x2-texel checker, then a 3x2 cyan patch at (4,1).  Levels 1-3 are
  // solid colours, level 2 with one texel patched to magenta.
  Level a0 = solid(8, white);
  for (int y = 0; y < 8; ++y) {
    for (int x = 0; x < 8; ++x) {
      if (((x / 2) + (y / 2)) % 2 == 0) a0.at(x, y) = orange;
    }
  }
  const GLuint tex_a = new_texture(GL_TEXTURE0);
  upload(0, a0);
  upload(1, solid(4, green));
  Level a2 = solid(2, yellow);
  upload(2, a2);
  upload(3, solid(1, slate));
  check_gl("texture A glTexImage2D levels 0-3");

  // The patch sits at column 1 of a 5-texel-wide client array; column 0 and 4 are junk that
  // must not reach the texture.
  const Rgba junk{9, 9, 9, 9};
  const Rgba patch_source[2 * 5] = {junk, cyan, cyan, cyan, junk,
                                    junk, cyan, cyan, cyan, junk};
  glPixelStorei(GL_UNPACK_ROW_LENGTH, 5);
  glPixelStorei(GL_UNPACK_SKIP_PIXELS, 1);
  glTexSubImage2D(GL_TEXTURE_2D, 0, 4, 1, 3, 2, GL_RGBA, GL_UNSIGNED_BYTE, patch_source);
  glPixelStorei(GL_UNPACK_ROW_LENGTH, 0);
  glPixelStorei(GL_UNPACK_SKIP_PIXELS, 0);
  for (int y = 1; y < 3; ++y) {
    for (int x = 4; x < 7; ++x) a0.at(x, y) = cyan;
  }
  glTexSubImage2D(GL_TEXTURE_2D, 2, 1, 0, 1, 1, GL_RGBA, GL_UNSIGNED_BYTE, &magenta);
  a2.at(1, 0) = magenta;
  check_gl("texture A glTexSubImage2D");

  // Texture B: quadrants red | blue (bottom), green | white (top); the driver builds levels 1-4.
  Level b0 = solid(16, red);
  for (int y = 0; y < 16; ++y) {
    for (int x = 0; x < 16; ++x) {
      b0.at(x, y) = y < 8 ? (x < 8 ? red : blue) : (x < 8 ? green : white);
    }
  }
  const GLuint tex_b = new_texture(GL_TEXTURE1);
  upload(0, b0);
  glGenerateMipmap(GL_TEXTURE_2D);
  check_gl("texture B glGenerateMipmap");
  Level b1 = solid(8, red);
  for (int y = 0; y < 8; ++y) {
    for (int x = 0; x < 8; ++x) {
      b1.at(x, y) = y < 4 ? (x < 4 ? red : blue) : (x < 4 ? green : white);
    }
  }

  const GLuint program = build_program(kVertexShader, kFragmentShader);
  glUseProgram(program);
  const GLint tex_location = glGetUniformLocation(program, "tex");
  const GLint lod_location = glGetUniformLocation(program, "lod");
  if (tex_location < 0 || lod_location < 0) fail("uniforms tex/lod not found");

  GLuint vao = 0;
  glGenVertexArrays(1, &vao);
  glBindVertexArray(vao);
  const float quad[8] = {-1, -1, 1, -1, -1, 1, 1, 1};
  make_buffer(GL_ARRAY_BUFFER, quad, sizeof quad);
  glVertexAttribPointer(0, 2, GL_FLOAT, GL_FALSE, 0, nullptr);
  glEnableVertexAttribArray(0);

  glClearColor(0, 0, 0, 1);
  glClear(GL_COLOR_BUFFER_BIT);
  struct View {
    int col, row, unit;
    float lod;
  };
  const View views[6] = {{0, 0, 0, 0.0f}, {1, 0, 0, 1.0f}, {2, 0, 0, 2.0f},
                         {0, 1, 0, 3.0f}, {1, 1, 1, 1.0f}, {2, 1, 1, 4.0f}};
  for (const View& view : views) {
    glViewport(view.col * kRegion, view.row * kRegion, kRegion, kRegion);
    glUniform1i(tex_location, view.unit);
    glUniform1f(lod_location, view.lod);
    glDrawArrays(GL_TRIANGLE_STRIP, 0, 4);
  }
  check_gl("draw quads");
  glViewport(0, 0, client.width(), client.height());

  const Image image =
      client.read_rgba("default", "back", 0, 0, client.width(), client.height(), "quads");
  expect_level(image, 0, 0, a0, 0, "A level 0 (glTexImage2D + glTexSubImage2D)");
  expect_level(image, 1, 0, solid(4, green), 0, "A level 1 (explicit)");
  expect_level(image, 2, 0, a2, 0, "A level 2 (explicit + glTexSubImage2D)");
  expect_level(image, 0, 1, solid(1, slate), 0, "A level 3 (explicit)");
  expect_level(image, 1, 1, b1, 0, "B level 1 (glGenerateMipmap)");
  // The 1x1 level averages the four quadrants: (1+0+0+1, 0+0+1+1, 0+1+0+1) / 4.
  expect_level(image, 2, 1, solid(1, to_rgba8(0.5f, 0.5f, 0.5f)), 2,
               "B level 4 (glGenerateMipmap average)");

  glDeleteTextures(1, &tex_a);
  glDeleteTextures(1, &tex_b);
  client.end_frame();
  return client.pass();
}
