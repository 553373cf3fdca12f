// Geometry and tessellation stages through DRAW_VBO: programs of every stage set, the
// primitive each stage takes, the tessellation state, and the GS outputs that pick a viewport
// or a layer.  Every case renders on llvmpipe and reads the pixels back.
#include <gtest/gtest.h>

#include <string>

#include "tests/renderer/draw_fixture.h"

namespace vgpu::renderer::testing {
namespace {

using virgl::ShaderStage;

constexpr const char* kTrianglesToStrip =
    "PROPERTY GS_INPUT_PRIMITIVE TRIANGLES\nPROPERTY GS_OUTPUT_PRIMITIVE TRIANGLE_STRIP\n"
    "PROPERTY GS_MAX_OUTPUT_VERTICES 3\nPROPERTY GS_INVOCATIONS 1\n";

// A GS re-emitting its triangle with GENERIC[0] red, plus `extra` outputs written from
// IMM[2] (OUT[2] onwards: "DCL OUT[2], LAYER\n" and so on).
std::string triangle_gs(const std::string& properties, const std::string& extra = "") {
  std::string emit;
  for (int v = 0; v < 3; ++v) {
    emit += "MOV OUT[0], IN[" + std::to_string(v) + "][0]\nMOV OUT[1], IMM[1]\n";
    if (!extra.empty()) emit += "MOV OUT[2].x, IMM[2].xxxx\n";
    emit += "EMIT IMM[0].xxxx\n";
  }
  return "GEOM\n" + properties + "DCL IN[][0], POSITION\nDCL OUT[0], POSITION\n" +
         "DCL OUT[1], GENERIC[0]\n" + extra + "IMM[0] UINT32 {0, 0, 0, 0}\n" +
         "IMM[1] FLT32 {1.0, 0.0, 0.0, 1.0}\nIMM[2] UINT32 {1, 0, 0, 0}\n" + emit +
         "ENDPRIM IMM[0].xxxx\nEND\n";
}

// A GS that turns each point into a quad covering the target.
constexpr const char* kPointToQuad =
    "GEOM\nPROPERTY GS_INPUT_PRIMITIVE POINTS\nPROPERTY GS_OUTPUT_PRIMITIVE TRIANGLE_STRIP\n"
    "PROPERTY GS_MAX_OUTPUT_VERTICES 4\nPROPERTY GS_INVOCATIONS 1\n"
    "DCL IN[][0], POSITION\nDCL OUT[0], POSITION\nDCL OUT[1], GENERIC[0]\n"
    "IMM[0] UINT32 {0, 0, 0, 0}\nIMM[1] FLT32 {1.0, 0.0, 0.0, 1.0}\n"
    "IMM[2] FLT32 {-1.0, -1.0, 0.0, 1.0}\nIMM[3] FLT32 {1.0, -1.0, 0.0, 1.0}\n"
    "IMM[4] FLT32 {-1.0, 1.0, 0.0, 1.0}\nIMM[5] FLT32 {1.0, 1.0, 0.0, 1.0}\n"
    "MOV OUT[0], IMM[2]\nMOV OUT[1], IMM[1]\nEMIT IMM[0].xxxx\n"
    "MOV OUT[0], IMM[3]\nMOV OUT[1], IMM[1]\nEMIT IMM[0].xxxx\n"
    "MOV OUT[0], IMM[4]\nMOV OUT[1], IMM[1]\nEMIT IMM[0].xxxx\n"
    "MOV OUT[0], IMM[5]\nMOV OUT[1], IMM[1]\nEMIT IMM[0].xxxx\n"
    "ENDPRIM IMM[0].xxxx\nEND\n";

// TCS passing its patch of 3 through with every level 2.
constexpr const char* kTessControl =
    "TESS_CTRL\nPROPERTY TCS_VERTICES_OUT 3\nDCL IN[][0], POSITION\nDCL SV[0], INVOCATIONID\n"
    "DCL OUT[][0], POSITION\nDCL OUT[1], TESSOUTER\nDCL OUT[2], TESSINNER\nDCL ADDR[0]\n"
    "IMM[0] FLT32 {2.0, 2.0, 2.0, 2.0}\n"
    "UARL ADDR[0].x, SV[0].xxxx\nMOV OUT[ADDR[0].x][0], IN[ADDR[0].x][0]\n"
    "MOV OUT[1], IMM[0]\nMOV OUT[2], IMM[0]\nEND\n";

// TES interpolating the triangle's positions, GENERIC[0] red.
constexpr const char* kTessEval =
    "TESS_EVAL\nPROPERTY TES_PRIM_MODE TRIANGLES\nPROPERTY TES_SPACING 2\n"
    "PROPERTY TES_VERTEX_ORDER_CW 0\nPROPERTY TES_POINT_MODE 0\n"
    "DCL IN[][0], POSITION\nDCL SV[0], TESSCOORD\nDCL OUT[0], POSITION\n"
    "DCL OUT[1], GENERIC[0]\nDCL TEMP[0]\nIMM[0] FLT32 {1.0, 0.0, 0.0, 1.0}\n"
    "MUL TEMP[0], IN[0][0], SV[0].xxxx\nMAD TEMP[0], IN[1][0], SV[0].yyyy, TEMP[0]\n"
    "MAD TEMP[0], IN[2][0], SV[0].zzzz, TEMP[0]\nMOV OUT[0], TEMP[0]\nMOV OUT[1], IMM[0]\nEND\n";

constexpr uint32_t kFullTarget = DrawTest::kSize * DrawTest::kSize;

class StagesTest : public DrawTest {
 protected:
  // The covering triangle in buffer 2, the generic-colour FS bound.
  virgl::Encoder covering_pipeline(uint32_t layers = 1) {
    buffer(2, kCoveringTriangle);
    virgl::Encoder enc = pipeline(2, layers);
    bind_shader(enc, 103, ShaderStage::FRAGMENT, kGenericFragment);
    return enc;
  }
  static virgl::DrawVbo patches(uint32_t vertices_per_patch) {
    virgl::DrawVbo d = draw(kPatches, 3);
    d.has_tess = true;
    d.vertices_per_patch = vertices_per_patch;
    return d;
  }
};

TEST_F(StagesTest, GeometryShaderReemitsTheTriangle) {
  virgl::Encoder enc = covering_pipeline();
  bind_shader(enc, 110, ShaderStage::GEOMETRY, triangle_gs(kTrianglesToStrip));
  enc.add(draw(kTriangles, 3));
  submit(enc);
  EXPECT_FALSE(any_rejection());
  EXPECT_EQ(red_pixels(read(1)), kFullTarget);
}

TEST_F(StagesTest, GeometryShaderTurnsPointsIntoQuads) {
  buffer(2, std::vector<float>{0, 0, 0});
  virgl::Encoder enc = pipeline(2);
  bind_shader(enc, 103, ShaderStage::FRAGMENT, kGenericFragment);
  bind_shader(enc, 110, ShaderStage::GEOMETRY, kPointToQuad);
  enc.add(draw(kPoints, 1));
  submit(enc);
  EXPECT_FALSE(any_rejection());
  EXPECT_EQ(red_pixels(read(1)), kFullTarget);
  // Sprite coordinates replace GENERIC[0] only where points are rasterized: not here.
  virgl::Encoder sprites;
  sprites.add(virgl::Clear{4, {}, 0, 0});
  virgl::CreateRasterizer rs;
  rs.handle = 120;
  rs.sprite_coord_enable = 1;
  rs.depth_clip = 1;
  rs.half_pixel_center = 1;
  sprites.add(rs);
  sprites.add(virgl::BindObject{2 /* RASTERIZER */, rs.handle});
  sprites.add(draw(kPoints, 1));
  submit(sprites);
  EXPECT_EQ(red_pixels(read(1)), kFullTarget);
}

TEST_F(StagesTest, TessellationShadersDrawThePatch) {
  virgl::Encoder enc = covering_pipeline();
  bind_shader(enc, 110, ShaderStage::TESS_CTRL, kTessControl);
  bind_shader(enc, 111, ShaderStage::TESS_EVAL, kTessEval);
  enc.add(patches(3));
  submit(enc);
  EXPECT_FALSE(any_rejection());
  EXPECT_EQ(red_pixels(read(1)), kFullTarget);
}

TEST_F(StagesTest, TessellationThenGeometryShader) {
  virgl::Encoder enc = covering_pipeline();
  bind_shader(enc, 110, ShaderStage::TESS_CTRL, kTessControl);
  bind_shader(enc, 111, ShaderStage::TESS_EVAL, kTessEval);
  bind_shader(enc, 112, ShaderStage::GEOMETRY, triangle_gs(kTrianglesToStrip));
  enc.add(patches(3));
  submit(enc);
  EXPECT_FALSE(any_rejection());
  EXPECT_EQ(red_pixels(read(1)), kFullTarget);
}

// Without a TCS the levels are SET_TESS_STATE's: an outer level of 0 culls the patch.
TEST_F(StagesTest, EvaluationShaderAloneUsesTheTessStateLevels) {
  virgl::Encoder enc = covering_pipeline();
  bind_shader(enc, 111, ShaderStage::TESS_EVAL, kTessEval);
  enc.add(virgl::SetTessState{{0, 0, 0, 0}, {1, 1}});
  enc.add(patches(3));
  submit(enc);
  EXPECT_EQ(red_pixels(read(1)), 0u);
  virgl::Encoder again;
  again.add(virgl::SetTessState{{1, 1, 1, 1}, {1, 1}});
  again.add(patches(3));
  submit(again);
  EXPECT_FALSE(any_rejection());
  EXPECT_EQ(red_pixels(read(1)), kFullTarget);
}

TEST_F(StagesTest, PrimitivesTheStagesCannotTakeAreRejected) {
  virgl::Encoder enc = covering_pipeline();
  enc.add(patches(3));  // no TES
  bind_shader(enc, 110, ShaderStage::GEOMETRY, triangle_gs(kTrianglesToStrip));
  enc.add(draw(kLines, 2));
  enc.add(draw(kTrianglesAdjacency, 6));
  bind_shader(enc, 111, ShaderStage::TESS_EVAL, kTessEval);
  enc.add(draw(kTriangles, 3));  // a TES needs patches
  enc.add(patches(0));
  enc.add(patches(33));
  enc.add(virgl::BindShader{0, static_cast<uint32_t>(ShaderStage::TESS_EVAL)});
  bind_shader(enc, 112, ShaderStage::TESS_CTRL, kTessControl);
  enc.add(draw(kTriangles, 3));  // TCS without TES
  enc.add(virgl::BindShader{0, static_cast<uint32_t>(ShaderStage::TESS_CTRL)});
  enc.add(virgl::BindShader{0, static_cast<uint32_t>(ShaderStage::GEOMETRY)});
  enc.add(draw(kQuads, 4));
  submit(enc);
  EXPECT_TRUE(rejected("PATCHES are drawn only with a tessellation evaluation shader"));
  EXPECT_TRUE(rejected("the geometry shader takes triangles but the draw gives it lines"));
  EXPECT_TRUE(rejected("takes triangles but the draw gives it triangles with adjacency"));
  EXPECT_TRUE(rejected("a tessellation evaluation shader is bound: the draw must be PATCHES"));
  EXPECT_TRUE(rejected("vertices_per_patch 0 is outside 1..32"));
  EXPECT_TRUE(rejected("vertices_per_patch 33 is outside 1..32"));
  EXPECT_TRUE(rejected("a tessellation control shader is bound without an evaluation shader"));
  EXPECT_TRUE(rejected("primitive 7 is not offered"));
  EXPECT_EQ(red_pixels(read(1)), 0u) << "nothing was drawn";
}

// Gallium binds no fragment shader while the rasterizer discards (transform-feedback-only
// draws): the program has none either.
TEST_F(StagesTest, DrawsWithoutAFragmentShaderWhileDiscarding) {
  buffer(2, kCoveringTriangle);
  virgl::Encoder enc = pipeline(2);
  virgl::CreateRasterizer rs;
  rs.handle = 120;
  rs.rasterizer_discard = 1;
  rs.depth_clip = 1;
  enc.add(rs);
  enc.add(virgl::BindObject{2 /* RASTERIZER */, rs.handle});
  enc.add(draw(kTriangles, 3));
  submit(enc);
  EXPECT_FALSE(any_rejection());
  EXPECT_EQ(red_pixels(read(1)), 0u);
}

// More output vertices than GL promises: a diagnostic before GL sees the shader.
TEST_F(StagesTest, ProgramsGlCannotBuildAreDiagnostics) {
  virgl::Encoder enc = covering_pipeline();
  bind_shader(enc, 110, ShaderStage::GEOMETRY,
              triangle_gs("PROPERTY GS_INPUT_PRIMITIVE TRIANGLES\n"
                          "PROPERTY GS_OUTPUT_PRIMITIVE TRIANGLE_STRIP\n"
                          "PROPERTY GS_MAX_OUTPUT_VERTICES 100000\n"));
  enc.add(draw(kTriangles, 3));
  submit(enc);
  EXPECT_TRUE(rejected("GS_MAX_OUTPUT_VERTICES 100000 exceeds 256"));
}

// Viewport 1 (set through start_slot) covers the right half; the GS sends everything there.
TEST_F(StagesTest, GeometryShaderPicksTheViewport) {
  virgl::Encoder enc = covering_pipeline();
  virgl::SetViewportState vp;
  vp.start_slot = 1;
  vp.viewports.push_back({{kSize / 4.0f, kSize / 2.0f, 0.5f}, {kSize * 0.75f, kSize / 2.0f, 0.5f}});
  enc.add(vp);
  bind_shader(enc, 110, ShaderStage::GEOMETRY,
              triangle_gs(kTrianglesToStrip, "DCL OUT[2], VIEWPORT_INDEX\n"));
  enc.add(draw(kTriangles, 3));
  submit(enc);
  EXPECT_FALSE(any_rejection());
  const auto pixels = read(1);
  EXPECT_EQ(red(pixels, 3, 8), 0x00) << "left half: viewport 0, unused";
  EXPECT_EQ(red(pixels, 12, 8), 0xff) << "right half: viewport 1";
  EXPECT_EQ(red_pixels(pixels), kFullTarget / 2);
}

// ARB_shader_viewport_layer_array: the VS picks the viewport and the layer itself.
TEST_F(StagesTest, VertexShaderPicksTheViewportAndLayer) {
  virgl::Encoder enc = covering_pipeline(2);
  virgl::SetViewportState vp;
  vp.start_slot = 1;
  vp.viewports.push_back({{kSize / 4.0f, kSize / 2.0f, 0.5f}, {kSize * 0.75f, kSize / 2.0f, 0.5f}});
  enc.add(vp);
  bind_shader(enc, 104, ShaderStage::VERTEX,
              "VERT\nDCL IN[0]\nDCL OUT[0], POSITION\nDCL OUT[1], GENERIC[0]\n"
              "DCL OUT[2], VIEWPORT_INDEX\nDCL OUT[3], LAYER\n"
              "IMM[0] FLT32 {1.0, 0.0, 0.0, 1.0}\nIMM[1] UINT32 {1, 0, 0, 0}\n"
              "MOV OUT[0], IN[0]\nMOV OUT[1], IMM[0]\nMOV OUT[2].x, IMM[1].xxxx\n"
              "MOV OUT[3].x, IMM[1].xxxx\nEND\n");
  enc.add(draw(kTriangles, 3));
  submit(enc);
  EXPECT_FALSE(any_rejection());
  EXPECT_EQ(red_pixels(read(1, 0)), 0u);
  const auto layer1 = read(1, 1);
  EXPECT_EQ(red(layer1, 3, 8), 0x00) << "left half: viewport 0, unused";
  EXPECT_EQ(red_pixels(layer1), kFullTarget / 2);
}

// A surface over both layers of an array is layered: the GS's LAYER output picks layer 1.
TEST_F(StagesTest, GeometryShaderPicksTheLayer) {
  virgl::Encoder enc = covering_pipeline(2);
  bind_shader(enc, 110, ShaderStage::GEOMETRY,
              triangle_gs(kTrianglesToStrip, "DCL OUT[2], LAYER\n"));
  enc.add(draw(kTriangles, 3));
  submit(enc);
  EXPECT_FALSE(any_rejection());
  EXPECT_EQ(red_pixels(read(1, 0)), 0u);
  EXPECT_EQ(red_pixels(read(1, 1)), kFullTarget);
}

// Mesa numbers varyings past GENERIC[31] as PATCH[0].. in the stage that writes them, while
// the reader may say GENERIC[32]..: outside the TCS -> TES interface both are one per-vertex
// varying (piglit's vs-output-array-float-index-wr-before-tcs).
TEST_F(StagesTest, PatchSemanticOutsideTessellationIsAPlainVarying) {
  virgl::Encoder enc = covering_pipeline();
  bind_shader(enc, 104, ShaderStage::VERTEX,
              "VERT\nDCL IN[0]\nDCL OUT[0], POSITION\nDCL OUT[1], PATCH[0]\n"
              "IMM[0] FLT32 {1.0, 0.0, 0.0, 1.0}\nMOV OUT[0], IN[0]\nMOV OUT[1], IMM[0]\nEND\n");
  std::string emit;
  for (int v = 0; v < 3; ++v) {
    const std::string in = "IN[" + std::to_string(v) + "]";
    emit += "MOV OUT[0], " + in + "[0]\nMOV OUT[1], " + in + "[1]\nEMIT IMM[0].xxxx\n";
  }
  bind_shader(enc, 110, ShaderStage::GEOMETRY,
              std::string("GEOM\n") + kTrianglesToStrip +
                  "DCL IN[][0], POSITION\nDCL IN[][1], GENERIC[32]\nDCL OUT[0], POSITION\n"
                  "DCL OUT[1], PATCH[0]\nIMM[0] UINT32 {0, 0, 0, 0}\n" + emit +
                  "ENDPRIM IMM[0].xxxx\nEND\n");
  bind_shader(enc, 111, ShaderStage::FRAGMENT,
              "FRAG\nDCL IN[0], GENERIC[32], CONSTANT\nDCL OUT[0], COLOR\nMOV OUT[0], IN[0]\nEND\n");
  enc.add(draw(kTriangles, 3));
  submit(enc);
  EXPECT_FALSE(any_rejection());
  EXPECT_EQ(red_pixels(read(1)), kFullTarget);
}

}  // namespace
}  // namespace vgpu::renderer::testing
