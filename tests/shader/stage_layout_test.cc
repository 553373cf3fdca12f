// Geometry and tessellation shaders translated with their stage properties (stage_layout.cc),
// linked with the stages around them and drawn on llvmpipe: a GS that re-emits its triangle
// (EMIT/ENDPRIM), a TCS + TES pair that tessellates it, and each property value compiled.
#include <gtest/gtest.h>

#include <array>
#include <bit>
#include <string>
#include <vector>

#include "tests/shader/gl_fixture.h"
#include "tests/shader/opcode_coverage.h"
#include "tests/shader/shader_test_util.h"

namespace vgpu::shader::testing {
namespace {

constexpr std::array<float, 4> kColor = {0.25f, 0.5f, 0.75f, 1.0f};
constexpr const char* kColorImmediate = "IMM[1] FLT32 {0.25, 0.5, 0.75, 1.0}\n";

// The fragment shader every program ends with: GENERIC[0] as raw bits into COLOR[0].
constexpr const char* kFragment =
    "FRAG\nDCL IN[0], GENERIC[0], CONSTANT\nDCL OUT[0], COLOR\nMOV OUT[0], IN[0]\nEND\n";

std::string geometry_shader(const std::string& properties) {
  return "GEOM\n" + properties + "DCL IN[][0], POSITION\nDCL OUT[0], POSITION\n"
         "DCL OUT[1], GENERIC[0]\nIMM[0] UINT32 {0, 0, 0, 0}\n" + kColorImmediate +
         "MOV OUT[0], IN[0][0]\nMOV OUT[1], IMM[1]\nEMIT IMM[0].xxxx\n"
         "MOV OUT[0], IN[1][0]\nMOV OUT[1], IMM[1]\nEMIT IMM[0].xxxx\n"
         "MOV OUT[0], IN[2][0]\nMOV OUT[1], IMM[1]\nEMIT IMM[0].xxxx\n"
         "ENDPRIM IMM[0].xxxx\nEND\n";
}
constexpr const char* kTrianglesIn =
    "PROPERTY GS_INPUT_PRIMITIVE TRIANGLES\nPROPERTY GS_OUTPUT_PRIMITIVE TRIANGLE_STRIP\n"
    "PROPERTY GS_MAX_OUTPUT_VERTICES 3\nPROPERTY GS_INVOCATIONS 1\n";

constexpr const char* kTessControl =
    "TESS_CTRL\nPROPERTY TCS_VERTICES_OUT 3\nDCL IN[][0], POSITION\nDCL SV[0], INVOCATIONID\n"
    "DCL OUT[][0], POSITION\nDCL OUT[1], TESSOUTER\nDCL OUT[2], TESSINNER\nDCL ADDR[0]\n"
    "IMM[0] FLT32 {2.0, 2.0, 2.0, 2.0}\n"
    "UARL ADDR[0].x, SV[0].xxxx\nMOV OUT[ADDR[0].x][0], IN[ADDR[0].x][0]\n"
    "MOV OUT[1], IMM[0]\nMOV OUT[2], IMM[0]\nEND\n";

std::string tess_eval(const std::string& properties) {
  return "TESS_EVAL\n" + properties + "DCL IN[][0], POSITION\nDCL SV[0], TESSCOORD\n"
         "DCL OUT[0], POSITION\nDCL OUT[1], GENERIC[0]\nDCL TEMP[0]\nIMM[0] FLT32 {0.0, 0.0, 0.0, 0.0}\n" +
         kColorImmediate +
         "MUL TEMP[0], IN[0][0], SV[0].xxxx\nMAD TEMP[0], IN[1][0], SV[0].yyyy, TEMP[0]\n"
         "MAD TEMP[0], IN[2][0], SV[0].zzzz, TEMP[0]\nMOV OUT[0], TEMP[0]\nMOV OUT[1], IMM[1]\n"
         "END\n";
}
constexpr const char* kTriangleDomain =
    "PROPERTY TES_PRIM_MODE TRIANGLES\nPROPERTY TES_SPACING 2\nPROPERTY TES_VERTEX_ORDER_CW 0\n"
    "PROPERTY TES_POINT_MODE 0\n";

void expect_every_pixel_has_the_colour(const std::vector<std::array<uint32_t, 4>>& pixels) {
  ASSERT_EQ(pixels.size(), 16u);
  for (size_t p = 0; p < pixels.size(); ++p) {
    for (size_t c = 0; c < 4; ++c) {
      EXPECT_EQ(pixels[p][c], std::bit_cast<uint32_t>(kColor[c])) << "pixel " << p << "." << c;
    }
  }
}

TEST(GeometryShader, EmitAndEndPrimitiveDrawTheTriangle) {
  std::string error;
  const auto pixels = draw_chain({geometry_shader(kTrianglesIn), kFragment}, GL_TRIANGLES, &error);
  ASSERT_FALSE(pixels.empty()) << error;
  expect_every_pixel_has_the_colour(pixels);
}

// A GS input declared without `[]` is per-vertex all the same (Mesa's TGSI parser reads both
// forms alike; a plain `in vec4` does not compile in a GS): its GLSL compiles, and a reference
// without a vertex index reads vertex 0.  The renderer fuzzer found the plain declaration.
TEST(GeometryShader, InputsDeclaredWithoutBracketsArePerVertex) {
  std::string error;
  GlContext* gl = GlContext::get(&error);
  ASSERT_NE(gl, nullptr) << error;
  const std::string gs = std::string("GEOM\n") + kTrianglesIn +
                         "DCL IN[0], POSITION\nDCL IN[1], GENERIC[0], PERSPECTIVE\n"
                         "DCL OUT[0], POSITION\nDCL OUT[1], GENERIC[0]\nIMM[0] UINT32 {0, 0, 0, 0}\n"
                         "MOV OUT[0], IN[2][0]\nMOV OUT[1], IN[1]\nEMIT IMM[0].xxxx\nEND\n";
  const TranslatedShader t = translate_text(gs, &error);
  ASSERT_FALSE(t.glsl.empty()) << error;
  EXPECT_NE(t.glsl.find("in vec4 vgpu_generic0[];"), std::string::npos) << t.glsl;
  EXPECT_NE(t.glsl.find("vgpu_generic0[0]"), std::string::npos) << t.glsl;
  std::string log;
  const GLuint program = gl->link({{GL_GEOMETRY_SHADER, t.glsl}}, &log, /*separable=*/true);
  EXPECT_NE(program, 0u) << log;
  glDeleteProgram(program);
  EXPECT_TRUE(gl->take_errors().empty());
}

TEST(Tessellation, ControlAndEvaluationShadersDrawThePatch) {
  std::string error;
  const auto pixels =
      draw_chain({kTessControl, tess_eval(kTriangleDomain), kFragment}, GL_PATCHES, &error);
  ASSERT_FALSE(pixels.empty()) << error;
  expect_every_pixel_has_the_colour(pixels);
}

// Every value of the stage properties gives GLSL that compiles and links in the same chains.
TEST(StageProperties, EveryValueCompilesAndLinks) {
  std::string error;
  GlContext* gl = GlContext::get(&error);
  ASSERT_NE(gl, nullptr) << error;
  const std::vector<std::vector<std::string>> chains = {
      {geometry_shader("PROPERTY GS_INPUT_PRIMITIVE TRIANGLES\nPROPERTY GS_OUTPUT_PRIMITIVE "
                       "POINTS\nPROPERTY GS_MAX_OUTPUT_VERTICES 3\nPROPERTY GS_INVOCATIONS 1\n"),
       kFragment},
      {geometry_shader("PROPERTY GS_INPUT_PRIMITIVE TRIANGLES\nPROPERTY GS_OUTPUT_PRIMITIVE "
                       "LINE_STRIP\nPROPERTY GS_MAX_OUTPUT_VERTICES 4\nPROPERTY GS_INVOCATIONS 4\n"),
       kFragment},
      {kTessControl, tess_eval("PROPERTY TES_PRIM_MODE TRIANGLES\nPROPERTY TES_SPACING 0\n"
                               "PROPERTY TES_VERTEX_ORDER_CW 1\nPROPERTY TES_POINT_MODE 1\n"),
       kFragment},
      {kTessControl, tess_eval("PROPERTY TES_PRIM_MODE QUADS\nPROPERTY TES_SPACING 1\n"), kFragment},
      {kTessControl, tess_eval("PROPERTY TES_PRIM_MODE LINES\nPROPERTY TES_SPACING 2\n"), kFragment},
  };
  for (const auto& chain : chains) {
    const auto translated = translate_chain(chain, &error);
    ASSERT_FALSE(translated.empty()) << error << "\n" << chain[0] << chain[1];
    std::vector<std::pair<GLenum, std::string>> stages = {
        {GL_VERTEX_SHADER, "#version 430 core\nvoid main() { gl_Position = vec4(0.0); }\n"}};
    for (const TranslatedShader& t : translated) stages.emplace_back(gl_stage(t.stage), t.glsl);
    const GLuint program = gl->link(stages, &error);
    EXPECT_NE(program, 0u) << error;
    glDeleteProgram(program);
    const auto errors = gl->take_errors();
    EXPECT_TRUE(errors.empty()) << errors.front();
  }
}

}  // namespace

std::vector<CoveredOpcodes> stage_opcode_coverage() {
  return {{"EMIT ENDPRIM", Coverage::Runs, geometry_shader(kTrianglesIn)}};
}

}  // namespace vgpu::shader::testing
