// Per-command tests: streams built with the decoder's encoder, run on llvmpipe with debug_gl on,
// results read back; any GlError diagnostic fails a test (a GL error is a missing check).
#include "renderer/renderer.h"
#include "tests/renderer/renderer_fixture.h"

#include <gtest/gtest.h>

#include <array>
#include <bit>
#include <cstring>
#include <span>

#include "decoder/encoder.h"

namespace vgpu::renderer {
namespace {

using virgl::Encoder;

using testing::kCtx;
constexpr uint32_t kB8G8R8A8 = 1, kR8Unorm = 64;

class RendererTest : public testing::RendererFixture {
 protected:
  // Binds surface 1 of resource 1 (4x4, 4 layers or slices) in `format` over `layers` (first
  // in the low 16 bits, last in the high) as the only colour buffer and clears it red; the red
  // byte of each of the 4 layers afterwards.
  std::vector<uint8_t> red_of_each_layer_after_clear(uint32_t format, uint32_t layers);

  // A 2D texture attached to the context.
  void texture(uint32_t id, uint32_t format, uint32_t w, uint32_t h, uint32_t last_level = 0) {
    resource(id, 2, format, w, h, 1, 1, last_level);
  }
  // Uploads `bytes` into resource `id` (one row, or a buffer) from offset 0.
  using RendererFixture::upload;
  void upload(uint32_t id, uint32_t width, std::span<const uint8_t> bytes) {
    upload(id, {0, 0, 0, width, 1, 1}, bytes);
  }
  // Buffer resource `id` attached to the context, holding three float3 vertices.
  void vertex_buffer(uint32_t id, const std::array<float, 9>& vertices) {
    resource(id, 0, kR8Unorm, sizeof(vertices));
    upload(id, sizeof(vertices),
           {reinterpret_cast<const uint8_t*>(vertices.data()), sizeof(vertices)});
  }
};

virgl::Clear clear_color(float r, float g, float b, float a) {
  virgl::Clear c;
  c.buffers = 4;
  c.color = {std::bit_cast<uint32_t>(r), std::bit_cast<uint32_t>(g), std::bit_cast<uint32_t>(b),
             std::bit_cast<uint32_t>(a)};
  return c;
}

using testing::framebuffer_with_surface;
using testing::surface_packet;
using testing::blit_packet;
using testing::sampler_view_packet;

std::vector<uint8_t> RendererTest::red_of_each_layer_after_clear(uint32_t format,
                                                                 uint32_t layers) {
  Encoder enc;
  enc.add(surface_packet(1, 1, format, layers));
  virgl::SetFramebufferState fb;
  fb.cbufs.push_back(1);
  enc.add(fb);
  enc.add(clear_color(1.0f, 0.0f, 0.0f, 1.0f));
  submit(enc);
  for (const auto& d : diagnostics()) ADD_FAILURE() << d.message;
  std::vector<uint8_t> red;
  for (uint32_t layer = 0; layer < 4; ++layer) red.push_back(read(1, 4, 4, 4, layer)[2]);
  return red;
}

TEST_F(RendererTest, NewResourcesReadBackAsZeros) {
  texture(1, kB8G8R8A8, 8, 8);
  const auto pixels = read(1, 8, 8);
  EXPECT_EQ(pixels, std::vector<uint8_t>(pixels.size(), 0));
}

TEST_F(RendererTest, ClearWritesTheColourInTheSurfaceFormat) {
  texture(1, kB8G8R8A8, 16, 8);
  Encoder enc = framebuffer_with_surface(1, 1, kB8G8R8A8);
  enc.add(clear_color(1.0f, 0.5f, 0.0f, 1.0f));
  submit(enc);
  const auto pixels = read(1, 16, 8);
  // B8G8R8A8 in memory: blue, green, red, alpha.
  EXPECT_EQ(pixels[0], 0x00);
  EXPECT_EQ(pixels[1], 0x80);
  EXPECT_EQ(pixels[2], 0xff);
  EXPECT_EQ(pixels[3], 0xff);
  EXPECT_EQ(std::memcmp(pixels.data(), pixels.data() + pixels.size() - 4, 4), 0);
  EXPECT_TRUE(diagnostics().empty());
}

TEST_F(RendererTest, UnattachedResourcesCannotBeNamed) {
  trace::ResourceCreate c;
  c.res_id = 7;
  c.target = 2;
  c.format = kB8G8R8A8;
  c.width = c.height = c.depth = c.array_size = 1;
  send(c);  // created but not attached to the context
  submit(framebuffer_with_surface(1, 7, kB8G8R8A8));
  EXPECT_TRUE(has_diagnostic(Diagnostic::Tier::InvalidCommand,
                             "surface resource 7 is not a resource attached to context 1"));
  send(trace::AttachResource{kCtx, 7});
  send(trace::DetachResource{kCtx, 7});
  submit(framebuffer_with_surface(2, 7, kB8G8R8A8));
  EXPECT_TRUE(has_diagnostic(Diagnostic::Tier::InvalidCommand, "surface resource 7"));
}

TEST_F(RendererTest, ResourcesOverBudgetAreRefused) {
  texture(1, kB8G8R8A8, 1024, 1024);  // 4 MiB > the 1 MiB budget of this fixture
  EXPECT_TRUE(has_diagnostic(Diagnostic::Tier::InvalidCommand, "per-resource budget"));
  trace::Transfer t;
  t.ctx_id = kCtx;
  t.res_id = 1;
  t.box = {0, 0, 0, 1, 1, 1};
  EXPECT_FALSE(renderer->transfer_size(t).ok());
}

TEST_F(RendererTest, UnsupportedFormatsAndShapesAreRefused) {
  texture(1, 279 /* ASTC_4x4 */, 8, 8);
  EXPECT_TRUE(has_diagnostic(Diagnostic::Tier::InvalidCommand, "format 279 is not supported"));
  trace::ResourceCreate c;
  c.res_id = 2;
  c.target = 2;
  c.format = kB8G8R8A8;
  c.width = 8;
  c.height = 8;
  c.depth = 1;
  c.array_size = 1;
  c.last_level = 4;  // an 8x8 texture has 4 levels (0..3)
  send(c);
  EXPECT_TRUE(has_diagnostic(Diagnostic::Tier::InvalidCommand, "last_level 4"));
  // Within kMaxSamples but over what the host stores for the format (a fuzzer finding: GL
  // raised INVALID_OPERATION, which TearDown would report).
  c.res_id = 3;
  c.last_level = 0;
  c.nr_samples = 7;
  send(c);
  EXPECT_TRUE(has_diagnostic(Diagnostic::Tier::InvalidCommand, "nr_samples 7"));
}

// TRANSFER3D of a 4x2 box of resource 1 from its backing at offset 0.
Encoder upload_4x2() {
  virgl::Transfer3d t;
  t.region = {1, 0, 0, 4, 0, 0, 0, 0, 4, 2, 1};
  t.direction = 1;
  Encoder enc;
  enc.add(t);
  return enc;
}

TEST_F(RendererTest, BackingWriteThenTransfer3dUploads) {
  texture(1, kR8Unorm, 4, 2);
  const std::vector<uint8_t> bytes = {1, 2, 3, 4, 5, 6, 7, 8};
  send(trace::BackingWrite{kCtx, 1, 0, bytes});
  submit(upload_4x2());
  EXPECT_EQ(read(1, 4, 2, 1), bytes);
  EXPECT_TRUE(diagnostics().empty());
}

TEST_F(RendererTest, Transfer3dOutsideTheBackingIsRejected) {
  texture(1, kR8Unorm, 4, 2);
  send(trace::BackingWrite{kCtx, 1, 0, std::vector<uint8_t>(4)});  // half the image
  submit(upload_4x2());
  EXPECT_TRUE(has_diagnostic(Diagnostic::Tier::InvalidCommand, "exceed its backing of 4 bytes"));
}

TEST_F(RendererTest, AttachedBackingReceivesReadbacks) {
  texture(1, kB8G8R8A8, 4, 4);
  std::vector<uint8_t> memory(64, 0xaa);
  ASSERT_TRUE(renderer->attach_backing(1, memory).ok());
  Encoder enc = framebuffer_with_surface(1, 1, kB8G8R8A8);
  enc.add(clear_color(0, 0, 1, 1));
  submit(enc);
  trace::Transfer t;
  t.ctx_id = kCtx;
  t.res_id = 1;
  t.box = {1, 1, 0, 2, 2, 1};
  t.offset = 0;
  ASSERT_TRUE(renderer->transfer_from_host_to_backing(t).ok());
  // Natural stride (16 bytes): rows at 0 and 16, two pixels each; the rest untouched.
  EXPECT_EQ(memory[0], 0xff);  // blue
  EXPECT_EQ(memory[8], 0xaa);
  EXPECT_EQ(memory[16], 0xff);
  EXPECT_EQ(memory[32], 0xaa);
  t.box = {0, 0, 0, 4, 4, 1};
  t.offset = 8;
  EXPECT_FALSE(renderer->transfer_from_host_to_backing(t).ok());  // 64 bytes at 8 > 64
}

TEST_F(RendererTest, MalformedStreamMarksTheContextInError) {
  texture(1, kB8G8R8A8, 4, 4);
  Encoder bad;
  const uint32_t payload[3] = {0, 0, 0};
  bad.add_raw(virgl::CommandHeader{7 /* CLEAR */, 0, 3}, payload);  // CLEAR is 8 dwords
  submit(bad);
  EXPECT_TRUE(has_diagnostic(Diagnostic::Tier::MalformedStream, "CLEAR"));
  submit(framebuffer_with_surface(1, 1, kB8G8R8A8));
  EXPECT_TRUE(has_diagnostic(Diagnostic::Tier::InvalidCommand, "in error"));
}

TEST_F(RendererTest, UnknownHandlesAndSubContextsAreRejected) {
  Encoder enc;
  virgl::SetFramebufferState fb;
  fb.cbufs.push_back(42);
  enc.add(fb);
  enc.add(virgl::SetSubCtx{{9}});
  virgl::BindObject bind;
  bind.object_type = 1;  // BLEND
  bind.handle = 5;
  enc.add(bind);
  submit(enc);
  EXPECT_TRUE(has_diagnostic(Diagnostic::Tier::InvalidCommand, "colour surface 42 does not exist"));
  EXPECT_TRUE(has_diagnostic(Diagnostic::Tier::InvalidCommand, "sub-context 9 does not exist"));
  EXPECT_TRUE(has_diagnostic(Diagnostic::Tier::InvalidCommand, "blend state 5 does not exist"));
}

TEST_F(RendererTest, SubContextsKeepSeparateObjects) {
  texture(1, kB8G8R8A8, 4, 4);
  Encoder enc;
  enc.add(virgl::CreateSubCtx{{1}});
  enc.add(virgl::SetSubCtx{{1}});
  virgl::CreateSurface s;
  s.handle = 3;
  s.resource = 1;
  s.format = kB8G8R8A8;
  enc.add(s);
  enc.add(virgl::SetSubCtx{{0}});
  virgl::SetFramebufferState fb;
  fb.cbufs.push_back(3);  // exists in sub-context 1 only
  enc.add(fb);
  submit(enc);
  EXPECT_TRUE(has_diagnostic(Diagnostic::Tier::InvalidCommand, "colour surface 3 does not exist"));
}

TEST_F(RendererTest, SubmitsToUnknownContextsAreReported) {
  send(trace::Submit{99, {}});
  EXPECT_TRUE(has_diagnostic(Diagnostic::Tier::InvalidCommand, "context 99 does not exist"));
}

virgl::CreateShader shader_packet(uint32_t handle, virgl::ShaderStage stage, const char* text) {
  static std::vector<std::string> keep;  // the packet views its text
  keep.emplace_back(text, std::strlen(text) + 1);
  virgl::CreateShader s;
  s.handle = handle;
  s.stage = static_cast<uint32_t>(stage);
  s.offset_or_length = static_cast<uint32_t>(keep.back().size());
  s.num_tokens = 32;
  s.text = {reinterpret_cast<const uint8_t*>(keep.back().data()), keep.back().size()};
  return s;
}

// A red triangle through pass-through shaders; the vertex buffer holds 3 vertices.
Encoder triangle_pipeline(uint32_t vertex_buffer) {
  Encoder enc = framebuffer_with_surface(1, 1, kB8G8R8A8);
  enc.add(shader_packet(10, virgl::ShaderStage::VERTEX,
                        "VERT\nDCL IN[0]\nDCL OUT[0], POSITION\n  0: MOV OUT[0], IN[0]\n  1: END\n"));
  enc.add(shader_packet(11, virgl::ShaderStage::FRAGMENT,
                        "FRAG\nDCL OUT[0], COLOR\nIMM[0] FLT32 { 1.0000, 0.0000, 0.0000, 1.0000}\n"
                        "  0: MOV OUT[0], IMM[0]\n  1: END\n"));
  enc.add(virgl::BindShader{10, 0});
  enc.add(virgl::BindShader{11, 1});
  virgl::CreateVertexElements ve;
  ve.handle = 12;
  ve.elements.push_back({0, 0, 0, 30 /* R32G32B32_FLOAT */});
  enc.add(ve);
  enc.add(virgl::BindObject{5 /* VERTEX_ELEMENTS */, 12});
  virgl::SetVertexBuffers vbs;
  vbs.buffers.push_back({12, 0, vertex_buffer});
  enc.add(vbs);
  // Window-system style y-flip: scale.y < 0.
  virgl::SetViewportState vp;
  vp.viewports.push_back({{8, -8, 0.5f}, {8, 8, 0.5f}});
  enc.add(vp);
  return enc;
}

TEST_F(RendererTest, DrawsWithAFlippedViewportAndRejectsFetchesOutsideTheBuffer) {
  texture(1, kB8G8R8A8, 16, 16);
  // A triangle covering the top half of NDC (y > 0), which a y-flipped viewport puts on
  // gallium's first rows.
  vertex_buffer(2, {-1, 0, 0, 3, 0, 0, -1, 1, 0});
  Encoder enc = triangle_pipeline(2);
  virgl::DrawVbo draw;
  draw.mode = 4;  // TRIANGLES
  draw.count = 4;  // one vertex more than the buffer holds
  draw.instance_count = 1;
  enc.add(draw);
  submit(enc);
  EXPECT_TRUE(has_diagnostic(Diagnostic::Tier::InvalidCommand, "fetches up to byte 48"));
  Encoder again;
  draw.count = 3;
  again.add(draw);
  submit(again);
  const auto pixels = read(1, 16, 16);
  EXPECT_EQ(pixels[4 * (2 * 16 + 8) + 2], 0xff) << "row 2 (top, y > 0 in NDC) is red";
  EXPECT_EQ(pixels[4 * (13 * 16 + 8) + 2], 0x00) << "row 13 (bottom) is untouched";
}

// Gallium's front_ccw is meant on window coordinates with y down, and Mesa sends it for either
// framebuffer orientation (st_update_rasterizer): an FBO (viewport not flipped) with
// glFrontFace(GL_CCW) arrives as front_ccw = 0, a window-system buffer (flipped viewport) as 1.
// The same NDC-counter-clockwise triangle is drawn with back faces culled; it must stay visible
// exactly when it is the guest's front face.
TEST_F(RendererTest, FacingFollowsGalliumWindingForBothViewportOrientations) {
  texture(1, kB8G8R8A8, 16, 16);
  vertex_buffer(2, {-1, -1, 0, 3, -1, 0, -1, 3, 0});  // counter-clockwise, covers the target
  submit(triangle_pipeline(2));
  struct Case {
    bool flipped;
    uint32_t front_ccw;
    bool drawn;
  };
  uint32_t handle = 20;
  for (const Case c : {Case{false, 0, true}, Case{false, 1, false}, Case{true, 1, true},
                       Case{true, 0, false}}) {
    Encoder enc;
    enc.add(clear_color(0, 0, 0, 0));
    virgl::CreateRasterizer rs;
    rs.handle = ++handle;
    rs.cull_face = 2;  // PIPE_FACE_BACK
    rs.front_ccw = c.front_ccw;
    rs.depth_clip = 1;
    rs.half_pixel_center = 1;
    enc.add(rs);
    enc.add(virgl::BindObject{2 /* RASTERIZER */, rs.handle});
    virgl::SetViewportState vp;
    vp.viewports.push_back({{8, c.flipped ? -8.0f : 8.0f, 0.5f}, {8, 8, 0.5f}});
    enc.add(vp);
    virgl::DrawVbo draw;
    draw.mode = 4;  // TRIANGLES
    draw.count = 3;
    draw.instance_count = 1;
    enc.add(draw);
    submit(enc);
    const auto pixels = read(1, 16, 16);
    EXPECT_EQ(pixels[4 * (8 * 16 + 8) + 2], c.drawn ? 0xff : 0x00)
        << "flipped=" << c.flipped << " front_ccw=" << c.front_ccw;
  }
}

// Z24X8 keeps the depth in the low 24 bits, which GL cannot read as such: an upload followed by a
// readback returns the same depths (the X8 bits read back as zero, as with virglrenderer).
TEST_F(RendererTest, Z24X8DepthRoundTripsThroughTransfers) {
  constexpr uint32_t kZ24X8 = 21;
  texture(3, kZ24X8, 4, 1);
  const uint32_t depths[4] = {0x00000000, 0x00bfffff, 0xff123456, 0x00ffffff};
  upload(3, 4, {reinterpret_cast<const uint8_t*>(depths), sizeof(depths)});
  const auto back = read(3, 4, 1);
  uint32_t got[4];
  std::memcpy(got, back.data(), sizeof(got));
  for (int i = 0; i < 4; ++i) EXPECT_EQ(got[i], depths[i] & 0xffffffu) << "texel " << i;
}

// A shadow sampler over a Z24X8 texture whose view target is 0 (Mesa sends no target to hosts
// without texture views): the depth comparison must see the uploaded depth, and the view's
// swizzle (Mesa's GL_DEPTH_TEXTURE_MODE) must apply to the comparison result.
TEST_F(RendererTest, ShadowSamplingComparesTheDepthAndAppliesTheDepthMode) {
  constexpr uint32_t kZ24X8 = 21;
  texture(1, kB8G8R8A8, 16, 16);
  vertex_buffer(2, {-1, -1, 0, 3, -1, 0, -1, 3, 0});  // covers the target
  texture(3, kZ24X8, 1, 1);
  const uint32_t depth = 0x00bfffff;  // 0.75
  upload(3, 1, {reinterpret_cast<const uint8_t*>(&depth), sizeof(depth)});

  Encoder enc = triangle_pipeline(2);
  enc.add(shader_packet(30, virgl::ShaderStage::FRAGMENT,
                        "FRAG\nDCL OUT[0], COLOR\nDCL SAMP[0]\nDCL SVIEW[0], SHADOW2D, FLOAT\n"
                        "IMM[0] FLT32 { 0.5000, 0.5000, 0.5000, 1.0000}\n"
                        "  0: TEX OUT[0], IMM[0], SAMP[0], SHADOW2D\n  1: END\n"));
  enc.add(virgl::BindShader{30, 1});
  submit(enc);
  struct Case {
    uint32_t compare_func;          // PIPE_FUNC_*
    std::array<uint32_t, 4> swizzle;  // PIPE_SWIZZLE_* of the view
    std::array<uint8_t, 4> bgra;      // expected pixel
  };
  uint32_t handle = 40;
  for (const Case c : {Case{1 /* LESS: 0.5 < 0.75 */, {0, 0, 0, 5}, {255, 255, 255, 255}},
                       Case{4 /* GREATER */, {0, 0, 0, 5}, {0, 0, 0, 255}},
                       Case{1, {4, 4, 4, 0} /* ALPHA mode */, {0, 0, 0, 255}},
                       Case{4, {4, 4, 4, 0}, {0, 0, 0, 0}}}) {
    Encoder draw_enc;
    draw_enc.add(clear_color(0.5f, 0.5f, 0.5f, 0.5f));
    virgl::CreateSamplerView view;
    view.handle = ++handle;
    view.resource = 3;
    view.format = kZ24X8;
    view.target = 0;
    view.swizzle_r = c.swizzle[0];
    view.swizzle_g = c.swizzle[1];
    view.swizzle_b = c.swizzle[2];
    view.swizzle_a = c.swizzle[3];
    draw_enc.add(view);
    virgl::SetSamplerViews views;
    views.stage = 1;
    views.views.push_back(view.handle);
    draw_enc.add(views);
    virgl::CreateSamplerState sampler;
    sampler.handle = ++handle;
    sampler.compare_mode = 1;
    sampler.compare_func = c.compare_func;
    sampler.max_lod = 1000;
    draw_enc.add(sampler);
    virgl::BindSamplerStates states;
    states.stage = 1;
    states.states.push_back(sampler.handle);
    draw_enc.add(states);
    virgl::DrawVbo draw;
    draw.mode = 4;
    draw.count = 3;
    draw.instance_count = 1;
    draw_enc.add(draw);
    submit(draw_enc);
    const auto pixels = read(1, 16, 16);
    const size_t at = 4 * (8 * 16 + 8);
    EXPECT_EQ((std::array<uint8_t, 4>{pixels[at], pixels[at + 1], pixels[at + 2], pixels[at + 3]}),
              c.bgra)
        << "compare_func " << c.compare_func << " swizzle.a " << c.swizzle[3];
  }
  EXPECT_FALSE(has_diagnostic(Diagnostic::Tier::InvalidCommand, "")) << "every command accepted";
}

TEST_F(RendererTest, CapsetsHaveTheVirglLayouts) {
  auto v1 = renderer->capset(1, 1);
  auto v2 = renderer->capset(2, 1);
  ASSERT_TRUE(v1.ok() && v2.ok());
  EXPECT_EQ(v1->size(), 308u);
  EXPECT_EQ(v2->size(), 760u);
  uint32_t max_version = 0;
  std::memcpy(&max_version, v2->data(), 4);
  EXPECT_EQ(max_version, 2u);
  // Render mask (dwords 17..32): B8G8R8A8_UNORM (1) yes, DXT1 (105) no.
  uint32_t render0 = 0, render3 = 0;
  std::memcpy(&render0, v2->data() + 4 * 17, 4);
  std::memcpy(&render3, v2->data() + 4 * (17 + 3), 4);
  EXPECT_TRUE(render0 & (1u << 1));
  EXPECT_FALSE(render3 & (1u << (105 % 32)));
  EXPECT_FALSE(renderer->capset(3, 1).ok());
  EXPECT_FALSE(renderer->capset(2, 2).ok());
}


// vtest BUSY_WAIT without its WAIT flag asks idle(): true before any work and once the work
// submitted so far has finished (it never waits itself).
TEST_F(RendererTest, IdleOnceSubmittedWorkHasFinished) {
  EXPECT_TRUE(renderer->idle());
  texture(1, kB8G8R8A8, 64, 64);
  Encoder enc = framebuffer_with_surface(1, 1, kB8G8R8A8);
  enc.add(clear_color(1.0f, 0.5f, 0.0f, 1.0f));
  submit(enc);
  ASSERT_TRUE(renderer->finish().ok());
  EXPECT_TRUE(renderer->idle());
  EXPECT_TRUE(renderer->idle()) << "asking again after the fence was released";
}


// Block-compressed formats (S3TC here: DXT1, 8 bytes per 4x4 block) move whole blocks: a level's
// rows and strides count blocks, a box must follow the block grid (or end at a small level's
// edge), and new storage reads back as zero blocks.
constexpr uint32_t kDxt1Rgb = 105, kDxt1Srgb = 109, kRgtc1Unorm = 113;

TEST_F(RendererTest, CompressedTexturesMoveWholeBlocks) {
  texture(1, kDxt1Rgb, 8, 8, 2);  // 8x8 (2x2 blocks), 4x4 (1 block), 2x2 (1 partial block)
  for (const auto& d : diagnostics()) ADD_FAILURE() << d.message;
  auto read_level = [&](uint32_t level, uint32_t size) {
    trace::Transfer t;
    t.ctx_id = kCtx;
    t.res_id = 1;
    t.level = level;
    t.box = {0, 0, 0, size, size, 1};
    auto bytes = renderer->transfer_size(t);
    EXPECT_TRUE(bytes.ok()) << bytes.error().message;
    std::vector<uint8_t> out(bytes.ok() ? *bytes : 0, 0xcd);
    EXPECT_TRUE(renderer->read_resource(t, out).ok());
    return out;
  };
  EXPECT_EQ(read_level(0, 8), std::vector<uint8_t>(32, 0)) << "new storage is zero blocks";
  std::vector<uint8_t> blocks(32);
  for (size_t i = 0; i < blocks.size(); ++i) blocks[i] = static_cast<uint8_t>(i * 7 + 1);
  upload(1, {0, 0, 0, 8, 8, 1}, blocks);
  EXPECT_EQ(read_level(0, 8), blocks);
  // The 2x2 level is one block that ends at the level's edge.
  const std::vector<uint8_t> small = {9, 8, 7, 6, 5, 4, 3, 2};
  upload(1, {0, 0, 0, 2, 2, 1}, small, 2);
  EXPECT_EQ(read_level(2, 2), small);
  EXPECT_TRUE(diagnostics().empty());
  // Off the block grid: refused before GL sees it.
  upload(1, {2, 0, 0, 4, 4, 1}, blocks);
  EXPECT_TRUE(has_diagnostic(Diagnostic::Tier::InvalidCommand, "4x4 blocks"));
}

TEST_F(RendererTest, CompressedFormatsViewOnlyTheirOwnScheme) {
  texture(1, kDxt1Rgb, 8, 8);
  Encoder enc;
  enc.add(sampler_view_packet(10, 1, kDxt1Srgb));  // the sRGB twin: same blocks, decoded differently
  submit(enc);
  EXPECT_TRUE(diagnostics().empty());
  Encoder other_enc;
  other_enc.add(sampler_view_packet(11, 1, kRgtc1Unorm));  // 8-byte blocks too, another scheme
  submit(other_enc);
  EXPECT_TRUE(has_diagnostic(Diagnostic::Tier::InvalidCommand, "not compatible"));
  // GL stores compressed images in 2D slices only.
  trace::ResourceCreate c;
  c.res_id = 2;
  c.target = 3;  // 3D
  c.format = kDxt1Rgb;
  c.width = c.height = c.depth = 8;
  c.array_size = 1;
  send(c);
  EXPECT_TRUE(has_diagnostic(Diagnostic::Tier::InvalidCommand, "needs a 2D"));
}


// GL cannot attach a compressed texture to a framebuffer, so a BLIT from one is drawn.  Two
// DXT1 blocks side by side: colour 0 of the left one is pure red (RGB565 0xf800), of the right
// one pure green (0x07e0), and every index picks colour 0.  The blit into a BGRA texture must
// show red then green, and green then red when the destination box is mirrored.
TEST_F(RendererTest, BlitFromACompressedSourceDecodesIt) {
  texture(1, kDxt1Rgb, 8, 4);
  const std::vector<uint8_t> blocks = {0x00, 0xf8, 0, 0, 0, 0, 0, 0,   // red
                                       0xe0, 0x07, 0, 0, 0, 0, 0, 0};  // green
  upload(1, {0, 0, 0, 8, 4, 1}, blocks);
  texture(2, kB8G8R8A8, 8, 4);
  using Bgra = std::array<uint8_t, 4>;
  const Bgra red = {0x00, 0x00, 0xff, 0xff}, green = {0x00, 0xff, 0x00, 0xff};
  for (const bool mirrored : {false, true}) {
    Encoder enc;
    virgl::Blit b = blit_packet(1, kDxt1Rgb, 2, kB8G8R8A8, 8, 4);
    if (mirrored) b.dst.box = {8, 0, 0, -8, 4, 1};
    enc.add(b);
    submit(enc);
    for (const auto& d : diagnostics()) ADD_FAILURE() << d.message;
    const auto pixels = read(2, 8, 4);
    for (uint32_t y = 0; y < 4; ++y) {
      for (uint32_t x = 0; x < 8; ++x) {
        const size_t at = (size_t{y} * 8 + x) * 4;
        const Bgra got = {pixels[at], pixels[at + 1], pixels[at + 2], pixels[at + 3]};
        const bool left = x < 4;
        EXPECT_EQ(got, left != mirrored ? red : green)
            << "pixel " << x << "," << y << (mirrored ? " (mirrored)" : "");
      }
    }
  }
}


// A 4-sample target drawn with SET_SAMPLE_MASK covering one sample, then resolved by BLIT: a
// quarter of the red reaches the single-sampled copy; with the full mask all of it does.
TEST_F(RendererTest, SampleMaskSelectsSamplesOfAMultisampledTarget) {
  trace::ResourceCreate ms;
  ms.res_id = 1;
  ms.target = 2;
  ms.format = kB8G8R8A8;
  ms.width = ms.height = 16;
  ms.depth = ms.array_size = 1;
  ms.nr_samples = 4;
  ms.bind = 2;  // render target
  send(ms);
  send(trace::AttachResource{kCtx, 1});
  texture(3, kB8G8R8A8, 16, 16);
  vertex_buffer(2, {-1, -1, 0, 3, -1, 0, -1, 3, 0});  // covers the whole target
  Encoder setup = triangle_pipeline(2);
  virgl::CreateRasterizer rasterizer;  // multisampled rasterization: the mask applies per sample
  rasterizer.handle = 13;
  rasterizer.multisample = 1;
  rasterizer.depth_clip = 1;
  setup.add(rasterizer);
  setup.add(virgl::BindObject{2 /* RASTERIZER */, 13});
  submit(setup);
  for (const auto& [mask, red] : {std::pair{1u, 0x40}, std::pair{~0u, 0xff}}) {
    Encoder enc;
    enc.add(virgl::SetSampleMask{mask});
    virgl::DrawVbo draw;
    draw.mode = 4;  // TRIANGLES
    draw.count = 3;
    draw.instance_count = 1;
    enc.add(draw);
    enc.add(blit_packet(1, kB8G8R8A8, 3, kB8G8R8A8, 16, 16));  // the resolve
    submit(enc);
    for (const auto& d : diagnostics()) ADD_FAILURE() << d.message;
    const auto pixels = read(3, 16, 16);
    EXPECT_NEAR(pixels[4 * (8 * 16 + 8) + 2], red, 2) << "sample mask " << mask;
  }
}


// An unscaled BLIT reaching past its source level is clipped on both sides together (Mesa
// clips blits to the framebuffer, not to the texture): only the overlapping columns are copied.
TEST_F(RendererTest, UnscaledBlitsAreClippedToBothLevels) {
  texture(1, kB8G8R8A8, 8, 8);
  texture(2, kB8G8R8A8, 8, 8);
  Encoder enc = framebuffer_with_surface(1, 1, kB8G8R8A8);
  enc.add(clear_color(1.0f, 0.0f, 0.0f, 1.0f));
  virgl::Blit b = blit_packet(1, kB8G8R8A8, 2, kB8G8R8A8, 8, 8);
  b.src.box.x = 4;  // columns 4..11 of an 8-wide level
  enc.add(b);
  submit(enc);
  for (const auto& d : diagnostics()) ADD_FAILURE() << d.message;
  const auto pixels = read(2, 8, 8);
  for (uint32_t x = 0; x < 8; ++x) {
    EXPECT_EQ(pixels[4 * (3 * 8 + x) + 2], x < 4 ? 0xff : 0x00) << "column " << x;
  }
}

// A view must be of the resource's kind: a colour format over depth bytes (same size) is
// refused for a BLIT side, a surface and a sampler view alike, before GL sees a texture view it
// would reject (a fuzzer finding: the BLIT let it through).  A depth view of another depth
// format is refused too: GL gives each depth/stencil format a view class of its own.
TEST_F(RendererTest, ViewsMustBeOfTheResourcesKind) {
  constexpr uint32_t kZ24S8 = 19, kZ24X8 = 21;
  texture(1, kZ24S8, 8, 8);
  texture(2, kB8G8R8A8, 8, 8);
  Encoder enc;
  enc.add(blit_packet(2, kB8G8R8A8, 1, kB8G8R8A8, 8, 8));
  enc.add(surface_packet(10, 1, kB8G8R8A8));  // a colour surface over depth bytes
  enc.add(sampler_view_packet(11, 1, kZ24X8));  // another depth format over the same bytes
  submit(enc);
  EXPECT_TRUE(rejected("blit formats are unsupported or incompatible"));
  EXPECT_TRUE(rejected("surface format 1 is not compatible with resource 1"));
  EXPECT_TRUE(rejected("view format 21 is not compatible with resource 1"));
}

// A view keeps its resource's target, so a view of a cube is its six faces and one of a cube array
// whole cubes: glTextureView refuses any other layer range there (a fuzzer finding:
// corpus/regressions/renderer/cube-view-of-one-layer).
TEST_F(RendererTest, ViewsOfCubesAreWholeCubes) {
  constexpr uint32_t kCube = 4, kCubeArray = 8;  // PIPE_TEXTURE_*
  resource(1, kCube, kB8G8R8A8, 8, 8, 1, 6);
  resource(2, kCubeArray, kB8G8R8A8, 8, 8, 1, 12);
  const auto view = [](uint32_t handle, uint32_t res, uint32_t first, uint32_t last) {
    virgl::CreateSamplerView v = sampler_view_packet(handle, res, kB8G8R8A8);
    v.first_element_or_layers = first | last << 16;
    return v;
  };
  Encoder enc;
  enc.add(view(10, 1, 0, 0));
  enc.add(view(11, 1, 0, 5));
  enc.add(view(12, 2, 6, 11));
  enc.add(view(13, 2, 0, 11));
  enc.add(view(14, 2, 3, 8));
  submit(enc);
  EXPECT_TRUE(rejected("layers 0..0 of cube resource 1 are not whole cubes"));
  EXPECT_TRUE(rejected("layers 3..8 of cube resource 2 are not whole cubes"));
  size_t refusals = 0;
  for (const auto& d : diagnostics()) refusals += d.tier == Diagnostic::Tier::InvalidCommand;
  EXPECT_EQ(refusals, 2u) << "the whole-cube views 11, 12 and 13 are fine";
}

// A BLIT naming a buffer on either side is refused as such (a fuzzer finding: a buffer has no
// format, and the compressed-source check read it).
TEST_F(RendererTest, BlitFromOrToABufferIsRefused) {
  resource(1, 0, kR8Unorm, 64);  // a buffer
  texture(2, kB8G8R8A8, 8, 8);
  for (const bool buffer_is_source : {true, false}) {
    Encoder enc;
    enc.add(blit_packet(buffer_is_source ? 1 : 2, kB8G8R8A8, buffer_is_source ? 2 : 1,
                        kB8G8R8A8, 8, 1));
    submit(enc);
    EXPECT_TRUE(rejected("resource 1 is a buffer")) << (buffer_is_source ? "source" : "destination");
    seen.clear();
  }
}

// A surface of layers 1..2 of a 4-layer array is attached as those layers alone: a CLEAR
// reaches them and leaves layers 0 and 3 as they were (GL attaches every layer of a texture,
// so the surface is attached through a view that starts at its first layer).
TEST_F(RendererTest, ALayeredSurfaceCoversOnlyItsLayers) {
  constexpr uint32_t kTarget2dArray = 7;
  resource(1, kTarget2dArray, kB8G8R8A8, 4, 4, 1, 4);
  EXPECT_EQ(red_of_each_layer_after_clear(kB8G8R8A8, 1u | (2u << 16)),
            (std::vector<uint8_t>{0x00, 0xff, 0xff, 0x00}));
}

// A slice of a 3D texture seen through another format (the sRGB twin) is attached at its own
// slice: a 3D texture can only be viewed whole, so the view starts at slice 0.
TEST_F(RendererTest, AFormatViewOfA3dSliceIsAttachedAtThatSlice) {
  constexpr uint32_t kTarget3d = 3, kB8G8R8A8Srgb = 100;
  resource(1, kTarget3d, kB8G8R8A8, 4, 4, 4);
  EXPECT_EQ(red_of_each_layer_after_clear(kB8G8R8A8Srgb, 2u | (2u << 16)),
            (std::vector<uint8_t>{0x00, 0x00, 0xff, 0x00}));
}

// CLEAR_SURFACE clears a rectangle of a surface that need not be bound, and nothing outside it;
// buffers that do not match the surface's kind are refused.
TEST_F(RendererTest, ClearSurfaceClearsItsRectangleOnly) {
  texture(1, kB8G8R8A8, 8, 8);
  Encoder enc;
  enc.add(surface_packet(1, 1, kB8G8R8A8));
  virgl::ClearSurface clear;
  clear.buffers = 4;  // PIPE_CLEAR_COLOR0
  clear.surface = 1;
  const float red[4] = {1.0f, 0.0f, 0.0f, 1.0f};
  std::memcpy(clear.color.data(), red, sizeof(red));
  clear.dst_x = 2;
  clear.dst_y = 3;
  clear.width = 4;
  clear.height = 2;
  enc.add(clear);
  virgl::ClearSurface depth_of_colour = clear;
  depth_of_colour.buffers = 1;  // PIPE_CLEAR_DEPTH
  enc.add(depth_of_colour);
  submit(enc);
  EXPECT_TRUE(rejected("buffers 1 do not name what surface 1 holds"));
  EXPECT_EQ(diagnostics().size(), 1u);
  const auto pixels = read(1, 8, 8);
  for (uint32_t y = 0; y < 8; ++y) {
    for (uint32_t x = 0; x < 8; ++x) {
      const bool inside = x >= 2 && x < 6 && y >= 3 && y < 5;
      EXPECT_EQ(pixels[(y * 8 + x) * 4 + 2], inside ? 0xff : 0x00) << x << "," << y;
    }
  }
}

// ETC2 (what GLES and Android guests ship their textures in): blocks go in and come back as
// they were sent, a BLIT decodes them, and the sRGB twin, outside GL's view classes, is refused
// as a view.  Each block is ETC "individual" mode with both halves one colour (red, then green:
// 4-bit components 0xf or 0) and every pixel on modifier +2, so it decodes to 255/2/2.
TEST_F(RendererTest, Etc2BlocksRoundTripAndDecode) {
  constexpr uint32_t kEtc2Rgb8 = 269, kEtc2Srgb8 = 270;
  texture(1, kEtc2Rgb8, 8, 4);
  const std::vector<uint8_t> blocks = {0xff, 0x00, 0x00, 0, 0, 0, 0, 0,   // red
                                       0x00, 0xff, 0x00, 0, 0, 0, 0, 0};  // green
  upload(1, {0, 0, 0, 8, 4, 1}, blocks);
  trace::Transfer t;
  t.ctx_id = kCtx;
  t.res_id = 1;
  t.box = {0, 0, 0, 8, 4, 1};
  std::vector<uint8_t> back(blocks.size(), 0xcd);
  ASSERT_TRUE(renderer->read_resource(t, back).ok());
  EXPECT_EQ(back, blocks);

  texture(2, kB8G8R8A8, 8, 4);
  Encoder enc;
  enc.add(blit_packet(1, kEtc2Rgb8, 2, kB8G8R8A8, 8, 4));
  submit(enc);
  for (const auto& d : diagnostics()) ADD_FAILURE() << d.message;
  const auto pixels = read(2, 8, 4);
  for (uint32_t x = 0; x < 8; ++x) {
    const uint8_t* p = &pixels[(2 * 8 + x) * 4];  // row 2, BGRA
    const bool red = x < 4;
    EXPECT_EQ(p[2], red ? 0xff : 0x02) << "red of column " << x;
    EXPECT_EQ(p[1], red ? 0x02 : 0xff) << "green of column " << x;
    EXPECT_EQ(p[0], 0x02) << "blue of column " << x;
  }

  Encoder view_enc;
  view_enc.add(sampler_view_packet(10, 1, kEtc2Srgb8));
  submit(view_enc);
  EXPECT_TRUE(rejected("view format 270 is not compatible with resource 1"));
}

// CLEAR_SURFACE of slices 1..2 of a 4-slice 3D texture clears those two alone (GL attaches one
// slice of a 3D texture or all of them, so they are cleared one by one).
TEST_F(RendererTest, ClearSurfaceOfSomeSlicesOfA3dTexture) {
  constexpr uint32_t kTarget3d = 3;
  resource(1, kTarget3d, kB8G8R8A8, 4, 4, 4);
  Encoder enc;
  enc.add(surface_packet(1, 1, kB8G8R8A8, 1u | (2u << 16)));
  virgl::ClearSurface clear;
  clear.buffers = 4;  // PIPE_CLEAR_COLOR0
  clear.surface = 1;
  const float red[4] = {1.0f, 0.0f, 0.0f, 1.0f};
  std::memcpy(clear.color.data(), red, sizeof(red));
  clear.width = clear.height = 4;
  enc.add(clear);
  submit(enc);
  for (const auto& d : diagnostics()) ADD_FAILURE() << d.message;
  for (uint32_t slice = 0; slice < 4; ++slice) {
    EXPECT_EQ(read(1, 4, 4, 4, slice)[2], slice == 1 || slice == 2 ? 0xff : 0x00)
        << "slice " << slice;
  }
}

// SET_FRAMEBUFFER_STATE_NO_ATTACH sizes past GL's framebuffer limits are refused (GL would
// raise INVALID_VALUE: a fuzzer finding); sizes within them are taken.
TEST_F(RendererTest, FramebufferWithoutAttachmentsIsHeldToTheSizeLimits) {
  Encoder enc;
  enc.add(virgl::SetFramebufferStateNoAttach{16385, 16, 1, 0});
  enc.add(virgl::SetFramebufferStateNoAttach{64, 64, 4, 0});
  enc.add(virgl::Clear{});
  submit(enc);
  EXPECT_TRUE(rejected("16385x16x1 exceeds the limits of 16384x16384x2048"));
  EXPECT_EQ(diagnostics().size(), 1u);
}

}  // namespace
}  // namespace vgpu::renderer
