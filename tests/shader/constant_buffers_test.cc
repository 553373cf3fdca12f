// Constant buffers selected by a register, CONST[ADDR[1].x + 1][...], as Mesa writes an array of
// uniform blocks indexed by a variable: run on llvmpipe with a different buffer bound to each
// block, the element clamped into the chosen buffer and a buffer index past them reading zero.
#include <gtest/gtest.h>

#include <array>
#include <string>
#include <vector>

#include "tests/shader/gl_fixture.h"
#include "tests/shader/shader_test_util.h"

namespace vgpu::shader::testing {
namespace {

// CONST[b] holds b * 1000 + element * 10 + component in each word.
constexpr std::array<uint32_t, 4> kBufferElements = {1, 2, 3, 1};

std::vector<GLuint> bind_constant_buffers() {
  std::vector<GLuint> buffers;
  for (uint32_t b = 0; b < kBufferElements.size(); ++b) {
    std::vector<uint32_t> words;
    for (uint32_t e = 0; e < kBufferElements[b]; ++e) {
      for (uint32_t c = 0; c < 4; ++c) words.push_back(b * 1000 + e * 10 + c);
    }
    buffers.push_back(bind_constant_buffer(Stage::COMPUTE, b, words));
  }
  return buffers;
}

// Each case: ADDR[1].x (the buffer, minus 1) and ADDR[0].x (the element) from IMM[1], the read,
// and the four words stored at 16 * case.
constexpr const char* kDecls =
    "DCL CONST[0][0]\nDCL CONST[1][0..1]\nDCL CONST[2][0..2]\nDCL CONST[3][0]\n"
    "DCL ADDR[0..1]\nDCL TEMP[0]\n"
    "IMM[0] UINT32 {0, 16, 32, 48}\nIMM[1] INT32 {0, 1, 5, 7}\nIMM[2] UINT32 {64, 0, 0, 0}\n";
constexpr const char* kBody =
    // CONST[0 + 1][1]
    "UARL ADDR[1].x, IMM[1].xxxx\nUARL ADDR[0].x, IMM[1].yyyy\n"
    "MOV TEMP[0], CONST[ADDR[1].x+1][ADDR[0].x]\nSTORE BUFFER[0], IMM[0].xxxx, TEMP[0]\n"
    // CONST[1 + 1][2], the element direct, swizzled
    "UARL ADDR[1].x, IMM[1].yyyy\n"
    "MOV TEMP[0], CONST[ADDR[1].x+1][2].wzyx\nSTORE BUFFER[0], IMM[0].yyyy, TEMP[0]\n"
    // CONST[0 + 1][5]: the element clamped to CONST[1]'s last
    "UARL ADDR[1].x, IMM[1].xxxx\nUARL ADDR[0].x, IMM[1].zzzz\n"
    "MOV TEMP[0], CONST[ADDR[1].x+1][ADDR[0].x]\nSTORE BUFFER[0], IMM[0].zzzz, TEMP[0]\n"
    // CONST[7 + 1]: no such buffer, zero
    "UARL ADDR[1].x, IMM[1].wwww\n"
    "MOV TEMP[0], CONST[ADDR[1].x+1][0]\nSTORE BUFFER[0], IMM[0].wwww, TEMP[0]\n"
    // CONST[ADDR[1].x - 5] with ADDR[1].x = 7: CONST[2][0], a negative offset
    "MOV TEMP[0], CONST[ADDR[1].x-5][0]\nSTORE BUFFER[0], IMM[2].xxxx, TEMP[0]\n";

TEST(IndirectConstantBuffer, SelectsTheBufferTheRegisterNames) {
  std::string error;
  const TranslatedShader t = translate_text(compute_shader(kDecls, kBody), &error);
  ASSERT_FALSE(t.glsl.empty()) << error;
  EXPECT_EQ(t.const_buffer_mask, 0b1111u);
  EXPECT_EQ(t.const_buffer_sizes[2], 3u * 16);
  ASSERT_NE(GlContext::get(&error), nullptr) << error;
  std::vector<GLuint> buffers = bind_constant_buffers();
  const std::vector<uint32_t> words = run_compute(t.glsl, std::vector<uint32_t>(20, 0xffu), &error);
  glDeleteBuffers(static_cast<GLsizei>(buffers.size()), buffers.data());
  ASSERT_EQ(words.size(), 20u) << error << "\n" << t.glsl;
  const std::vector<uint32_t> expected = {
      1010, 1011, 1012, 1013,  // CONST[1][1]
      2023, 2022, 2021, 2020,  // CONST[2][2].wzyx
      1010, 1011, 1012, 1013,  // CONST[1][5] -> CONST[1][1]
      0,    0,    0,    0,     // CONST[8]
      2000, 2001, 2002, 2003,  // CONST[2][0]
  };
  EXPECT_EQ(words, expected) << t.glsl;
}

// Mesa's fragment shader for `ubo[2 * min(u, 2) + 1].v[i]` (corpus/shaders, captured from
// piglit): CONST[0][0].x = 1 and CONST[0][1].x = 1 read CONST[4][1] into every pixel.
TEST(IndirectConstantBuffer, RealShaderReadsTheChosenBlock) {
  std::string error;
  ShaderKey key;
  key.color_uint_mask = 1;
  const TranslatedShader t = translate_text(read_corpus_shader("fs-286dd8d2174de006.tgsi"), &error, key);
  ASSERT_FALSE(t.glsl.empty()) << error;
  ASSERT_NE(GlContext::get(&error), nullptr) << error;
  std::vector<GLuint> buffers = {bind_constant_buffer(Stage::FRAGMENT, 0, {1, 0, 0, 0, 1, 0, 0, 0})};
  for (uint32_t b = 1; b <= 6; ++b) {
    std::vector<uint32_t> words;
    for (uint32_t e = 0; e < 2; ++e) {
      for (uint32_t c = 0; c < 4; ++c) words.push_back(b * 1000 + e * 10 + c);
    }
    buffers.push_back(bind_constant_buffer(Stage::FRAGMENT, b, words));
  }
  const auto pixels = run_fragment(t.glsl, 2, 2, &error);
  glDeleteBuffers(static_cast<GLsizei>(buffers.size()), buffers.data());
  ASSERT_EQ(pixels.size(), 4u) << error << "\n" << t.glsl;
  for (const auto& p : pixels) EXPECT_EQ(p, (std::array<uint32_t, 4>{4010, 4011, 4012, 4013}));
}

}  // namespace
}  // namespace vgpu::shader::testing
