// CLIPVERTEX read by a geometry shader: the vertex shader's clip vertex reaches it as a varying
// when the key says the next stage reads it or says nothing of the next stage (and stays private
// before a fragment shader), drawn on llvmpipe.
#include <gtest/gtest.h>

#include <array>
#include <bit>
#include <string>
#include <vector>

#include "decoder/tgsi/tables.h"
#include "tests/shader/shader_test_util.h"

namespace vgpu::shader::testing {
namespace {

constexpr std::array<float, 4> kClipVertex = {0.125f, 0.25f, 0.5f, 1.0f};

// The window-covering triangle from VERTEXID (x = vid == 1 ? 3 : -1, y = vid == 2 ? 3 : -1),
// and a constant clip vertex.
constexpr const char* kVertex =
    "VERT\nDCL SV[0], VERTEXID\nDCL OUT[0], POSITION\nDCL OUT[1], CLIPVERTEX\nDCL TEMP[0]\n"
    "IMM[0] FLT32 {-1.0, 0.0, 1.0, 4.0}\nIMM[1] INT32 {1, 2, 0, 0}\n"
    "IMM[2] FLT32 {0.125, 0.25, 0.5, 1.0}\n"
    "USEQ TEMP[0].xy, SV[0].xxxx, IMM[1].xyyy\nAND TEMP[0].xy, TEMP[0].xyyy, IMM[0].wwww\n"
    "ADD TEMP[0].xy, TEMP[0].xyyy, IMM[0].xxxx\nMOV TEMP[0].z, IMM[0].yyyy\n"
    "MOV TEMP[0].w, IMM[0].zzzz\nMOV OUT[0], TEMP[0]\nMOV OUT[1], IMM[2]\nEND\n";

// Re-emits its triangle with each vertex's CLIPVERTEX input as GENERIC[0].
constexpr const char* kGeometry =
    "GEOM\nPROPERTY GS_INPUT_PRIMITIVE TRIANGLES\nPROPERTY GS_OUTPUT_PRIMITIVE TRIANGLE_STRIP\n"
    "PROPERTY GS_MAX_OUTPUT_VERTICES 3\nPROPERTY GS_INVOCATIONS 1\n"
    "DCL IN[][0], POSITION\nDCL IN[][1], CLIPVERTEX\nDCL OUT[0], POSITION\n"
    "DCL OUT[1], GENERIC[0]\nIMM[0] UINT32 {0, 0, 0, 0}\n"
    "MOV OUT[0], IN[0][0]\nMOV OUT[1], IN[0][1]\nEMIT IMM[0].xxxx\n"
    "MOV OUT[0], IN[1][0]\nMOV OUT[1], IN[1][1]\nEMIT IMM[0].xxxx\n"
    "MOV OUT[0], IN[2][0]\nMOV OUT[1], IN[2][1]\nEMIT IMM[0].xxxx\n"
    "ENDPRIM IMM[0].xxxx\nEND\n";

constexpr uint32_t kClipVertexSemantic = static_cast<uint32_t>(tgsi::Semantic::CLIPVERTEX);

// Every pixel of the 4 x 4 draw holds kClipVertex's bits (the FS writes GENERIC[0] as it came).
void expect_clip_vertex_everywhere(const std::vector<std::array<uint32_t, 4>>& pixels) {
  for (size_t p = 0; p < pixels.size(); ++p) {
    for (size_t c = 0; c < 4; ++c) {
      EXPECT_EQ(pixels[p][c], std::bit_cast<uint32_t>(kClipVertex[c])) << "pixel " << p;
    }
  }
}

constexpr const char* kFragment =
    "FRAG\nDCL IN[0], GENERIC[0], CONSTANT\nDCL OUT[0], COLOR\nMOV OUT[0], IN[0]\nEND\n";

TEST(ClipVertex, GeometryShaderReadsTheVertexShadersClipVertex) {
  std::string error;
  const auto chain = translate_chain({kVertex, kGeometry, kFragment}, &error);
  ASSERT_EQ(chain.size(), 3u) << error;
  EXPECT_NE(chain[0].glsl.find("out vec4 " + varying_name(kClipVertexSemantic, 0)), std::string::npos)
      << chain[0].glsl;
  const auto pixels = draw_chain({kVertex, kGeometry, kFragment}, GL_TRIANGLES, &error);
  ASSERT_EQ(pixels.size(), 16u) << error;
  expect_clip_vertex_everywhere(pixels);
}

// The renderer (program_cache.cc) describes only the fragment shader to the stage that writes
// for it: the VS before a GS is translated knowing nothing of its reader, and must pass the clip
// vertex on anyway.  Keys made here the way it makes them.
TEST(ClipVertex, PassedOnWhenTheReaderIsUnknown) {
  std::string error;
  ShaderKey fs_alone_key;
  fs_alone_key.color_uint_mask = 1;
  const TranslatedShader fs_alone = translate_text(kFragment, &error, fs_alone_key);
  const TranslatedShader vs = translate_text(kVertex, &error);
  ASSERT_FALSE(vs.glsl.empty()) << error;
  ShaderKey gs_key;  // the last stage before the rasterizer: it knows the fragment shader
  gs_key.has_prev_stage = true;
  gs_key.prev_stage_outputs = vs.outputs;
  gs_key.has_next_stage = true;
  gs_key.next_stage_inputs = fs_alone.inputs;
  const TranslatedShader gs = translate_text(kGeometry, &error, gs_key);
  ASSERT_FALSE(gs.glsl.empty()) << error;
  ShaderKey fs_key;
  fs_key.has_prev_stage = true;
  fs_key.prev_stage = Stage::GEOMETRY;
  fs_key.prev_stage_outputs = gs.outputs;
  fs_key.color_uint_mask = 1;
  const TranslatedShader fs = translate_text(kFragment, &error, fs_key);
  ASSERT_FALSE(fs.glsl.empty()) << error;
  const auto pixels = run_draw({{GL_VERTEX_SHADER, vs.glsl},
                                {GL_GEOMETRY_SHADER, gs.glsl},
                                {GL_FRAGMENT_SHADER, fs.glsl}},
                               GL_TRIANGLES, 4, 4, &error);
  ASSERT_EQ(pixels.size(), 16u) << error;
  expect_clip_vertex_everywhere(pixels);
}

// Facing a fragment shader (which never reads it) the clip vertex stays private: no varying
// slot is spent on it.
TEST(ClipVertex, StaysPrivateBeforeAFragmentShader) {
  std::string error;
  ShaderKey key;
  key.has_next_stage = true;
  key.next_stage_inputs = {Varying{static_cast<uint32_t>(tgsi::Semantic::GENERIC), 0}};
  const TranslatedShader vs = translate_text(kVertex, &error, key);
  ASSERT_FALSE(vs.glsl.empty()) << error;
  EXPECT_EQ(vs.glsl.find(varying_name(kClipVertexSemantic, 0)), std::string::npos) << vs.glsl;
  EXPECT_TRUE(vs.outputs.empty());
}

}  // namespace
}  // namespace vgpu::shader::testing
