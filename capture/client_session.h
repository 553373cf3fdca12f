// One guest connection: reads its vtest requests, forwards each to its own upstream connection,
// relays the replies (and the file descriptors that come with them), and turns what happened into
// device-level events (DESIGN.md) for the trace.
//
// Isolation: a session owns its two sockets and its resource table; whatever a client sends, the
// worst outcome is that this session ends, with a logged reason, after recording everything up to
// the failure.  A dead upstream ends the session the same way.
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "capture/backing_range.h"
#include "capture/capture_sink.h"
#include "capture/frame_pixels.h"
#include "capture/shared_memory.h"
#include "capture/spin_wait.h"
#include "capture/unix_socket.h"
#include "capture/upload_scan.h"
#include "capture/vtest_io.h"
#include "capture/vtest_session.h"
#include "decoder/vtest/reply_codec.h"
#include "decoder/vtest/requests.h"

namespace vgpu::capture {

// Gives the session the sink for its events; called once, lazily, when the first event is due
// (by then the process name and protocol version are known).  May return null: do not record.
using SinkProvider = std::function<std::shared_ptr<CaptureSink>(const ClientInfo&)>;

struct SessionOptions {
  std::string upstream_path;
  vtest::Limits limits;
  FramePixelPolicy frame_pixels;
  std::chrono::microseconds spin_budget{0};  // capture/spin_wait.h; 0: always block
};

class ClientSession final : public VtestSession {
 public:
  // `upstream` is this client's own connection to the host we capture in front of.
  ClientSession(UnixSocket client, UnixSocket upstream, ClientInfo info, SessionOptions options,
                SinkProvider sinks);

  // Serves the client until it disconnects or is cut off.  Returns why it ended (ok: the client
  // closed its connection cleanly).  Always closes the context in the trace.
  trace::Status run() override;

  // Wakes a blocked run() from another thread: the session ends as if the client had gone.
  void stop() override;

  [[nodiscard]] const ClientInfo& info() const override { return info_; }

 private:
  struct Resource {
    vtest::ResourceCreate args;  // zero for blobs
    bool blob = false;
    std::optional<SharedMemory> memory;  // the guest-visible backing, when the host gave one
  };
  // A readback into shared memory (TRANSFER_GET2, or TRANSFER3D from the host in a submit),
  // recorded once an upstream reply proves the host ran it: the guest's own next BUSY_WAIT when
  // it comes next (Mesa's pattern, so no extra round trip), otherwise a probe of ours.
  struct PendingReadback {
    trace::Transfer region;  // data is filled when recorded
    BackingRange range;      // in the backing of region.res_id
  };

  trace::Status serve();
  trace::Status handle(const vtest::Request& request, std::span<const uint8_t> raw);
  void record_reply(const vtest::Request& request, const std::optional<vtest::Reply>& reply,
                    const UniqueFd& fd);
  void map_backing(uint32_t res_id, Resource& res, const UniqueFd& fd);
  trace::Status record_transfer_put(const vtest::TransferPut& put);
  trace::Status record_transfer_get(const vtest::TransferGet& get,
                                    std::span<const uint8_t> inline_data);
  void record_submit(std::span<const uint32_t> commands);
  // Records the pending readbacks; the host is known to have run them.
  void record_pending_readbacks();
  // Proves the host ran the pending readbacks (a probe round trip), then records them.
  trace::Status flush_pending_readbacks();
  // A readback's bytes as the frame-pixel policy says: in full, or as a digest.
  void record_readback(const trace::Transfer& region, std::span<const uint8_t> bytes, bool frame);
  trace::Status wait_upstream_idle();
  [[nodiscard]] const Resource* find_resource(uint32_t res_id) const;
  // The part of [offset, offset + size) inside `res`'s backing; nullopt if offset is outside it.
  [[nodiscard]] static std::optional<std::span<const uint8_t>> backing_bytes(const Resource& res,
                                                                            uint64_t offset,
                                                                            uint64_t size);
  void ensure_context(uint32_t capset_id);
  void close_context();
  void emit(trace::EventBody body);
  void end_frame();
  [[nodiscard]] trace::Status cut_off(std::string why) const;
  [[nodiscard]] std::string where() const;

  UnixSocket client_;
  UnixSocket upstream_;
  ClientInfo info_;
  SessionOptions options_;
  SinkProvider sinks_;
  std::shared_ptr<CaptureSink> sink_;
  bool sink_requested_ = false;
  bool context_open_ = false;
  bool renderer_created_ = false;
  uint32_t protocol_version_ = 0;
  std::unordered_map<uint32_t, Resource> resources_;
  std::vector<trace::SyncPoint> wait_points_;
  std::vector<PendingReadback> pending_readbacks_;
  uint64_t frames_ = 0;  // display readbacks seen by this session
  SpinWait spin_;
  uint32_t previous_id_ = 0, before_previous_id_ = 0;  // of the last two requests, for spin_
  AlignedBytes reply_buf_;
  AlignedBytes probe_buf_;
  std::atomic<bool> stopping_{false};
};

}  // namespace vgpu::capture
