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
  // Resource <-> its backing (attached memory or mirror) at `offset`.
  [[nodiscard]] std::string backing_to_resource(Resource& res, uint32_t level,
                                                const trace::Box& box, uint32_t stride,
                                                uint32_t layer_stride, uint64_t offset);
  [[nodiscard]] std::string resource_to_backing(Resource& res, uint32_t level,
                                                const trace::Box& box, uint32_t stride,
                                                uint32_t layer_stride, uint64_t offset);
};

}  // namespace vgpu::renderer
