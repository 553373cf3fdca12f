// IMAGE[n]: every image format and target declares and links; LOAD / STORE / ATOM* / RESQ run on
// llvmpipe against an image the test binds at image_unit(COMPUTE, 0).
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "decoder/formats.h"
#include "renderer/shader/image_formats.h"
#include "tests/shader/gl_fixture.h"
#include "tests/shader/shader_test_util.h"

namespace vgpu::shader::testing {
namespace {

std::string format_token(uint32_t format) {
  return "PIPE_FORMAT_" + std::string(virgl::format_name(format));
}

TEST(ImageDeclarations, EveryImageFormatLoadsAndStoresWithItsElementType) {
  GlContext* gl = GlContext::get(nullptr);
  ASSERT_NE(gl, nullptr);
  for (const ImageFormat& f : kImageFormats) {
    const std::string fmt = format_token(f.pipe_format);
    std::string error;
    const TranslatedShader t = translate_text(
        compute_shader("DCL IMAGE[0], 2D, " + fmt + ", WR\nDCL TEMP[0]\n",
                       "LOAD TEMP[0], IMAGE[0], TEMP[0], 2D, " + fmt +
                           "\nSTORE IMAGE[0], TEMP[0], TEMP[0], 2D, " + fmt + "\n"),
        &error);
    ASSERT_FALSE(t.glsl.empty()) << fmt << ": " << error;
    const char prefix = f.element == 'I' ? 'i' : f.element == 'U' ? 'u' : ' ';
    EXPECT_NE(t.glsl.find(std::string(f.glsl) + ") uniform coherent highp " +
                          (prefix == ' ' ? "" : std::string(1, prefix)) + "image2D"),
              std::string::npos)
        << t.glsl;
    ASSERT_EQ(t.images.size(), 1u);
    EXPECT_TRUE(t.images[0].readable && t.images[0].writable);
    EXPECT_EQ(t.images[0].format, f.pipe_format);
    const GLuint program = gl->link({{GL_COMPUTE_SHADER, t.glsl}}, &error);
    EXPECT_NE(program, 0u) << fmt << ": " << error;
    glDeleteProgram(program);
  }
}

TEST(ImageDeclarations, EveryTargetAddressesAndSizesItsTexels) {
  GlContext* gl = GlContext::get(nullptr);
  ASSERT_NE(gl, nullptr);
  for (const char* target : {"1D", "2D", "3D", "CUBE", "RECT", "1D_ARRAY", "2D_ARRAY", "BUFFER",
                             "CUBEARRAY", "2D_MSAA", "2D_ARRAY_MSAA"}) {
    std::string error;
    const std::string t_ = std::string(target);
    const TranslatedShader t = translate_text(
        compute_shader("DCL IMAGE[3], " + t_ + ", PIPE_FORMAT_R32_FLOAT\nDCL TEMP[0]\n",
                       "LOAD TEMP[0], IMAGE[3], TEMP[0], " + t_ +
                           ", PIPE_FORMAT_R32_FLOAT\nRESQ TEMP[0], IMAGE[3]\n"),
        &error);
    ASSERT_FALSE(t.glsl.empty()) << target << ": " << error;
    ASSERT_EQ(t.images.size(), 1u);
    EXPECT_EQ(t.images[0].slot, 3u);
    EXPECT_FALSE(t.images[0].writable) << "no WR: declared readonly";
    const GLuint program = gl->link({{GL_COMPUTE_SHADER, t.glsl}}, &error);
    EXPECT_NE(program, 0u) << target << ": " << error << t.glsl;
    glDeleteProgram(program);
  }
}

TEST(ImageDeclarations, FormatlessImagesAreWriteOnly) {
  std::string error;
  const TranslatedShader t = translate_text(
      compute_shader("DCL IMAGE[0], 2D, PIPE_FORMAT_NONE, WR\nDCL TEMP[0]\n",
                     "STORE IMAGE[0], TEMP[0], TEMP[0], 2D\n"),
      &error);
  ASSERT_FALSE(t.glsl.empty()) << error;
  EXPECT_NE(t.glsl.find("uniform writeonly highp image2D vgpu_image0"), std::string::npos);
  EXPECT_FALSE(t.images[0].readable);
}

// IMAGE[ADDR[0].x] over two images of different element types: each is a separate GLSL image,
// so the translator tests the index; the program links with both accesses in it.
TEST(ImageDeclarations, AnIndirectImageIndexSelectsAmongTheDeclaredImages) {
  GlContext* gl = GlContext::get(nullptr);
  ASSERT_NE(gl, nullptr);
  std::string error;
  const TranslatedShader t = translate_text(
      compute_shader("DCL IMAGE[0], 2D, PIPE_FORMAT_R32_UINT, WR\n"
                     "DCL IMAGE[1], 2D, PIPE_FORMAT_R32_FLOAT, WR\nDCL ADDR[0]\nDCL TEMP[0]\n"
                     "IMM[0] UINT32 {1, 0, 0, 0}\n",
                     "UARL ADDR[0].x, IMM[0].xxxx\n"
                     "STORE IMAGE[ADDR[0].x], TEMP[0], TEMP[0], 2D, PIPE_FORMAT_R32_UINT\n"),
      &error);
  ASSERT_FALSE(t.glsl.empty()) << error;
  EXPECT_NE(t.glsl.find("== 0) {"), std::string::npos) << t.glsl;
  EXPECT_NE(t.glsl.find("imageStore(vgpu_image1"), std::string::npos) << t.glsl;
  const GLuint program = gl->link({{GL_COMPUTE_SHADER, t.glsl}}, &error);
  EXPECT_NE(program, 0u) << error;
  glDeleteProgram(program);
}

// A 4x4 R32UI texture with texel (x, y) = 10 * y + x: the shader loads (1, 2), adds 5 to (0, 0)
// atomically and queries the size; the old value, the load and the size land in BUFFER[0].
constexpr const char* kRunDecls =
    "DCL IMAGE[0], 2D, PIPE_FORMAT_R32_UINT, WR\nDCL TEMP[0..2]\n"
    "IMM[0] UINT32 {1, 2, 0, 5}\nIMM[1] UINT32 {0, 4, 8, 12}\n";
constexpr const char* kRunBody =
    "LOAD TEMP[0], IMAGE[0], IMM[0].xyzz, 2D, PIPE_FORMAT_R32_UINT\n"
    "STORE BUFFER[0].x, IMM[1].xxxx, TEMP[0].xxxx\n"
    "ATOMUADD TEMP[1], IMAGE[0], IMM[0].zzzz, IMM[0].wwww, 2D, PIPE_FORMAT_R32_UINT\n"
    "STORE BUFFER[0].x, IMM[1].yyyy, TEMP[1].xxxx\n"
    "RESQ TEMP[2].xy, IMAGE[0]\n"
    "STORE BUFFER[0].xy, IMM[1].zzzz, TEMP[2].xyyy\n";

TEST(ImageOpcodes, LoadAtomicAndResqRunOnABoundImage) {
  std::string error;
  GlContext* gl = GlContext::get(&error);
  ASSERT_NE(gl, nullptr) << error;
  const TranslatedShader t = translate_text(compute_shader(kRunDecls, kRunBody), &error);
  ASSERT_FALSE(t.glsl.empty()) << error;
  std::vector<uint32_t> texels(16);
  for (uint32_t i = 0; i < 16; ++i) texels[i] = 10 * (i / 4) + i % 4;
  GLuint texture = 0;
  glCreateTextures(GL_TEXTURE_2D, 1, &texture);
  glTextureStorage2D(texture, 1, GL_R32UI, 4, 4);
  glTextureSubImage2D(texture, 0, 0, 0, 4, 4, GL_RED_INTEGER, GL_UNSIGNED_INT, texels.data());
  glBindImageTexture(image_unit(Stage::COMPUTE, 0), texture, 0, GL_FALSE, 0, GL_READ_WRITE,
                     GL_R32UI);
  const auto out = run_compute(t.glsl, std::vector<uint32_t>(4, 0), &error);
  glMemoryBarrier(GL_TEXTURE_UPDATE_BARRIER_BIT);
  glGetTextureImage(texture, 0, GL_RED_INTEGER, GL_UNSIGNED_INT, 64, texels.data());
  glDeleteTextures(1, &texture);
  ASSERT_EQ(out.size(), 4u) << error;
  EXPECT_EQ(out, (std::vector<uint32_t>{21, 0, 4, 4}));
  EXPECT_EQ(texels[0], 5u);
}

}  // namespace
}  // namespace vgpu::shader::testing
