#include "fuzz/peer/virglrenderer_target.h"

#include <sys/uio.h>

extern "C" {  // the header has no C++ guard
#include <virgl/virglrenderer.h>
}

#include <cstring>
#include <memory>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <variant>

#include "fuzz/mesa_env.h"

// The public header only declares it; the layout is virglrenderer's src/virgl_hw.h (six u32:
// x, y, z, w, h, d), part of its ABI since 0.6.
struct virgl_box {
  uint32_t x, y, z, w, h, d;
};

namespace vgpu::fuzz {
namespace {

void ignore_fence(void*, uint32_t) {}

virgl_box to_virgl(const trace::Box& b) {
  return {b.x, b.y, b.z, b.width, b.height, b.depth};
}

trace::Error unsupported(const char* what) {
  return trace::Error{trace::ErrorCode::Unsupported, std::string(what) + ": not on the peer"};
}

// Every event goes to the matching virglrenderer call; its error codes are the peer's business
// (invalid input is expected), so only a crash or a sanitizer report is a finding.
class VirglrendererTarget : public HarnessTarget {
 public:
  trace::Status on_event(const trace::Event& event) override {
    std::visit([this](const auto& e) { handle(e); }, event.body);
    return {};
  }
  // virglrenderer keeps the iovec array's address, not a copy (a VMM keeps it with its
  // resource): each lives here until its resource goes.
  trace::Status attach_backing(uint32_t res_id, std::span<uint8_t> memory) override {
    auto iov = std::make_unique<iovec>(iovec{memory.data(), memory.size()});
    if (virgl_renderer_resource_attach_iov(static_cast<int>(res_id), iov.get(), 1) == 0)
      backings_[res_id] = std::move(iov);
    return {};
  }
  // READ_BACK_ZEROS needs our layout rules: not offered on the peer.
  trace::Result<uint64_t> transfer_size(const trace::Transfer&) const override {
    return unsupported("transfer_size");
  }
  trace::Status read_resource(const trace::Transfer&, std::span<uint8_t>) override {
    return unsupported("read_resource");
  }
  trace::Status reset() override {
    virgl_renderer_reset();
    backings_.clear();
    resources_.clear();
    return {};
  }
  std::vector<renderer::Diagnostic> take_diagnostics() override { return {}; }

 private:
  void handle(const trace::ContextCreate& e) {
    const std::string name(e.name);
    virgl_renderer_context_create(e.ctx_id, static_cast<uint32_t>(name.size()), name.c_str());
  }
  void handle(const trace::ContextDestroy& e) { virgl_renderer_context_destroy(e.ctx_id); }
  // A VMM refuses an id in use before virglrenderer sees it (QEMU's virtio-gpu does), and
  // virglrenderer relies on that: it would replace the live resource under its users.
  void handle(const trace::ResourceCreate& e) {
    if (!resources_.insert(e.res_id).second) return;
    virgl_renderer_resource_create_args a{e.res_id, e.target, e.format, e.bind,
                                          e.width,  e.height, e.depth,  e.array_size,
                                          e.last_level, e.nr_samples, 0};
    if (virgl_renderer_resource_create(&a, nullptr, 0) != 0) resources_.erase(e.res_id);
  }
  void handle(const trace::ResourceUnref& e) {
    if (resources_.erase(e.res_id) == 0) return;
    virgl_renderer_resource_unref(e.res_id);
    backings_.erase(e.res_id);
  }
  void handle(const trace::AttachResource& e) {
    virgl_renderer_ctx_attach_resource(static_cast<int>(e.ctx_id), static_cast<int>(e.res_id));
  }
  void handle(const trace::DetachResource& e) {
    virgl_renderer_ctx_detach_resource(static_cast<int>(e.ctx_id), static_cast<int>(e.res_id));
  }
  void handle(const trace::Submit& e) {
    words_.assign(e.dwords.begin(), e.dwords.end());  // the API takes a mutable buffer
    virgl_renderer_submit_cmd(words_.data(), static_cast<int>(e.ctx_id),
                              static_cast<int>(words_.size()));
  }
  void handle(const trace::TransferToHost& e) {
    virgl_box box = to_virgl(e.box);
    iovec iov{const_cast<uint8_t*>(e.data.data()), e.data.size()};
    virgl_renderer_transfer_write_iov(e.res_id, e.ctx_id, static_cast<int>(e.level), e.stride,
                                      e.layer_stride, &box, 0, &iov, 1);
  }
  void handle(const trace::TransferFromHost& e) {
    virgl_box box = to_virgl(e.box);  // into the attached backing
    virgl_renderer_transfer_read_iov(e.res_id, e.ctx_id, e.level, e.stride, e.layer_stride, &box,
                                     0, nullptr, 0);
  }
  void handle(const trace::BackingWrite& e) {
    auto it = backings_.find(e.res_id);
    if (it == backings_.end() || e.offset > it->second->iov_len ||
        e.data.size() > it->second->iov_len - e.offset)
      return;
    if (!e.data.empty())
      std::memcpy(static_cast<uint8_t*>(it->second->iov_base) + e.offset, e.data.data(),
                  e.data.size());
  }
  template <class E>
  void handle(const E&) {}

  std::unordered_set<uint32_t> resources_;
  std::unordered_map<uint32_t, std::unique_ptr<iovec>> backings_;
  std::vector<uint32_t> words_;
};

}  // namespace

std::unique_ptr<HarnessTarget> make_virglrenderer_target() {
  static virgl_renderer_callbacks callbacks{};
  callbacks.version = 1;
  callbacks.write_fence = ignore_fence;
  static int cookie;
  set_mesa_environment();
  if (virgl_renderer_init(&cookie, VIRGL_RENDERER_USE_EGL | VIRGL_RENDERER_USE_SURFACELESS,
                          &callbacks) != 0)
    return nullptr;
  return std::make_unique<VirglrendererTarget>();
}

}  // namespace vgpu::fuzz
