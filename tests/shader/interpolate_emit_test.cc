// INTERP_CENTROID / INTERP_SAMPLE / INTERP_OFFSET run on llvmpipe: a vertex shader hands the
// fragment shader its window position as GENERIC[0], so the value interpolated at the centroid
// or sample 0 of a single-sample pixel is the pixel centre, and at an offset the centre moved
// by that offset.  Swizzles, modifiers and an indirectly addressed input array go through too.
#include <gtest/gtest.h>

#include <bit>
#include <cmath>
#include <string>

#include "tests/shader/opcode_coverage.h"
#include "decoder/tgsi/tables.h"
#include "tests/shader/gl_fixture.h"
#include "tests/shader/shader_test_util.h"

namespace vgpu::shader::testing {
namespace {

constexpr int kWindow = 4;

// GENERIC[k] = (k + 1) * (window x, window y, 0, 1) for k = 0..3, through the varyings' names as
// the translator writes them.
std::string position_vertex_shader() {
  constexpr auto kGeneric = static_cast<uint32_t>(tgsi::Semantic::GENERIC);
  std::string decls, body;
  for (uint32_t k = 0; k < 4; ++k) {
    const std::string name = varying_name(kGeneric, k);
    decls += "out vec4 " + name + ";\n";
    body += "  " + name + " = " + std::to_string(k + 1) + ".0 * vec4(window, 0.0, 1.0);\n";
  }
  return "#version 430 core\n" + decls + "void main() {\n"
         "  vec2 ndc = vec2(gl_VertexID == 1 ? 3.0 : -1.0, gl_VertexID == 2 ? 3.0 : -1.0);\n"
         "  gl_Position = vec4(ndc, 0.0, 1.0);\n"
         "  vec2 window = (ndc * 0.5 + 0.5) * " + std::to_string(kWindow) + ".0;\n" + body + "}\n";
}

constexpr const char* kDecls =
    "FRAG\nDCL IN[0..1], GENERIC[0], ARRAY(1), PERSPECTIVE\nDCL OUT[0], COLOR\n"
    "DCL TEMP[0..1]\nDCL ADDR[0]\n"
    "IMM[0] FLT32 {0.25, -0.25, 0.0, 1.0}\nIMM[1] INT32 {0, 1, 0, 0}\n";

struct InterpRow {
  const char* opcodes;
  const char* body;  // writes OUT[0]
  // The expected colour of the pixel whose centre is (x, y).
  std::array<float, 4> (*expected)(float x, float y);
};

const InterpRow kRows[] = {
    {"INTERP_CENTROID", "INTERP_CENTROID TEMP[0], IN[0]\nMOV OUT[0], TEMP[0]\n",
     [](float x, float y) { return std::array<float, 4>{x, y, 0.0f, 1.0f}; }},
    {"INTERP_SAMPLE", "INTERP_SAMPLE TEMP[0], -IN[0].yxwz, IMM[1].xxxx\nMOV OUT[0], TEMP[0]\n",
     [](float x, float y) { return std::array<float, 4>{-y, -x, -1.0f, 0.0f}; }},
    {"INTERP_OFFSET", "INTERP_OFFSET TEMP[0], IN[0], IMM[0].xyxy\nMOV OUT[0], TEMP[0]\n",
     [](float x, float y) { return std::array<float, 4>{x + 0.25f, y - 0.25f, 0.0f, 1.0f}; }},
    // IN[ADDR[0].x] with ADDR[0].x = 1: GENERIC[1], twice the position.
    {"INTERP_OFFSET UARL",
     "UARL ADDR[0].x, IMM[1].yyyy\nINTERP_OFFSET TEMP[0], IN[ADDR[0].x](ARRAY(1)), IMM[0].xyxy\n"
     "MOV OUT[0], TEMP[0]\n",
     [](float x, float y) {
       return std::array<float, 4>{2 * (x + 0.25f), 2 * (y - 0.25f), 0.0f, 2.0f};
     }},
};

std::string row_shader(const InterpRow& row) { return std::string(kDecls) + row.body + "END\n"; }

void PrintTo(const InterpRow& row, std::ostream* os) { *os << row.opcodes; }

class InterpolateAt : public ::testing::TestWithParam<InterpRow> {};

TEST_P(InterpolateAt, ReadsTheInputWhereTheOpcodeSays) {
  const InterpRow& row = GetParam();
  std::string error;
  ShaderKey key;
  key.color_uint_mask = 1;
  const TranslatedShader t = translate_text(row_shader(row), &error, key);
  ASSERT_FALSE(t.glsl.empty()) << error;
  EXPECT_NE(t.glsl.find("interpolateAt"), std::string::npos) << t.glsl;
  const auto pixels = run_draw({{GL_VERTEX_SHADER, position_vertex_shader()},
                                {GL_FRAGMENT_SHADER, t.glsl}},
                               GL_TRIANGLES, kWindow, kWindow, &error);
  ASSERT_EQ(pixels.size(), static_cast<size_t>(kWindow * kWindow)) << error << "\n" << t.glsl;
  for (int y = 0; y < kWindow; ++y) {
    for (int x = 0; x < kWindow; ++x) {
      const auto want = row.expected(static_cast<float>(x) + 0.5f, static_cast<float>(y) + 0.5f);
      const auto& got = pixels[static_cast<size_t>(y * kWindow + x)];
      for (size_t c = 0; c < 4; ++c) {
        EXPECT_NEAR(std::bit_cast<float>(got[c]), want[c], 1e-4)
            << "pixel " << x << "," << y << " channel " << c << "\n" << t.glsl;
      }
    }
  }
}

INSTANTIATE_TEST_SUITE_P(EveryInterpolationOpcode, InterpolateAt, ::testing::ValuesIn(kRows));

// Only fragment inputs can be interpolated elsewhere: anything else is refused by name.
TEST(InterpolateAtRefusal, NonInputOperandIsRefusedWithItsLine) {
  std::string error;
  const TranslatedShader t =
      translate_text(std::string(kDecls) + "INTERP_CENTROID TEMP[0], TEMP[1]\nEND\n", &error);
  EXPECT_TRUE(t.glsl.empty());
  EXPECT_EQ(error, "translate: 8:1: interpolation opcodes read fragment shader inputs only");
}

// Mesa's shaders for piglit's interpolateAtCentroid / interpolateAtSample tests (corpus/shaders)
// draw green (0, 1, 0, 1) where the value interpolated there equals the plainly interpolated
// one, which holds on a single-sample target.
TEST(InterpolateAtRealShaders, CentroidAndSampleOfASingleSamplePixelAreTheCentre) {
  for (const char* name : {"fs-07c9a23ddd7e8746.tgsi", "fs-fac2a01ddcb7cab6.tgsi"}) {
    std::string error;
    ShaderKey key;
    key.color_uint_mask = 1;
    const TranslatedShader t = translate_text(read_corpus_shader(name), &error, key);
    ASSERT_FALSE(t.glsl.empty()) << name << ": " << error;
    ASSERT_NE(GlContext::get(&error), nullptr) << error;
    const GLuint constants = bind_constant_buffer(Stage::FRAGMENT, 0, {0, 0, 0, 0});
    const auto pixels = run_draw({{GL_VERTEX_SHADER, position_vertex_shader()},
                                  {GL_FRAGMENT_SHADER, t.glsl}},
                                 GL_TRIANGLES, kWindow, kWindow, &error);
    glDeleteBuffers(1, &constants);
    ASSERT_EQ(pixels.size(), static_cast<size_t>(kWindow * kWindow)) << name << ": " << error;
    const std::array<uint32_t, 4> green = {0, std::bit_cast<uint32_t>(1.0f), 0,
                                           std::bit_cast<uint32_t>(1.0f)};
    for (const auto& p : pixels) EXPECT_EQ(p, green) << name;
  }
}

}  // namespace

std::vector<CoveredOpcodes> interpolate_opcode_coverage() {
  std::vector<CoveredOpcodes> rows;
  for (const InterpRow& row : kRows) rows.push_back({row.opcodes, Coverage::Runs, row_shader(row)});
  return rows;
}

}  // namespace vgpu::shader::testing
