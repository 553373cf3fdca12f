// Renderers kept from one vgpu-server session for the next, for callers that run every session
// on the same thread (the server fuzz harness runs thousands of one-input sessions).  Making a
// Renderer costs an EGL display and a GL context (tens of milliseconds on llvmpipe, most of a
// short session); Renderer::reset() makes a used one as good as new (renderer.h).  Sessions on
// different threads cannot share one: a GL context is current on the thread that made it.  Not an
// isolation boundary between guests: reset() destroys what a session made, but the program
// cache and the constant rings' stale tails carry over, so it is for one fuzzer's inputs, not
// for real clients.
#pragma once

#include <memory>

#include "renderer/renderer.h"

namespace vgpu::capture {

class RendererPool {
 public:
  // A kept renderer, or a new one made with `options` (a kept one was made with the options of
  // the first call: one pool serves one configuration).
  [[nodiscard]] trace::Result<std::unique_ptr<renderer::Renderer>> acquire(
      const renderer::Options& options) {
    if (spare_) return std::move(spare_);
    return renderer::Renderer::create(options);
  }
  // Takes `r` back once reset(), without the diagnostics its last session left unread (they are
  // not the next session's); a renderer that cannot be reset is destroyed instead.
  void release(std::unique_ptr<renderer::Renderer> r) {
    if (!r || !r->reset().ok()) return;
    (void)r->take_diagnostics();
    spare_ = std::move(r);
  }

 private:
  std::unique_ptr<renderer::Renderer> spare_;
};

}  // namespace vgpu::capture
