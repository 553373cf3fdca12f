// Renderer::reset() (the fuzz harness's way to run many inputs through one Renderer): everything
// the guest made is gone, its budgets are free again, nothing of it shows through what is made
// afterwards, and contexts made on the reused GL contexts render as new ones do.  Real llvmpipe,
// debug_gl on: any GL error fails a test.
#include <gtest/gtest.h>

#include <array>
#include <bit>
#include <memory>
#include <string>
#include <vector>

#include "decoder/encoder.h"
#include "renderer/renderer.h"

namespace vgpu::renderer {
namespace {

constexpr uint32_t kB8G8R8A8 = 1;
constexpr uint32_t kSize = 16;  // texture width and height

class ResetTest : public ::testing::Test {
 protected:
  void SetUp() override { make_renderer(Options{}); }
  void TearDown() override {
    for (const auto& d : take()) EXPECT_NE(d.tier, Diagnostic::Tier::GlError) << d.message;
  }
  void make_renderer(Options o) {
    o.debug_gl = true;
    // The old one goes first: a GlDevice's destructor releases the thread's EGL state, which
    // a device made before it would not know about.
    renderer = nullptr;
    auto r = Renderer::create(o);
    ASSERT_TRUE(r.ok()) << r.error().message;
    renderer = std::move(*r);
  }

  void send(trace::EventBody body) {
    trace::Event e;
    e.number = ++number;
    e.body = std::move(body);
    const trace::Status s = renderer->on_event(e);
    ASSERT_TRUE(s.ok()) << s.error().message;
  }
  void reset() {
    const trace::Status s = renderer->reset();
    ASSERT_TRUE(s.ok()) << s.error().message;
  }
  // A kSize x kSize B8G8R8A8 render target `id`, attached to context `ctx`.
  void target(uint32_t ctx, uint32_t id, uint32_t size = kSize) {
    trace::ResourceCreate c;
    c.res_id = id;
    c.target = 2;
    c.format = kB8G8R8A8;
    c.bind = 2;
    c.width = c.height = size;
    c.depth = c.array_size = 1;
    send(c);
    send(trace::AttachResource{ctx, id});
  }
  // Binds `id` as the only colour buffer (surface handle 1) and clears it to `rgba`.
  void clear(uint32_t ctx, uint32_t id, std::array<float, 4> rgba) {
    virgl::Encoder enc;
    virgl::CreateSurface s;
    s.handle = 1;
    s.resource = id;
    s.format = kB8G8R8A8;
    enc.add(s);
    virgl::SetFramebufferState fb;
    fb.cbufs.push_back(1);
    enc.add(fb);
    virgl::Clear c;
    c.buffers = 4;  // PIPE_CLEAR_COLOR0
    for (size_t i = 0; i < 4; ++i) c.color[i] = std::bit_cast<uint32_t>(rgba[i]);
    enc.add(c);
    send(trace::Submit{ctx, enc.words()});
  }
  std::vector<uint8_t> read(uint32_t ctx, uint32_t id) {
    trace::Transfer t;
    t.ctx_id = ctx;
    t.res_id = id;
    t.box = {0, 0, 0, kSize, kSize, 1};
    std::vector<uint8_t> out(size_t{kSize} * kSize * 4, 0xcd);
    const trace::Status s = renderer->read_resource(t, out);
    EXPECT_TRUE(s.ok()) << s.error().message;
    return out;
  }
  std::vector<Diagnostic> take() { return renderer->take_diagnostics(); }
  static bool has(const std::vector<Diagnostic>& ds, const std::string& fragment) {
    for (const auto& d : ds)
      if (d.message.find(fragment) != std::string::npos) return true;
    return false;
  }
  static std::vector<uint8_t> filled(std::array<uint8_t, 4> bgra) {
    std::vector<uint8_t> v;
    for (uint32_t i = 0; i < kSize * kSize; ++i) v.insert(v.end(), bgra.begin(), bgra.end());
    return v;
  }

