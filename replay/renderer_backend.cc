#include "replay/renderer_backend.h"

#include "replay/gl_identity.h"

namespace vgpu::replay {
namespace {

std::string tier_name(renderer::Diagnostic::Tier tier) {
  switch (tier) {
    case renderer::Diagnostic::Tier::InvalidCommand: return "invalid command";
    case renderer::Diagnostic::Tier::MalformedStream: return "malformed stream";
    case renderer::Diagnostic::Tier::GlError: return "GL error";
    case renderer::Diagnostic::Tier::ContextLost: return "context lost";
  }
  return "diagnostic";
}

class RendererBackend final : public Backend {
 public:
  explicit RendererBackend(std::unique_ptr<renderer::Renderer> r) : renderer_(std::move(r)) {}

  trace::Status on_event(const trace::Event& event) override { return renderer_->on_event(event); }
  trace::Result<uint64_t> transfer_size(const trace::Transfer& where) override {
    return renderer_->transfer_size(where);
  }
  trace::Status read_back(const trace::Transfer& where, std::span<uint8_t> out) override {
    return renderer_->read_resource(where, out);
  }
  trace::Status finish() override { return renderer_->finish(); }

  std::vector<BackendDiagnostic> take_diagnostics() override {
    std::vector<BackendDiagnostic> out;
    for (auto& d : renderer_->take_diagnostics()) {
      out.push_back({tier_name(d.tier), d.ctx_id, d.event_number, d.dword_offset,
                     std::move(d.message)});
    }
    return out;
  }

  // The renderer keeps one of its contexts current on this thread once it has one (they are
  // all the same device).
  BackendIdentity identity() override { return current_gl_identity("renderer"); }

 private:
  std::unique_ptr<renderer::Renderer> renderer_;
};

}  // namespace

trace::Result<std::unique_ptr<Backend>> make_renderer_backend(const renderer::Options& options) {
  auto r = renderer::Renderer::create(options);
  if (!r) return r.error();
  return std::unique_ptr<Backend>(std::make_unique<RendererBackend>(std::move(*r)));
}

}  // namespace vgpu::replay
