// The device-level event vocabulary of DESIGN.md, shared by every front end (vtest server,
// libvirglrenderer interposer, trace reader) and every back end (renderer, proxy, trace writer,
// dumper).  Events are plain values; byte payloads are non-owning views so that the reader can
// hand out views into its decompressed block and a producer can pass its own buffers, with no
// copy either way.  Who creates an Event decides how long its views live (see EventSink).
#pragma once

#include <cstdint>
#include <span>
#include <string_view>
#include <variant>

#include "trace/content_hash.h"
#include "trace/frame_digest.h"

namespace vgpu::trace {

using Bytes = std::span<const uint8_t>;

// The exact capset bytes the guest was given.
struct CapsetInfo {
  uint32_t capset_id = 0;
  uint32_t version = 0;
  Bytes data;
};
struct ContextCreate {
  uint32_t ctx_id = 0;
  uint32_t capset_id = 0;
  std::string_view name;  // debug name, may be empty
};
struct ContextDestroy {
  uint32_t ctx_id = 0;
};
// virgl_renderer_resource_create_args, field for field.
struct ResourceCreate {
  uint32_t res_id = 0;
  uint32_t target = 0;  // pipe_texture_target
  uint32_t format = 0;  // virgl_formats
  uint32_t bind = 0;
  uint32_t width = 0;
  uint32_t height = 0;
  uint32_t depth = 0;
  uint32_t array_size = 0;
  uint32_t last_level = 0;
  uint32_t nr_samples = 0;
  uint32_t flags = 0;
};
// virgl_renderer_resource_create_blob_args (the iovecs are not part of the event).
struct ResourceCreateBlob {
  uint32_t res_id = 0;
  uint32_t ctx_id = 0;
  uint32_t blob_mem = 0;
  uint32_t blob_flags = 0;
  uint64_t blob_id = 0;
  uint64_t size = 0;
};
struct ResourceUnref {
  uint32_t res_id = 0;
};
struct AttachResource {
  uint32_t ctx_id = 0;
  uint32_t res_id = 0;
};
struct DetachResource {
  uint32_t ctx_id = 0;
  uint32_t res_id = 0;
};
struct Box {
  uint32_t x = 0, y = 0, z = 0;
  uint32_t width = 0, height = 0, depth = 0;
  friend bool operator==(const Box&, const Box&) = default;
};
// What both transfer directions carry: the region of a resource and the bytes moved.
struct Transfer {
  uint32_t ctx_id = 0;
  uint32_t res_id = 0;
  uint32_t level = 0;
  Box box;
  uint32_t stride = 0;
  uint32_t layer_stride = 0;
  uint64_t offset = 0;
  Bytes data;
};
// A guest upload; `data` is the bytes the host read (always stored in the trace).
struct TransferToHost : Transfer {};
// A readback; `data` is what the guest received: the pixel oracle of replay.
struct TransferFromHost : Transfer {};
// One virgl command buffer.
struct Submit {
  uint32_t ctx_id = 0;
  std::span<const uint32_t> dwords;
};
// virgl_renderer_create_fence / virgl_renderer_context_create_fence.
struct FenceCreate {
  uint32_t ctx_id = 0;  // 0: the global (non-context) fence timeline
  uint32_t ring_idx = 0;
  uint32_t flags = 0;
  uint64_t fence_id = 0;
};
// vtest sync objects (protocol version 3): timelines with 64-bit values.
struct SyncCreate {
  uint64_t sync_id = 0;
  uint64_t value = 0;
};
struct SyncWrite {
  uint64_t sync_id = 0;
  uint64_t value = 0;
};
struct SyncPoint {
  uint64_t sync_id = 0;
  uint64_t value = 0;
  friend bool operator==(const SyncPoint&, const SyncPoint&) = default;
};
static_assert(sizeof(SyncPoint) == 16);
struct SyncWait {
  uint32_t flags = 0;
  uint64_t timeout_ns = 0;
  std::span<const SyncPoint> points;
};
struct SyncUnref {
  uint64_t sync_id = 0;
};
struct SetScanout {
  uint32_t scanout_id = 0;
  uint32_t res_id = 0;
  uint32_t x = 0, y = 0, width = 0, height = 0;
};
struct ResourceFlush {
  uint32_t res_id = 0;
  uint32_t x = 0, y = 0, width = 0, height = 0;
};
// Capture emits it after a readback of a display target or a flush.
struct FrameEnd {
  uint64_t frame = 0;
};
struct Marker {
  std::string_view text;
};
// The guest wrote `data` into the resource's backing memory (vtest shared memory, a guest blob,
// attached guest pages) at `offset`.  Not a transfer: hosts read backing memory when a command
// says so (TRANSFER3D or COPY_TRANSFER3D in a Submit), so replay writes these bytes into its
// mirror of the backing before the Submit that follows.  Capture records the bytes such commands
// will read, taken when the guest submits them.
struct BackingWrite {
  uint32_t ctx_id = 0;
  uint32_t res_id = 0;
  uint64_t offset = 0;
  Bytes data;
};

// A readback recorded by its content only: the guest received `size` bytes of the region whose
// digest_of(algorithm, ...) is `digest` (`data` is always empty).  Capture's frame-pixel policy
// stores the display readbacks of key frames in full and the others as digests, which keeps a
// 1000-FPS program's trace small while replay still checks every frame (by hash, not by pixel
// difference).  Traces before format 1.4 hold ContentHash digests; capture now writes XXH3.
struct ReadbackDigest : Transfer {
  uint64_t size = 0;
  ContentHash digest;
  DigestAlgorithm algorithm = DigestAlgorithm::Xxh3_64;
};

using EventBody =
    std::variant<CapsetInfo, ContextCreate, ContextDestroy, ResourceCreate, ResourceCreateBlob,
                 ResourceUnref, AttachResource, DetachResource, TransferToHost, TransferFromHost,
                 Submit, FenceCreate, SyncCreate, SyncWrite, SyncWait, SyncUnref, SetScanout,
                 ResourceFlush, FrameEnd, Marker, BackingWrite, ReadbackDigest>;
inline constexpr size_t kEventKindCount = std::variant_size_v<EventBody>;

struct Event {
  uint64_t delta_ns = 0;  // time since the previous event, for paced replay
  uint64_t number = 0;    // position in the trace; set by the reader, ignored by the writer
  EventBody body;
};

// "Submit", "TransferToHost"...: the name of the body's alternative, for dumps and reports.
[[nodiscard]] std::string_view event_kind_name(size_t variant_index);
[[nodiscard]] inline std::string_view event_kind_name(const Event& e) {
  return event_kind_name(e.body.index());
}

// Field-wise equality, payloads compared by content (not by address): what round-trip tests and
// `repack` need.
[[nodiscard]] bool same_event(const Event& a, const Event& b);

}  // namespace vgpu::trace
