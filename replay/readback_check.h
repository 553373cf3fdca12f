// One readback replayed and compared: the back end's bytes against the bytes recorded at
// capture (TransferFromHost) or against their digest (ReadbackDigest: trace/frame_digest.h).
//
// Bytes first: identical bytes match whatever the format.  Different bytes of a colour format
// (readback_formats.def) are decoded and match when no channel is off by more than the
// tolerance; other formats (depth, stencil, buffers) must be identical.  A digest can only say
// equal or not: tolerance does not apply to it.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "replay/backend.h"
#include "replay/guest_memory.h"
#include "replay/image_metrics.h"
#include "replay/rgba_image.h"
#include "trace/events.h"

namespace vgpu::replay {

struct ReadbackOutcome {
  uint64_t event = 0;
  uint64_t frame = 0;  // 1-based frame it belongs to
  uint32_t res_id = 0;
  bool digest = false;   // recorded as a ReadbackDigest
  bool display = false;  // of a display target (a frame's image)
  bool matched = false;
  uint64_t compared_bytes = 0;
  uint64_t differing_bytes = 0;  // 0 for a digest that does not match (unknown)
  std::optional<ImageMetrics> metrics;  // when decoded and compared pixel by pixel
  std::string error;  // why it could not be replayed or compared
};

struct CheckedReadback {
  ReadbackOutcome outcome;
  std::optional<RgbaImage> reference;  // decoded recorded bytes (not for a digest)
  std::optional<RgbaImage> replayed;   // decoded replayed bytes
};

struct ReadbackRequest {
  const trace::ResourceCreate* resource = nullptr;  // null: not created in the trace
  const trace::Transfer* transfer = nullptr;
  trace::Bytes recorded;                       // TransferFromHost::data
  const trace::ReadbackDigest* digest = nullptr;  // or this
  uint32_t tolerance = 0;
  bool compare = true;      // false: replay the readback (benchmarks) but check nothing
  // false: `memory` is neither read nor updated (a benchmark, where nothing is ever compared,
  // so the guest's bytes between rows do not matter); the readback itself is still replayed.
  bool track_memory = true;
  bool want_images = false; // decode both sides even when the bytes match
  // Reused for the replayed bytes when given: a readback per frame then costs no allocation and
  // no fresh pages (a player keeps one for the whole pass).
  std::vector<uint8_t>* buffer = nullptr;
};

// Replays the readback and compares it; updates `memory` with what the guest then holds.
[[nodiscard]] CheckedReadback check_readback(Backend& backend, GuestMemory& memory,
                                             const ReadbackRequest& request);

}  // namespace vgpu::replay
