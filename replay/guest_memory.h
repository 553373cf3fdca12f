// replay's copy of the guest memory behind each resource (vtest shared memory, guest pages).
//
// A readback's recorded bytes are a window of that memory after the host wrote the box's rows
// into it: the bytes between rows (Mesa's pitch can be wider than a row) are whatever the guest
// memory held.  To compare a readback recorded only as a digest, replay must rebuild that window
// exactly, so it keeps what the trace says the guest memory held: BackingWrite bytes and earlier
// readbacks.  Never-written bytes are zero, as fresh shared memory is.  Bounded by a budget:
// offsets come from the trace.
#pragma once

#include <cstdint>
#include <span>
#include <unordered_map>
#include <vector>

#include "trace/result.h"

namespace vgpu::replay {

class GuestMemory {
 public:
  explicit GuestMemory(uint64_t budget_bytes) : budget_(budget_bytes) {}

  // Copies [offset, offset + out.size()) of `res_id`'s memory into `out` (zeros where unknown).
  void read(uint32_t res_id, uint64_t offset, std::span<uint8_t> out) const;
  // Stores `bytes` at `offset`; an error when the memory would grow past the budget.
  [[nodiscard]] trace::Status write(uint32_t res_id, uint64_t offset,
                                    std::span<const uint8_t> bytes);
  void forget(uint32_t res_id);
  void clear();
  [[nodiscard]] uint64_t bytes_held() const { return held_; }

 private:
  uint64_t budget_;
  uint64_t held_ = 0;
  std::unordered_map<uint32_t, std::vector<uint8_t>> memory_;
};

}  // namespace vgpu::replay
