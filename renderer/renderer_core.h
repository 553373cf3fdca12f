// What a Renderer owns, shared by the event handlers (renderer.cc) and the command executor
// (submit_executor*.cc).  Member order is destruction order reversed: contexts go before the
// resource table (their objects hold resources), which goes before the GL device.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <unordered_map>

#include "renderer/diagnostics.h"
#include "renderer/gl_debug.h"
#include "renderer/gl_device.h"
#include "renderer/program_cache.h"
#include "renderer/renderer.h"
#include "renderer/resource_table.h"
#include "renderer/transfer_layout.h"
#include "renderer/virgl_context.h"

namespace vgpu::renderer {

struct RendererCore {
  explicit RendererCore(const Options& o) : options(o), resources(o.budgets) {}
  ~RendererCore();

  Options options;
  std::unique_ptr<GlDevice> device;
  ProgramCache programs;
  ResourceTable resources;
  std::unordered_map<uint32_t, std::unique_ptr<VirglContext>> contexts;
  DiagnosticLog log;
  EventOrigin origin;  // the event being handled
  // Signalled when everything submitted so far has finished (one fence after each submit).
  GLsync last_submit_fence = nullptr;
  GLuint blit_program = 0;  // draw_blit.h's, made on first use
  GlDebugTarget debug_target{&log, &origin};

  void invalid(std::string message) {
    log.add(Diagnostic::Tier::InvalidCommand, origin, std::move(message));
  }
  // Makes the GL context of `ctx_id` current, or the root context when there is none.
  [[nodiscard]] trace::Status use_context(uint32_t ctx_id);
  // Validates a transfer of `res` and computes its layout; empty string means ok.
  [[nodiscard]] std::string layout(const Resource& res, uint32_t level, const trace::Box& box,
                                   uint32_t stride, uint32_t layer_stride,
                                   TransferLayout& out) const;
  // Moves `where`'s box (level, strides, offset; data ignored) between `res` and its backing
  // (attached memory or mirror).
  enum class Direction { ToResource, ToBacking };
  [[nodiscard]] std::string move_backing(Resource& res, const trace::Transfer& where,
                                         Direction direction);
  // The context `ctx_id`, or nullptr after an InvalidCommand diagnostic "<what>: ...".
  [[nodiscard]] VirglContext* find_context(uint32_t ctx_id, const char* what) {
    auto it = contexts.find(ctx_id);
    if (it != contexts.end()) return it->second.get();
    invalid(std::string(what) + ": context " + std::to_string(ctx_id) + " does not exist");
    return nullptr;
  }
};

}  // namespace vgpu::renderer
