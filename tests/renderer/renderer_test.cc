// Per-command tests: streams built with the decoder's encoder, run on llvmpipe with debug_gl on,
// results read back; any GlError diagnostic fails a test (a GL error is a missing check).
#include "renderer/renderer.h"

#include <gtest/gtest.h>

#include <bit>
#include <cstring>

#include "decoder/encoder.h"

namespace vgpu::renderer {
namespace {

using virgl::Encoder;

constexpr uint32_t kCtx = 1;
constexpr uint32_t kB8G8R8A8 = 1, kR8Unorm = 64;

class RendererTest : public ::testing::Test {
 protected:
  void SetUp() override {
    Options o;
    o.debug_gl = true;
    o.budgets.max_resource_bytes = 1 << 20;
    auto r = Renderer::create(o);
    ASSERT_TRUE(r.ok()) << r.error().message;
    renderer = std::move(*r);
    send(trace::ContextCreate{kCtx, 0, "test"});
  }
  void TearDown() override {
    for (const auto& d : diagnostics()) {
      EXPECT_NE(d.tier, Diagnostic::Tier::GlError) << d.message;
    }
  }

  void send(trace::EventBody body) {
    trace::Event e;
    e.number = ++number;
    e.body = std::move(body);
    ASSERT_TRUE(renderer->on_event(e).ok());
  }
  void submit(const Encoder& enc) { send(trace::Submit{kCtx, enc.words()}); }
  // A 2D texture attached to the context.
  void texture(uint32_t id, uint32_t format, uint32_t w, uint32_t h) {
    trace::ResourceCreate c;
    c.res_id = id;
    c.target = 2;
    c.format = format;
    c.width = w;
    c.height = h;
    c.depth = 1;
    c.array_size = 1;
    send(c);
    send(trace::AttachResource{kCtx, id});
  }
  std::vector<uint8_t> read(uint32_t id, uint32_t w, uint32_t h, uint32_t bpp = 4) {
    trace::Transfer t;
    t.ctx_id = kCtx;
    t.res_id = id;
    t.box = {0, 0, 0, w, h, 1};
    std::vector<uint8_t> out(size_t{w} * h * bpp, 0xcd);
    const trace::Status s = renderer->read_resource(t, out);
    EXPECT_TRUE(s.ok()) << s.error().message;
    return out;
  }
  // Drains the renderer's diagnostics into `seen` and returns all seen so far.
  const std::vector<Diagnostic>& diagnostics() {
    for (auto& d : renderer->take_diagnostics()) seen.push_back(std::move(d));
    return seen;
  }
  bool has_diagnostic(Diagnostic::Tier tier, const std::string& fragment) {
    for (const auto& d : diagnostics()) {
      if (d.tier == tier && d.message.find(fragment) != std::string::npos) return true;
    }
    return false;
  }

  std::unique_ptr<Renderer> renderer;
  std::vector<Diagnostic> seen;
  uint64_t number = 0;
};

virgl::Clear clear_color(float r, float g, float b, float a) {
  virgl::Clear c;
  c.buffers = 4;
  c.color = {std::bit_cast<uint32_t>(r), std::bit_cast<uint32_t>(g), std::bit_cast<uint32_t>(b),
             std::bit_cast<uint32_t>(a)};
  return c;
}

Encoder framebuffer_with_surface(uint32_t surface, uint32_t resource, uint32_t format) {
  Encoder enc;
  virgl::CreateSurface s;
  s.handle = surface;
  s.resource = resource;
  s.format = format;
  enc.add(s);
  virgl::SetFramebufferState fb;
  fb.cbufs.push_back(surface);
  enc.add(fb);
  return enc;
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
  texture(1, 105 /* DXT1_RGB */, 8, 8);
  EXPECT_TRUE(has_diagnostic(Diagnostic::Tier::InvalidCommand, "format 105 is not supported"));
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
  trace::ResourceCreate vb;
  vb.res_id = 2;
  vb.format = kR8Unorm;
  vb.width = 36;
  vb.height = vb.depth = vb.array_size = 1;
  send(vb);
  send(trace::AttachResource{kCtx, 2});
  // A triangle covering the top half of NDC (y > 0), which a y-flipped viewport puts on
  // gallium's first rows.
  const float vertices[9] = {-1, 0, 0, 3, 0, 0, -1, 1, 0};
  trace::TransferToHost up;
  up.ctx_id = kCtx;
  up.res_id = 2;
  up.box = {0, 0, 0, 36, 1, 1};
  up.data = {reinterpret_cast<const uint8_t*>(vertices), sizeof(vertices)};
  send(up);
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

}  // namespace
}  // namespace vgpu::renderer
