#include "replay/virgl_backend.h"

#include <algorithm>
#include <chrono>
#include <cstdarg>
#include <cstdio>
#include <cstring>
#include <thread>
#include <unordered_map>
#include <vector>

#include "renderer/gl_formats.h"
#include "renderer/transfer_layout.h"
#include "replay/gl_identity.h"
#include "replay/virgl_library.h"

namespace vgpu::replay {
namespace {

constexpr uint32_t kPipeBuffer = 0;
constexpr uint32_t kUnknownBytesPerPixel = 16;     // the widest format: an upper bound
constexpr uint64_t kMaxBackingBytes = 256ull << 20;  // per resource

// virglrenderer's state is global, and so are its callbacks: what they report goes here.
struct CallbackState {
  uint32_t last_fence = 0;
  std::vector<std::string> log;
};
CallbackState g_callbacks;
bool g_in_use = false;

void on_write_fence(void*, uint32_t fence) { g_callbacks.last_fence = fence; }

void on_debug(const char* fmt, va_list ap) {
  char line[512];
  std::vsnprintf(line, sizeof line, fmt, ap);
  std::string text(line);
  while (!text.empty() && text.back() == '\n') text.pop_back();
  if (g_callbacks.log.size() < 1000) g_callbacks.log.push_back(std::move(text));
}

trace::Error fail(std::string what) {
  return trace::Error{trace::ErrorCode::InvalidArgument, std::move(what)};
}

// Texels (or 4x4 blocks of a compressed format) and their bytes, as transfers count them.
renderer::TexelBlock texel_block(uint32_t format) {
  const auto* f = renderer::find_gl_format(format);
  return f ? f->block() : renderer::TexelBlock{1, 1, kUnknownBytesPerPixel};
}

// What a vtest server would give the guest: every level and layer at the level's natural pitch.
uint64_t backing_size(const trace::ResourceCreate& r) {
  if (r.target == kPipeBuffer) return r.width;
  return renderer::storage_bytes(r, texel_block(r.format));
}

virgl_box to_box(const trace::Box& b) { return {b.x, b.y, b.z, b.width, b.height, b.depth}; }

class VirglBackend final : public Backend {
 public:
  explicit VirglBackend(std::unique_ptr<VirglLibrary> lib) : lib_(std::move(lib)) {}
  ~VirglBackend() override {
    for (const auto& [res_id, _] : resources_) lib_->virgl_renderer_resource_unref(res_id);
    lib_->virgl_renderer_cleanup(this);
    g_in_use = false;
  }

  trace::Status start() {
    callbacks_.version = 1;
    callbacks_.write_fence = on_write_fence;
    lib_->virgl_set_debug_callback(on_debug);
    const int flags = VIRGL_RENDERER_USE_EGL | VIRGL_RENDERER_USE_SURFACELESS;
    if (int rc = lib_->virgl_renderer_init(this, flags, &callbacks_); rc != 0) {
      return fail("virgl_renderer_init failed (" + std::to_string(rc) +
                  "): it found no usable EGL surfaceless display or GL context");
    }
    g_in_use = true;
    return {};
  }

  trace::Status on_event(const trace::Event& event) override {
    event_ = event.number;
    std::visit(trace::Overloaded{
                   [&](const trace::ContextCreate& e) {
                     check(lib_->virgl_renderer_context_create(
                               e.ctx_id, static_cast<uint32_t>(e.name.size()), e.name.data()),
                           "context_create", e.ctx_id);
                   },
                   [&](const trace::ContextDestroy& e) {
                     lib_->virgl_renderer_context_destroy(e.ctx_id);
                   },
                   [&](const trace::ResourceCreate& e) { create_resource(e); },
                   [&](const trace::ResourceUnref& e) {
                     // Unref first: the library holds a pointer to the memory being freed.
                     if (resources_.count(e.res_id)) lib_->virgl_renderer_resource_unref(e.res_id);
                     resources_.erase(e.res_id);
                   },
                   [&](const trace::AttachResource& e) {
                     lib_->virgl_renderer_ctx_attach_resource(static_cast<int>(e.ctx_id),
                                                              static_cast<int>(e.res_id));
                   },
                   [&](const trace::DetachResource& e) {
                     lib_->virgl_renderer_ctx_detach_resource(static_cast<int>(e.ctx_id),
                                                              static_cast<int>(e.res_id));
                   },
                   [&](const trace::TransferToHost& e) { write(e); },
                   [&](const trace::Submit& e) {
                     std::vector<uint32_t> copy(e.dwords.begin(), e.dwords.end());
                     check(lib_->virgl_renderer_submit_cmd(copy.data(), static_cast<int>(e.ctx_id),
                                                           static_cast<int>(copy.size())),
                           "submit_cmd", e.ctx_id);
                   },
                   [&](const trace::BackingWrite& e) { backing_write(e); },
                   [](const auto&) {},
               },
               event.body);
    return {};
  }

  trace::Result<uint64_t> transfer_size(const trace::Transfer& t) override {
    const auto it = resources_.find(t.res_id);
    if (it == resources_.end()) return fail("resource " + std::to_string(t.res_id) + " unknown");
    renderer::TransferLayout layout;
    const std::string why =
        renderer::layout_transfer(it->second.args, texel_block(it->second.args.format), t.level,
                                  t.box, t.stride, t.layer_stride, layout);
    if (!why.empty()) return fail(why);
    return layout.size;
  }

