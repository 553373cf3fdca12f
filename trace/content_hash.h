// The content hash that keys payload deduplication: a payload seen before is stored as a
// reference, so a texture or command buffer re-sent every frame costs ~40 bytes.  128 bits keep
// the chance of two different payloads colliding negligible for any trace (a 64-bit hash over
// millions of payloads would not be).  Not cryptographic: a guest that forges collisions can
// only spoil its own trace.
#pragma once

#include <cstdint>
#include <span>

namespace vgpu::trace {

struct ContentHash {
  uint64_t lo = 0;
  uint64_t hi = 0;
  friend bool operator==(const ContentHash&, const ContentHash&) = default;
};

[[nodiscard]] ContentHash content_hash(std::span<const uint8_t> data);

}  // namespace vgpu::trace
