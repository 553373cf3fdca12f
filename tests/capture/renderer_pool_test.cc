// RendererPool (capture/renderer_pool.h): a renderer given back is handed out again, as good as
// new (what the last session made is gone, its unread diagnostics too), on real llvmpipe.
#include <gtest/gtest.h>

#include "capture/renderer_pool.h"

namespace vgpu::capture {
namespace {

trace::Status send(renderer::Renderer& r, trace::EventBody body) {
  static uint64_t number = 0;
  return r.on_event(trace::Event{0, ++number, std::move(body)});
}

trace::ResourceCreate buffer(uint32_t id) {
  trace::ResourceCreate c;
  c.res_id = id;
  c.format = 64;  // R8_UNORM
  c.bind = 16;    // vertex buffer
  c.width = 256;
  c.height = c.depth = c.array_size = 1;
  return c;
}

TEST(RendererPoolTest, AGivenBackRendererIsHandedOutAgainAsGoodAsNew) {
  RendererPool pool;
  renderer::Options options;
  options.debug_gl = true;
  auto first = pool.acquire(options);
  ASSERT_TRUE(first.ok()) << first.error().message;
  renderer::Renderer* const made = first.value().get();
  ASSERT_TRUE(send(*made, trace::ContextCreate{1, 0, "first"}).ok());
  ASSERT_TRUE(send(*made, buffer(1)).ok());
  ASSERT_TRUE(send(*made, trace::ContextCreate{0, 0, "invalid"}).ok());  // left unread
  pool.release(std::move(first.value()));

  auto second = pool.acquire(options);
  ASSERT_TRUE(second.ok()) << second.error().message;
  EXPECT_EQ(second.value().get(), made) << "the given-back renderer is reused";
  renderer::Renderer& r = *second.value();
  // Context 1 and resource 1 are free again: the reset destroyed them.
  ASSERT_TRUE(send(r, trace::ContextCreate{1, 0, "second"}).ok());
  ASSERT_TRUE(send(r, buffer(1)).ok());
  EXPECT_TRUE(r.take_diagnostics().empty()) << "nothing of the first session is reported";
}

}  // namespace
}  // namespace vgpu::capture