  // Reads into `out` (rows at the transfer's stride from its first byte; the library checks the
  // box against it), then leaves the same bytes in the resource's memory at the transfer's
  // offset, where virgl_test_server's TRANSFER_GET2 puts them: a later upload from that memory
  // sees what the guest saw.
  trace::Status read_back(const trace::Transfer& t, std::span<uint8_t> out) override {
    const auto it = resources_.find(t.res_id);
    if (it == resources_.end()) return fail("resource " + std::to_string(t.res_id) + " unknown");
    virgl_box box = to_box(t.box);
    iovec iov{out.data(), out.size()};
    const int rc = lib_->virgl_renderer_transfer_read_iov(t.res_id, t.ctx_id, t.level, t.stride,
                                                          t.layer_stride, &box, 0, &iov, 1);
    if (rc != 0) return fail("virgl_renderer_transfer_read_iov failed (" + std::to_string(rc) + ")");
    std::vector<uint8_t>& backing = it->second.backing;
    if (t.offset < backing.size()) {
      const size_t n = std::min<size_t>(out.size(), backing.size() - t.offset);
      std::memcpy(backing.data() + t.offset, out.data(), n);
    }
    return {};
  }

  trace::Status finish() override {
    const uint32_t fence = ++fence_;
    if (lib_->virgl_renderer_create_fence(static_cast<int>(fence), 0) != 0) {
      return fail("virgl_renderer_create_fence failed");
    }
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
    while (g_callbacks.last_fence < fence) {
      lib_->virgl_renderer_poll();
      if (std::chrono::steady_clock::now() > deadline) return fail("fence timed out after 30 s");
      if (g_callbacks.last_fence < fence) std::this_thread::sleep_for(std::chrono::microseconds(50));
    }
    return {};
  }

  std::vector<BackendDiagnostic> take_diagnostics() override {
    for (auto& line : g_callbacks.log) {
      // The library's own log (its start-up banner as well as its context errors): told apart
      // from this back end's failed calls, which are "virglrenderer".
      diagnostics_.push_back({"virglrenderer log", 0, event_, 0, std::move(line)});
    }
    g_callbacks.log.clear();
    return std::exchange(diagnostics_, {});
  }

  // virglrenderer leaves its own context current on this thread after a call.
  BackendIdentity identity() override { return current_gl_identity("virglrenderer"); }

 private:
  struct Resource {
    trace::ResourceCreate args;
    std::vector<uint8_t> backing;  // the guest memory virglrenderer's TRANSFER3D reads
    // The library keeps this pointer (resource_attach_iov does not copy the array), so it lives
    // here, in a map node that never moves, for as long as the resource.
    iovec iov{};
  };

  void check(int rc, const char* what, uint32_t ctx_id) {
    if (rc != 0) {
      diagnostics_.push_back({"virglrenderer", ctx_id, event_, 0,
                              std::string("virgl_renderer_") + what + " returned " +
                                  std::to_string(rc)});
    }
  }

  void create_resource(const trace::ResourceCreate& e) {
    const uint64_t size = backing_size(e);
    if (size > kMaxBackingBytes || resources_.count(e.res_id)) {
      check(-1, "resource_create (over budget or duplicate id)", 0);
      return;
    }
    Resource& r = resources_[e.res_id];
    r.args = e;
    r.backing.resize(size);
    virgl_renderer_resource_create_args args{e.res_id, e.target, e.format, e.bind,
                                             e.width, e.height, e.depth, e.array_size,
                                             e.last_level, e.nr_samples, e.flags};
    // Created bare, then given its memory, as virgl_test_server does: only attached memory is
    // what TRANSFER3D may read.
    int rc = lib_->virgl_renderer_resource_create(&args, nullptr, 0);
    if (rc == 0 && size != 0) {
      r.iov = {r.backing.data(), r.backing.size()};
      rc = lib_->virgl_renderer_resource_attach_iov(static_cast<int>(e.res_id), &r.iov, 1);
    }
    if (rc != 0) {
      resources_.erase(e.res_id);
      check(rc, "resource_create", 0);
    }
  }

  void write(const trace::TransferToHost& e) {
    virgl_box box = to_box(e.box);
    iovec iov{const_cast<uint8_t*>(e.data.data()), e.data.size()};  // only read from
    check(lib_->virgl_renderer_transfer_write_iov(e.res_id, e.ctx_id, static_cast<int>(e.level),
                                                  e.stride, e.layer_stride, &box, 0, &iov, 1),
          "transfer_write_iov", e.ctx_id);
  }

  void backing_write(const trace::BackingWrite& e) {
    const auto it = resources_.find(e.res_id);
    if (it == resources_.end() || e.offset > it->second.backing.size() ||
        e.data.size() > it->second.backing.size() - e.offset) {
      check(-1, "backing write outside the resource's memory", e.ctx_id);
      return;
    }
    std::memcpy(it->second.backing.data() + e.offset, e.data.data(), e.data.size());
  }

  std::unique_ptr<VirglLibrary> lib_;
  virgl_renderer_callbacks callbacks_{};
  std::unordered_map<uint32_t, Resource> resources_;
  std::vector<BackendDiagnostic> diagnostics_;
  uint64_t event_ = 0;
  uint32_t fence_ = 0;
};

}  // namespace

trace::Result<std::unique_ptr<Backend>> make_virgl_backend() {
  if (g_in_use) return fail("libvirglrenderer is already in use in this process");
  auto lib = load_virgl_library();
  if (!lib) return lib.error();
  auto backend = std::make_unique<VirglBackend>(std::move(*lib));
  if (auto s = backend->start(); !s) return s.error();
  return std::unique_ptr<Backend>(std::move(backend));
}

}  // namespace vgpu::replay
