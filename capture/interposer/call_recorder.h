// Turns libvirglrenderer API calls into the device-level events of DESIGN.md, the same events the
// vtest proxy (capture/client_session.h) records for the same guest.  It keeps what later calls
// need: each resource's target, bind flags and backing iovecs, and each capset's size.
//
// Not thread-safe: the process's Recording holds one mutex around every call.  The wrappers call
// the *_before methods before the real function (the bytes a transfer or submit will read, as the
// guest wrote them) and the others after it returns (what the host created or wrote).
#pragma once

#include <sys/uio.h>

#include <cstdint>
#include <limits>
#include <span>
#include <string_view>
#include <set>
#include <unordered_map>
#include <vector>

#include "capture/backing_range.h"
#include "capture/capture_sink.h"
#include "capture/client_session.h"
#include "capture/interposer/iov_bytes.h"
#include "trace/events.h"

namespace vgpu::interposer {

struct RecorderOptions {
  capture::FramePixelPolicy frame_pixels;
  uint64_t first_frame = 0;  // frames before it keep digests only
  uint64_t last_frame = std::numeric_limits<uint64_t>::max();  // nothing is recorded after it
};

// The region arguments of transfer_write_iov / transfer_read_iov (the event without its bytes).
using TransferCall = trace::Transfer;

// Readbacks of one submit, recorded once the real call has returned.
struct PendingReadback {
  trace::Transfer region;
  capture::BackingRange range;
};

class CallRecorder {
 public:
  CallRecorder(capture::CaptureSink& sink, RecorderOptions options);

  void context_created(uint32_t ctx_id, uint32_t capset_id, std::string_view name);
  void context_destroyed(uint32_t ctx_id);
  // virgl_renderer_reset: every resource and context is gone.
  void everything_destroyed();

  // virgl_renderer_resource_create_args, field for field (handle is res_id).
  void resource_created(const trace::ResourceCreate& args, std::span<const iovec> backing);
  void blob_created(const trace::ResourceCreateBlob& args, std::span<const iovec> backing);
  void resource_unreferenced(uint32_t res_id);
  void backing_attached(uint32_t res_id, std::span<const iovec> backing);
  void backing_detached(uint32_t res_id);
  void resource_attached(uint32_t ctx_id, uint32_t res_id);
  void resource_detached(uint32_t ctx_id, uint32_t res_id);

  // `explicit_iov` empty: the transfer reads (writes) the resource's attached backing.
  void transfer_to_host_before(const TransferCall& call, std::span<const iovec> explicit_iov);
  void transfer_from_host_after(const TransferCall& call, std::span<const iovec> explicit_iov);

  // Records the uploads the buffer makes the host read and the Submit; returns its readbacks.
  [[nodiscard]] std::vector<PendingReadback> submit_before(uint32_t ctx_id,
                                                           std::span<const uint32_t> dwords);
  void submit_after(const std::vector<PendingReadback>& readbacks);

  void fence_created(const trace::FenceCreate& fence);
  void capset_sized(uint32_t capset_id, uint32_t size);
  // Whether fill_caps needs the size from get_cap_set first.
  [[nodiscard]] bool capset_size_known(uint32_t capset_id) const;
  void caps_filled(uint32_t capset_id, uint32_t version, const void* caps);

  // The VMM says a frame ended (vgpu_capture_frame_end()).  From then on only this hook ends
  // frames: a VMM that presents by itself knows them better than readbacks do.
  void frame_end_hook();

  // True once frame `last_frame` has ended: the trace can be sealed; later calls record nothing.
  [[nodiscard]] bool finished() const { return frames_ > options_.last_frame; }
  [[nodiscard]] uint64_t frames() const { return frames_; }

 private:
  struct Resource {
    uint32_t target = 0;
    uint32_t bind = 0;
    uint32_t format = 0;
    uint32_t width = 0, height = 0;
    IovBytes backing;
  };

  [[nodiscard]] const Resource* find(uint32_t res_id) const;
  [[nodiscard]] uint32_t target_of(uint32_t res_id) const;
  [[nodiscard]] bool is_frame(uint32_t res_id) const;
  // The bytes of `call`'s region in `bytes` (the explicit iovecs or the resource's backing).
  // A stride of 0 means the pitch of the whole mip level, as virglrenderer reads it.
  [[nodiscard]] std::span<const uint8_t> region_bytes(const TransferCall& call,
                                                      const IovBytes& bytes);
  void record_readback(const trace::Transfer& region, std::span<const uint8_t> bytes, bool frame);
  void end_frame();
  void emit(trace::EventBody body);

  capture::CaptureSink& sink_;
  RecorderOptions options_;
  std::unordered_map<uint32_t, Resource> resources_;
  std::set<uint32_t> contexts_;
  std::unordered_map<uint32_t, uint32_t> capset_sizes_;
  std::vector<uint8_t> scratch_;
  uint64_t frames_ = 0;
  bool hook_ends_frames_ = false;
};

}  // namespace vgpu::interposer
