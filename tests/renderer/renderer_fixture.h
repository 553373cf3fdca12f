// What every renderer test fixture shares: a Renderer on llvmpipe with debug_gl on (a GlError
// diagnostic fails the test in TearDown: a GL error is a check the renderer is missing), one
// context, events sent in order, resources attached to the context, the diagnostics collected
// so far, and CREATE_OBJECT(SHADER) packets that outlive the encoder using them.  The fixtures
// of each area (draws, queries, compute...) derive from it and add their pipelines.
#pragma once

#include <gtest/gtest.h>

#include <cstring>
#include <deque>
#include <memory>
#include <span>
#include <string>
#include <vector>

#include "decoder/encoder.h"
#include "renderer/renderer.h"

namespace vgpu::renderer::testing {

inline constexpr uint32_t kCtx = 1;

// CREATE_OBJECT(SURFACE) `handle` on level 0 of `resource`; `layers` packs the first layer
// (low 16 bits) and the last (high 16 bits).
inline virgl::CreateSurface surface_packet(uint32_t handle, uint32_t resource, uint32_t format,
                                           uint32_t layers = 0) {
  virgl::CreateSurface s;
  s.handle = handle;
  s.resource = resource;
  s.format = format;
  s.last_element_or_layers = layers;
  return s;
}

// CREATE_OBJECT(SAMPLER_VIEW) `handle` of `resource` read as `format`, identity swizzle.
inline virgl::CreateSamplerView sampler_view_packet(uint32_t handle, uint32_t resource,
                                                    uint32_t format) {
  virgl::CreateSamplerView v;
  v.handle = handle;
  v.resource = resource;
  v.format = format;
  v.swizzle_g = 1, v.swizzle_b = 2, v.swizzle_a = 3;
  return v;
}

// BLIT of every channel (mask 0xf) from the w x h box at the origin of level 0 of `src` (read as
// `src_format`) to the same box of `dst` (written as `dst_format`); callers adjust the boxes.
inline virgl::Blit blit_packet(uint32_t src, uint32_t src_format, uint32_t dst,
                               uint32_t dst_format, int32_t w, int32_t h) {
  virgl::Blit b;
  b.mask = 0xf;
  b.src = {src, 0, src_format, {0, 0, 0, w, h, 1}};
  b.dst = {dst, 0, dst_format, {0, 0, 0, w, h, 1}};
  return b;
}

// CREATE_OBJECT(SURFACE) `surface` on level 0 of `resource`, bound as the only colour buffer.
inline virgl::Encoder framebuffer_with_surface(uint32_t surface, uint32_t resource,
                                               uint32_t format) {
  virgl::Encoder enc;
  enc.add(surface_packet(surface, resource, format));
  virgl::SetFramebufferState fb;
  fb.cbufs.push_back(surface);
  enc.add(fb);
  return enc;
}

class RendererFixture : public ::testing::Test {
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
    for (const auto& d : diagnostics()) EXPECT_NE(d.tier, Diagnostic::Tier::GlError) << d.message;
  }

  void send(trace::EventBody body) {
    trace::Event e;
    e.number = ++number;
    e.body = std::move(body);
    ASSERT_TRUE(renderer->on_event(e).ok());
  }
  void submit(const virgl::Encoder& enc) { send(trace::Submit{kCtx, enc.words()}); }

  // A resource attached to the context: a buffer of `width` bytes (target 0) or a texture.
  void resource(uint32_t id, uint32_t target, uint32_t format, uint32_t width, uint32_t height = 1,
                uint32_t depth = 1, uint32_t array_size = 1, uint32_t last_level = 0) {
    trace::ResourceCreate c;
    c.res_id = id;
    c.target = target;
    c.format = format;
    c.width = width;
    c.height = height;
    c.depth = depth;
    c.array_size = array_size;
    c.last_level = last_level;
    send(c);
    send(trace::AttachResource{kCtx, id});
  }
  // Uploads `bytes` (packed rows) into `box` of level `level` of resource `id`.
  void upload(uint32_t id, trace::Box box, std::span<const uint8_t> bytes, uint32_t level = 0) {
    trace::TransferToHost up;
    up.ctx_id = kCtx;
    up.res_id = id;
    up.level = level;
    up.box = box;
    up.data = bytes;
    send(up);
  }
  // `w` x `h` texels of `bpp` bytes from the start of resource `id` (a buffer: h 1, bpp 1), of
  // layer (or slice) `layer`.
  std::vector<uint8_t> read(uint32_t id, uint32_t w, uint32_t h, uint32_t bpp = 4,
                            uint32_t layer = 0) {
    trace::Transfer t;
    t.ctx_id = kCtx;
    t.res_id = id;
    t.box = {0, 0, layer, w, h, 1};
    std::vector<uint8_t> out(size_t{w} * h * bpp, 0xcd);
    const trace::Status s = renderer->read_resource(t, out);
    EXPECT_TRUE(s.ok()) << s.error().message;
    return out;
  }

  // The renderer's diagnostics drained into `seen`; all seen so far.
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
  // An InvalidCommand diagnostic containing `fragment` ("" matches any).
  bool rejected(const std::string& fragment) {
    return has_diagnostic(Diagnostic::Tier::InvalidCommand, fragment);
  }

  // CREATE_OBJECT(SHADER) of TGSI `text` (the packet views a copy the fixture keeps).
  virgl::CreateShader shader_packet(uint32_t handle, virgl::ShaderStage stage,
                                    const std::string& text) {
    texts.emplace_back(text.c_str(), text.size() + 1);
    virgl::CreateShader s;
    s.handle = handle;
    s.stage = static_cast<uint32_t>(stage);
    s.offset_or_length = static_cast<uint32_t>(texts.back().size());
    s.num_tokens = 64;
    s.text = {reinterpret_cast<const uint8_t*>(texts.back().data()), texts.back().size()};
    return s;
  }

  // A non-indexed, single-instance DRAW_VBO of `count` vertices from 0.
  static virgl::DrawVbo draw(uint32_t mode, uint32_t count) {
    virgl::DrawVbo d;
    d.mode = mode;
    d.count = count;
    d.instance_count = 1;
    return d;
  }

  std::unique_ptr<Renderer> renderer;
  std::vector<Diagnostic> seen;
  std::deque<std::string> texts;
  uint64_t number = 0;
};

}  // namespace vgpu::renderer::testing
