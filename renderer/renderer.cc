// Renderer: the event handlers of the device-level vocabulary.  Submits go to SubmitExecutor;
// everything else (contexts, resources, transfers, backing memory) is handled here.
#include "renderer/renderer.h"

#include <cstring>
#include <vector>

#include "renderer/caps.h"
#include "renderer/gl_debug.h"
#include "renderer/gl_transfer.h"
#include "renderer/renderer_core.h"
#include "renderer/submit_executor.h"

namespace vgpu::renderer {

class Renderer::Impl : public RendererCore {
 public:
  using RendererCore::RendererCore;

  trace::Status handle(const trace::ContextCreate& e);
  trace::Status handle(const trace::ContextDestroy& e);
  trace::Status handle(const trace::ResourceCreate& e);
  trace::Status handle(const trace::ResourceUnref& e);
  trace::Status handle(const trace::AttachResource& e);
  trace::Status handle(const trace::DetachResource& e);
  trace::Status handle(const trace::TransferToHost& e);
  trace::Status handle(const trace::TransferFromHost& e);
  trace::Status handle(const trace::Submit& e);
  trace::Status handle(const trace::BackingWrite& e);
  trace::Status handle(const trace::ResourceCreateBlob& e) {
    invalid("resource " + std::to_string(e.res_id) + ": blob resources are not supported");
    return {};
  }
  // Informational or synchronous by construction: every command has finished when on_event
  // returns from a Submit, so fences and syncs are already signalled.
  template <class E>
  trace::Status handle(const E&) {
    return {};
  }

  // The resource of a transfer, visible to the transfer's context (when it names one).
  std::shared_ptr<Resource> transfer_resource(const trace::Transfer& t, std::string& why) const;
  void check_reset(VirglContext& ctx);
  // vtest TRANSFER_PUT2 / GET2: an error Status rather than a diagnostic (the server answers).
  trace::Status vtest_transfer(const trace::Transfer& where, Direction direction);
  trace::Result<std::unique_ptr<VirglContext>> make_context(uint32_t id);
  trace::Status reset();

