#include "replay/renderer_backend.h"

#include <epoxy/egl.h>
#include <epoxy/gl.h>

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

std::string gl_string(GLenum name) {
  const auto* text = reinterpret_cast<const char*>(glGetString(name));
  return text ? text : "";
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

  BackendIdentity identity() override {
    BackendIdentity id{"renderer", "", "", ""};
    // The renderer keeps one of its contexts current on this thread once it has one; the
    // strings are read from whichever it is (they are the same device).
    if (eglGetCurrentContext() != EGL_NO_CONTEXT) {
      id.gl_vendor = gl_string(GL_VENDOR);
      id.gl_renderer = gl_string(GL_RENDERER);
      id.gl_version = gl_string(GL_VERSION);
    }
    return id;
  }

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
