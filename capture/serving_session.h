// One guest connection answered by the built-in renderer (vgpu-server): the vtest protocol of
// virgl_test_server, served from our own decoder, codec and renderer.
//
// Each session owns its Renderer (its own EGL context, resource table and budgets) and runs on
// its own thread, so guests are isolated by construction: whatever one sends, the worst outcome
// is that its session ends with a logged reason.  Invalid commands inside a submit do not end
// the session: the renderer skips them and reports diagnostics, which are logged here.
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <unordered_map>
#include <vector>

#include "capture/renderer_pool.h"
#include "capture/shared_memory.h"
#include "capture/unix_socket.h"
#include "capture/vtest_io.h"
#include "capture/vtest_session.h"
#include "decoder/vtest/reply_codec.h"
#include "decoder/vtest/requests.h"
#include "renderer/renderer.h"

namespace vgpu::capture {

struct ServingOptions {
  renderer::Options renderer;
  vtest::Limits limits;
  // The highest protocol version offered to guests.  2 is what virgl_test_server 0.10.4 and
  // Mesa 22.3 settle on: shared-memory transfers, guest-chosen resource ids.
  uint32_t max_protocol_version = 2;
  // Diagnostics logged per session before the rest are only counted.
  uint32_t max_logged_diagnostics = 50;
  // Where the session takes its renderer from and gives it back to (renderer_pool.h); null: it
  // makes its own and destroys it at the end.  Only for sessions that all run on one thread.
  RendererPool* renderers = nullptr;
};

class ServingSession final : public VtestSession {
 public:
  // The renderer is made by run(), on the session's own thread: a GL context is current on
  // the thread that made it, and nowhere else.
  [[nodiscard]] static trace::Result<std::unique_ptr<VtestSession>> create(
      UnixSocket client, const ClientInfo& info, const ServingOptions& options);

  trace::Status run() override;
  void stop() override;
  [[nodiscard]] const ClientInfo& info() const override { return info_; }

 private:
  struct Resource {
    SharedMemory memory;  // the guest-visible backing (protocol 2 and later); empty before
  };

  ServingSession(UnixSocket client, ClientInfo info, ServingOptions options);
  trace::Status serve();
  // Handles one request; fills `reply` / `fd` with what the guest is owed.
  trace::Status handle(const vtest::Request& request, std::optional<vtest::Reply>& reply,
                       UniqueFd& fd);
  trace::Status create_resource(const vtest::ResourceCreate& create, UniqueFd& fd);
  trace::Status transfer_get(const vtest::TransferGet& get, std::optional<vtest::Reply>& reply);
  trace::Status transfer_put(const vtest::TransferPut& put);
  trace::Status caps(uint32_t capset_id, bool v2, std::optional<vtest::Reply>& reply);
  // Feeds one event to the renderer; only a renderer that cannot go on fails.
  trace::Status apply(trace::EventBody body);
  trace::Status ensure_context();
  void log_diagnostics();
  [[nodiscard]] trace::Status cut_off(std::string why) const;

  UnixSocket client_;
  ClientInfo info_;
  ServingOptions options_;
  // Declared before the renderer so that it is destroyed after it: the renderer holds views
  // into the backings until it goes.
  std::unordered_map<uint32_t, Resource> resources_;
  std::unique_ptr<renderer::Renderer> renderer_;
  uint32_t protocol_version_ = 0;
  bool renderer_created_ = false;  // CREATE_RENDERER seen
  bool context_open_ = false;
  uint64_t events_ = 0;            // numbers the events, so diagnostics can name them
  uint64_t diagnostics_ = 0;
  std::vector<uint8_t> caps_;      // the last caps answer (the reply views it)
  std::vector<uint8_t> readback_;  // protocol 0/1 TRANSFER_GET answers
  std::atomic<bool> stopping_{false};
};

}  // namespace vgpu::capture
