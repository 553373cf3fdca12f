// How a readback is recorded: its bytes in full, or, for a presented frame between key frames,
// only their content hash.  Shared by the vtest proxy (client_session) and the libvirglrenderer
// interposer, so both write the same events for the same guest.
#pragma once

#include <cstdint>
#include <span>

#include "trace/content_hash.h"
#include "trace/events.h"

namespace vgpu::capture {

// Which readbacks of a display target (the guest presenting a frame) are stored in full.  Frame
// n's pixels are kept when n % full_frame_interval == 0 (so always the first frame); the other
// frames are stored as ReadbackDigest (a content hash), which replay still checks.  Readbacks of
// anything else (glReadPixels of an FBO, piglit's probes) are always stored in full.  1 keeps
// every frame.
struct FramePixelPolicy {
  uint32_t full_frame_interval = 1;
  [[nodiscard]] bool keeps_pixels(uint64_t frame) const {
    return full_frame_interval <= 1 || frame % full_frame_interval == 0;
  }
};

// The event for `bytes` read back from `region`: TransferFromHost when the pixels are kept,
// ReadbackDigest otherwise.  `bytes` must outlive the event (it is not copied).
[[nodiscard]] inline trace::EventBody readback_event(const trace::Transfer& region,
                                                     std::span<const uint8_t> bytes,
                                                     bool keep_pixels) {
  if (keep_pixels) {
    trace::TransferFromHost event;
    static_cast<trace::Transfer&>(event) = region;
    event.data = bytes;
    return event;
  }
  trace::ReadbackDigest event;
  static_cast<trace::Transfer&>(event) = region;
  event.size = bytes.size();
  event.digest = trace::digest_of(event.algorithm, bytes);
  return event;
}

}  // namespace vgpu::capture