  // GL contexts of destroyed contexts, with their constant rings, reused by make_context
  // (renderer.h, reset()).
  struct SpareContext {
    EGLContext gl;
    std::unique_ptr<UniformStream> uniforms;
  };
  std::vector<SpareContext> spare;
  // Keeps `ctx`'s GL context for reuse; its sub-contexts must be gone.
  void set_aside(VirglContext& ctx) { spare.push_back({ctx.gl, std::move(ctx.uniforms)}); }
  // Destroys `s` (its ring first, with the root context current: the ring is a share-group object).
  void destroy_spare(SpareContext& s) {
    if (device->make_current(device->root()).ok()) s.uniforms.reset();
    device->destroy_context(s.gl);
  }
  ~Impl() {
    if (!device || !device->make_current(device->root()).ok()) return;
    for (SpareContext& s : spare) destroy_spare(s);
  }
};

// ---- contexts --------------------------------------------------------------------------------

trace::Result<std::unique_ptr<VirglContext>> Renderer::Impl::make_context(uint32_t id) {
  auto ctx = std::make_unique<VirglContext>();
  ctx->id = id;
  if (!spare.empty()) {
    ctx->gl = spare.back().gl;
    ctx->uniforms = std::move(spare.back().uniforms);
    spare.pop_back();
  } else {
    auto gl = device->create_context();
    if (!gl) return gl.error();
    ctx->gl = *gl;
    ctx->uniforms = std::make_unique<UniformStream>();
  }
  if (auto s = device->make_current(ctx->gl); !s) {
    SpareContext unusable{ctx->gl, std::move(ctx->uniforms)};
    destroy_spare(unusable);
    return s.error();
  }
  if (options.debug_gl) install_debug_callback(debug_target);
  auto sub0 = std::make_unique<SubContext>(*ctx->uniforms);
  ctx->current = sub0.get();
  ctx->sub_contexts.emplace(0, std::move(sub0));
  return ctx;
}

trace::Status Renderer::Impl::handle(const trace::ContextCreate& e) {
  // Context 0 is virtio-gpu's "no context" (CVE-2017-6210 was a null deref on it).
  if (e.ctx_id == 0 || contexts.count(e.ctx_id) != 0) {
    invalid("context " + std::to_string(e.ctx_id) + " cannot be created (0 or in use)");
    return {};
  }
  if (contexts.size() >= options.budgets.max_contexts) {
    invalid("the context budget (" + std::to_string(options.budgets.max_contexts) +
            ") is spent");
    return {};
  }
  auto ctx = make_context(e.ctx_id);
  if (!ctx) return ctx.error();
  contexts.emplace(e.ctx_id, std::move(*ctx));
  return {};
}

trace::Status Renderer::Impl::handle(const trace::ContextDestroy& e) {
  VirglContext* ctx = find_context(e.ctx_id, "ContextDestroy");
  if (ctx == nullptr) return {};
  if (auto s = device->make_current(ctx->gl); !s) return s;
  ctx->sub_contexts.clear();
  ctx->current = nullptr;
  if (auto s = device->make_current(device->root()); !s) return s;
  // Kept for the next ContextCreate, as reset() does (renderer.h): a guest (or a trace, or the fuzz
  // harness) that destroys and creates contexts would otherwise pay for a new llvmpipe context
  // and its shader variants every time.
  set_aside(*ctx);
  contexts.erase(e.ctx_id);
  return {};
}

trace::Status Renderer::Impl::reset() {
  while (!contexts.empty()) {
    auto node = contexts.extract(contexts.begin());
    VirglContext& ctx = *node.mapped();
    // Its sub-contexts delete GL objects of its own GL context (framebuffers, vertex arrays).
    if (auto s = device->make_current(ctx.gl); !s) {
      device->destroy_context(ctx.gl);
      return s;
    }
    ctx.sub_contexts.clear();
    ctx.current = nullptr;
    set_aside(ctx);
  }
  if (auto s = device->make_current(device->root()); !s) return s;
  resources.clear();
  return {};
}

void Renderer::Impl::check_reset(VirglContext& ctx) {
  if (!device->robust() || glGetGraphicsResetStatus() == GL_NO_ERROR) return;
  log.add(Diagnostic::Tier::ContextLost, origin,
          "the GL context of context " + std::to_string(ctx.id) +
              " was reset; it is recreated and its objects are lost");
  const uint32_t id = ctx.id;
  std::unordered_set<uint32_t> attached = std::move(ctx.attached);
  // Deleting through a lost context is a no-op in GL; it frees our side of the objects.
  if (device->make_current(ctx.gl).ok()) ctx.sub_contexts.clear();
  if (device->make_current(device->root()).ok()) device->destroy_context(ctx.gl);
  contexts.erase(id);
  // A reset may have taken the whole share group: the kept contexts are not trusted either.
  for (SpareContext& s : spare) destroy_spare(s);
  spare.clear();
  auto fresh = make_context(id);
  if (!fresh) return;
  (*fresh)->attached = std::move(attached);
  contexts.emplace(id, std::move(*fresh));
}

// ---- resources -------------------------------------------------------------------------------

trace::Status Renderer::Impl::handle(const trace::ResourceCreate& e) {
  if (std::string why = resources.create(e); !why.empty()) {
    invalid("resource " + std::to_string(e.res_id) + ": " + why);
  }
  return {};
}

trace::Status Renderer::Impl::handle(const trace::ResourceUnref& e) {
  if (std::string why = resources.unref(e.res_id); !why.empty()) {
    invalid(why);
    return {};
  }
  for (auto& [id, ctx] : contexts) ctx->attached.erase(e.res_id);
  return {};
}

trace::Status Renderer::Impl::handle(const trace::AttachResource& e) {
  auto it = contexts.find(e.ctx_id);
  if (it == contexts.end() || !resources.find(e.res_id)) {
    invalid("attach: context " + std::to_string(e.ctx_id) + " or resource " +
            std::to_string(e.res_id) + " does not exist");
    return {};
  }
  it->second->attached.insert(e.res_id);
  return {};
}

trace::Status Renderer::Impl::handle(const trace::DetachResource& e) {
  auto it = contexts.find(e.ctx_id);
  if (it == contexts.end() || it->second->attached.erase(e.res_id) == 0) {
    invalid("detach: resource " + std::to_string(e.res_id) + " is not attached to context " +
            std::to_string(e.ctx_id));
  }
  return {};
}

std::shared_ptr<Resource> Renderer::Impl::transfer_resource(const trace::Transfer& t,
                                                            std::string& why) const {
  auto ctx = contexts.find(t.ctx_id);
  auto res = ctx != contexts.end() ? ctx->second->resource(resources, t.res_id)
                                   : resources.find(t.res_id);
  if (!res) {
    why = "resource " + std::to_string(t.res_id) + " is not attached to context " +
          std::to_string(t.ctx_id);
  }
  return res;
}

trace::Status Renderer::Impl::handle(const trace::TransferToHost& e) {
  std::string why;
  auto res = transfer_resource(e, why);
  TransferLayout l;
  if (res) why = layout(*res, e.level, e.box, e.stride, e.layer_stride, l);
  if (why.empty() && l.size > e.data.size()) {
    why = "the box needs " + std::to_string(l.size) + " bytes, the transfer carries " +
          std::to_string(e.data.size());
  }
  if (why.empty()) {
    if (auto s = use_context(e.ctx_id); !s) return s;
    why = upload_box(*res, e.level, e.box, l, e.data);
  }
  if (!why.empty()) invalid("TransferToHost: " + why);
  return {};
}

trace::Status Renderer::Impl::handle(const trace::TransferFromHost& e) {
  std::string why;
  auto res = transfer_resource(e, why);
  TransferLayout l;
  if (res) why = layout(*res, e.level, e.box, e.stride, e.layer_stride, l);
  if (why.empty() && res->attached_backing.data() != nullptr) {
    if (auto s = use_context(e.ctx_id); !s) return s;
    why = move_backing(*res, e, Direction::ToBacking);
  }
  if (!why.empty()) invalid("TransferFromHost: " + why);
  return {};
}

trace::Status Renderer::Impl::handle(const trace::BackingWrite& e) {
  auto res = resources.find(e.res_id);
  std::string why = res ? std::string() : "resource " + std::to_string(e.res_id) + " does not exist";
  if (res && res->attached_backing.data() == nullptr) {
    why = resources.reserve_mirror(*res, e.offset, e.data.size());
  }
  if (why.empty() && !range_inside(e.offset, e.data.size(), res->backing().size())) {
    why = "range " + std::to_string(e.offset) + "+" + std::to_string(e.data.size()) +
          " is outside the backing of resource " + std::to_string(e.res_id);
  }
  if (!why.empty()) {
    invalid("BackingWrite: " + why);
    return {};
  }
  if (!e.data.empty()) std::memcpy(res->backing().data() + e.offset, e.data.data(), e.data.size());
  return {};
}

trace::Status Renderer::Impl::vtest_transfer(const trace::Transfer& w, Direction direction) {
  std::string why;
  auto res = transfer_resource(w, why);
  if (res) {
    if (auto s = use_context(w.ctx_id); !s) return s;
    why = move_backing(*res, w, direction);
  }
  if (why.empty()) return {};
  return trace::Error{trace::ErrorCode::InvalidArgument,
                      (direction == Direction::ToResource ? "TRANSFER_PUT2: " : "TRANSFER_GET2: ") +
                          why};
}

// ---- submits ---------------------------------------------------------------------------------

trace::Status Renderer::Impl::handle(const trace::Submit& e) {
  VirglContext* found = find_context(e.ctx_id, "Submit");
  if (found == nullptr) return {};
  VirglContext& ctx = *found;
  if (ctx.in_error) {
    invalid("Submit: context " + std::to_string(e.ctx_id) +
            " is in error after a malformed stream; submit dropped");
    return {};
  }
  if (auto s = device->make_current(ctx.gl); !s) return s;
  SubmitExecutor executor(*this, ctx);
  const virgl::DecodeSummary summary = virgl::decode(e.dwords, executor);
  executor.finish();
  if (summary.stream_error) {
    origin.dword_offset = summary.stream_error->offset;
    log.add(Diagnostic::Tier::MalformedStream, origin, summary.stream_error->message);
    ctx.in_error = true;
  }
  origin.dword_offset = 0;
  // One fence per submit, replacing the last: idle() asks it without waiting.
  if (last_submit_fence != nullptr) glDeleteSync(last_submit_fence);
  last_submit_fence = glFenceSync(GL_SYNC_GPU_COMMANDS_COMPLETE, 0);
  check_reset(ctx);
  return {};
}

// ---- the public face ---------------------------------------------------------------------------

Renderer::Renderer(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Renderer::~Renderer() = default;

trace::Result<std::unique_ptr<Renderer>> Renderer::create(const Options& options) {
  auto impl = std::make_unique<Impl>(options);
  auto device = GlDevice::open(options.egl_device, options.debug_gl);
  if (!device) return device.error();
  impl->device = std::move(*device);
  if (options.debug_gl) install_debug_callback(impl->debug_target);
  return std::unique_ptr<Renderer>(new Renderer(std::move(impl)));
}

trace::Status Renderer::on_event(const trace::Event& event) {
  Impl& r = *impl_;
  r.origin = {};
  r.origin.event_number = event.number;
  std::visit([&](const auto& body) {
    if constexpr (requires { body.ctx_id; }) r.origin.ctx_id = body.ctx_id;
  }, event.body);
  return std::visit([&](const auto& body) { return r.handle(body); }, event.body);
}

trace::Result<std::vector<uint8_t>> Renderer::capset(uint32_t capset_id, uint32_t version) const {
  return build_capset(capset_id, version);
}

trace::Status Renderer::attach_backing(uint32_t res_id, std::span<uint8_t> memory) {
  auto res = impl_->resources.find(res_id);
  if (!res) {
    return trace::Error{trace::ErrorCode::InvalidArgument,
                        "attach_backing: resource " + std::to_string(res_id) + " does not exist"};
  }
  res->attached_backing = memory;
  return {};
}

namespace {
trace::Status as_status(const std::string& why, const char* what) {
  if (why.empty()) return {};
  return trace::Error{trace::ErrorCode::InvalidArgument, std::string(what) + ": " + why};
}
}  // namespace

trace::Status Renderer::transfer_to_host_from_backing(const trace::Transfer& w) {
  return impl_->vtest_transfer(w, RendererCore::Direction::ToResource);
}

trace::Status Renderer::transfer_from_host_to_backing(const trace::Transfer& w) {
  return impl_->vtest_transfer(w, RendererCore::Direction::ToBacking);
}

trace::Status Renderer::read_resource(const trace::Transfer& w, std::span<uint8_t> out) {
  std::string why;
  auto res = impl_->transfer_resource(w, why);
  TransferLayout l;
  if (res) why = impl_->layout(*res, w.level, w.box, w.stride, w.layer_stride, l);
  if (why.empty() && out.size() != l.size) {
    why = "the output holds " + std::to_string(out.size()) + " bytes, the transfer is " +
          std::to_string(l.size);
  }
  if (why.empty()) {
    if (auto s = impl_->use_context(w.ctx_id); !s) return s;
    why = download_box(*res, w.level, w.box, l, out);
  }
  return as_status(why, "read_resource");
}

trace::Result<uint64_t> Renderer::transfer_size(const trace::Transfer& w) const {
  std::string why;
  auto res = impl_->transfer_resource(w, why);
  TransferLayout l;
  if (res) why = impl_->layout(*res, w.level, w.box, w.stride, w.layer_stride, l);
  if (!why.empty()) return trace::Error{trace::ErrorCode::InvalidArgument, "transfer_size: " + why};
  return l.size;
}

trace::Status Renderer::finish() {
  glFinish();
  return {};
}

bool Renderer::idle() {
  GLsync& fence = impl_->last_submit_fence;
  if (fence == nullptr) return true;
  const GLenum state = glClientWaitSync(fence, GL_SYNC_FLUSH_COMMANDS_BIT, 0);
  if (state == GL_TIMEOUT_EXPIRED) return false;
  glDeleteSync(fence);  // signalled (or failed: a lost context has nothing left to run)
  fence = nullptr;
  return true;
}

std::vector<Diagnostic> Renderer::take_diagnostics() { return impl_->log.take(); }

trace::Status Renderer::reset() { return impl_->reset(); }

}  // namespace vgpu::renderer
