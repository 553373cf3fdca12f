// A vertex and a fragment shader translated apart, linked by varying name and drawn on
// llvmpipe: vertex attribute location, GENERIC varying with flat interpolation, CONST[0] as a
// uniform block at its fixed binding, COLOR[0] at location 0.
#include <gtest/gtest.h>

#include <array>
#include <string>

#include "tests/shader/gl_fixture.h"
#include "tests/shader/shader_test_util.h"

namespace vgpu::shader::testing {
namespace {

constexpr const char* kVertex =
    "VERT\nDCL IN[0]\nDCL OUT[0], POSITION\nDCL OUT[1], GENERIC[3]\n"
    "IMM[0] FLT32 {0.5, 0.25, 1.0, 1.0}\n"
    "MOV OUT[0], IN[0]\nMOV OUT[1], IMM[0]\nEND\n";
constexpr const char* kFragment =
    "FRAG\nDCL IN[0], GENERIC[3], CONSTANT\nDCL OUT[0], COLOR\nDCL CONST[0][0]\nDCL TEMP[0]\n"
    "MUL TEMP[0], IN[0], CONST[0][0]\nMOV OUT[0], TEMP[0]\nEND\n";

TEST(Linkage, VertexAndFragmentShadersLinkAndDraw) {
  std::string error;
  // The renderer's order: each stage's key describes its neighbour's interface (GLSL 4.30
  // wants interpolation qualifiers to match, so the VS needs to know the FS says CONSTANT).
  const TranslatedShader vs_alone = translate_text(kVertex, &error);
  ASSERT_FALSE(vs_alone.glsl.empty()) << error;
  ShaderKey fs_key;
  fs_key.has_prev_stage = true;
  fs_key.prev_stage_outputs = vs_alone.outputs;
  const TranslatedShader fs = translate_text(kFragment, &error, fs_key);
  ASSERT_FALSE(fs.glsl.empty()) << error;
  ShaderKey vs_key;
  vs_key.has_next_stage = true;
  vs_key.next_stage_inputs = fs.inputs;
  const TranslatedShader vs = translate_text(kVertex, &error, vs_key);
  ASSERT_FALSE(vs.glsl.empty()) << error;
  EXPECT_EQ(vs.vertex_attrib_mask, 1u);
  EXPECT_EQ(fs.const_buffer_mask, 1u);
  EXPECT_EQ(fs.color_output_mask, 1u);
  ASSERT_EQ(fs.inputs.size(), 1u);
  EXPECT_EQ(fs.inputs[0].interpolation, Interpolation::Constant);

  GlContext* gl = GlContext::get(&error);
  ASSERT_NE(gl, nullptr) << error;
  const GLuint program =
      gl->link({{GL_VERTEX_SHADER, vs.glsl}, {GL_FRAGMENT_SHADER, fs.glsl}}, &error);
  ASSERT_NE(program, 0u) << error;

  GLuint fbo = 0, texture = 0, vao = 0, vbo = 0, ubo = 0;
  glGenTextures(1, &texture);
  glBindTexture(GL_TEXTURE_2D, texture);
  glTexStorage2D(GL_TEXTURE_2D, 1, GL_RGBA8, 4, 4);
  glGenFramebuffers(1, &fbo);
  glBindFramebuffer(GL_FRAMEBUFFER, fbo);
  glFramebufferTexture2D(GL_FRAMEBUFFER, GL_COLOR_ATTACHMENT0, GL_TEXTURE_2D, texture, 0);
  glViewport(0, 0, 4, 4);
  const std::array<float, 12> triangle = {-1, -1, 0, 1, 3, -1, 0, 1, -1, 3, 0, 1};
  glGenVertexArrays(1, &vao);
  glBindVertexArray(vao);
  glGenBuffers(1, &vbo);
  glBindBuffer(GL_ARRAY_BUFFER, vbo);
  glBufferData(GL_ARRAY_BUFFER, sizeof triangle, triangle.data(), GL_STATIC_DRAW);
  glVertexAttribPointer(vertex_attrib_location(0), 4, GL_FLOAT, GL_FALSE, 0, nullptr);
  glEnableVertexAttribArray(vertex_attrib_location(0));
  const std::array<float, 4> constant = {1.0f, 2.0f, 0.5f, 1.0f};
  glGenBuffers(1, &ubo);
  glBindBuffer(GL_UNIFORM_BUFFER, ubo);
  glBufferData(GL_UNIFORM_BUFFER, sizeof constant, constant.data(), GL_STATIC_DRAW);
  glBindBufferBase(GL_UNIFORM_BUFFER, uniform_block_binding(Stage::FRAGMENT, 0), ubo);
  glUseProgram(program);
  glDrawArrays(GL_TRIANGLES, 0, 3);
  std::array<uint8_t, 4> pixel{};
  glReadPixels(1, 1, 1, 1, GL_RGBA, GL_UNSIGNED_BYTE, pixel.data());
  // (0.5, 0.25, 1, 1) * (1, 2, 0.5, 1) = (0.5, 0.5, 0.5, 1)
  EXPECT_NEAR(pixel[0], 128, 1);
  EXPECT_NEAR(pixel[1], 128, 1);
  EXPECT_NEAR(pixel[2], 128, 1);
  EXPECT_EQ(pixel[3], 255);
  glDeleteProgram(program);
  glDeleteBuffers(1, &vbo);
  glDeleteBuffers(1, &ubo);
  glDeleteVertexArrays(1, &vao);
  glDeleteFramebuffers(1, &fbo);
  glDeleteTextures(1, &texture);
  const auto errors = gl->take_errors();
  EXPECT_TRUE(errors.empty()) << errors.front();
}

}  // namespace
}  // namespace vgpu::shader::testing