  std::unique_ptr<Renderer> renderer;
  uint64_t number = 0;
};

TEST_F(ResetTest, DestroysEveryContextAndResource) {
  send(trace::ContextCreate{1, 0, "a"});
  send(trace::ContextCreate{2, 0, "b"});
  target(1, 7);
  ASSERT_TRUE(take().empty());
  reset();
  EXPECT_TRUE(take().empty()) << "reset itself reports nothing";

  send(trace::Submit{1, {}});
  EXPECT_TRUE(has(take(), "context 1 does not exist"));
  send(trace::AttachResource{2, 7});
  EXPECT_TRUE(has(take(), "resource 7 does not exist"));
  trace::Transfer t;
  t.res_id = 7;
  t.box = {0, 0, 0, 1, 1, 1};
  EXPECT_FALSE(renderer->transfer_size(t).ok()) << "resource 7 survived the reset";

  // The ids are free again: neither is "in use".
  send(trace::ContextCreate{1, 0, "a again"});
  send(trace::ContextCreate{2, 0, "b again"});
  target(1, 7);
  EXPECT_TRUE(take().empty());
}

TEST_F(ResetTest, WhatIsMadeAfterwardsStartsFromZerosAndRenders) {
  send(trace::ContextCreate{1, 0, "a"});
  target(1, 7);
  clear(1, 7, {1.0f, 0.0f, 0.0f, 1.0f});
  ASSERT_EQ(read(1, 7), filled({0x00, 0x00, 0xff, 0xff}));

  // Twice: the second round runs on a GL context the first reset kept.
  for (int round = 0; round < 2; ++round) {
    reset();
    send(trace::ContextCreate{1, 0, "a again"});
    target(1, 7);
    EXPECT_EQ(read(1, 7), filled({0, 0, 0, 0})) << "round " << round;
    clear(1, 7, {0.0f, 1.0f, 0.0f, 1.0f});
    EXPECT_EQ(read(1, 7), filled({0x00, 0xff, 0x00, 0xff})) << "round " << round;
    EXPECT_TRUE(take().empty()) << "round " << round;
  }
}

// ContextDestroy keeps the GL context for the next ContextCreate, as reset() does: what the
// destroyed context drew does not show through, and the new one renders.
TEST_F(ResetTest, AContextMadeAfterContextDestroyStartsClean) {
  send(trace::ContextCreate{1, 0, "a"});
  target(1, 7);
  clear(1, 7, {1.0f, 0.0f, 0.0f, 1.0f});
  ASSERT_EQ(read(1, 7), filled({0x00, 0x00, 0xff, 0xff}));
  send(trace::ContextDestroy{1});
  send(trace::ResourceUnref{7});
  send(trace::ContextCreate{2, 0, "b"});
  target(2, 8);
  EXPECT_EQ(read(2, 8), filled({0, 0, 0, 0}));
  clear(2, 8, {0.0f, 1.0f, 0.0f, 1.0f});
  EXPECT_EQ(read(2, 8), filled({0x00, 0xff, 0x00, 0xff}));
  EXPECT_TRUE(take().empty());
}

TEST_F(ResetTest, SeveralContextsAfterResetKeepTheirOwnState) {
  // Three contexts, then four after the reset: three reuse GL contexts, one is new.
  for (uint32_t ctx = 1; ctx <= 3; ++ctx) send(trace::ContextCreate{ctx, 0, "first"});
  reset();
  for (uint32_t ctx = 1; ctx <= 4; ++ctx) {
    send(trace::ContextCreate{ctx, 0, "second"});
    target(ctx, 10 + ctx);
  }
  // Each context clears its own target with its own framebuffer (surface 1 in each).
  for (uint32_t ctx = 1; ctx <= 4; ++ctx)
    clear(ctx, 10 + ctx, {0.0f, 0.0f, static_cast<float>(ctx) / 4.0f, 1.0f});
  for (uint32_t ctx = 1; ctx <= 4; ++ctx) {
    const auto pixels = read(ctx, 10 + ctx);
    EXPECT_NEAR(pixels[0], ctx * 255.0 / 4, 1.0) << "context " << ctx;
    EXPECT_EQ(pixels, filled({pixels[0], 0x00, 0x00, 0xff})) << "context " << ctx;
  }
  EXPECT_TRUE(take().empty());
}

TEST_F(ResetTest, FreesTheBudgets) {
  Options o;
  o.budgets.max_contexts = 2;
  o.budgets.max_total_bytes = 1u << 20;  // one 512 x 512 B8G8R8A8 texture
  make_renderer(o);
  for (int round = 0; round < 3; ++round) {
    send(trace::ContextCreate{1, 0, "a"});
    send(trace::ContextCreate{2, 0, "b"});
    target(1, 5, 512);
    EXPECT_TRUE(take().empty()) << "round " << round << ": refused although reset freed it";
    send(trace::ContextCreate{3, 0, "over"});
    target(1, 6, 512);
    const auto refused = take();
    EXPECT_TRUE(has(refused, "context budget")) << "round " << round;
    EXPECT_TRUE(has(refused, "resource 6")) << "round " << round;
    reset();
  }
}

TEST_F(ResetTest, KeepsPendingDiagnosticsAndAllowsAnEmptyRenderer) {
  reset();
  reset();
  send(trace::ResourceUnref{9});
  reset();
  EXPECT_TRUE(has(take(), "resource 9 does not exist"));
}

}  // namespace
}  // namespace vgpu::renderer
