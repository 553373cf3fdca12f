#include "replay/guest_memory.h"

#include <algorithm>
#include <cstring>
#include <string>

namespace vgpu::replay {

void GuestMemory::read(uint32_t res_id, uint64_t offset, std::span<uint8_t> out) const {
  std::fill(out.begin(), out.end(), uint8_t{0});
  const auto it = memory_.find(res_id);
  if (it == memory_.end() || offset >= it->second.size()) return;
  const uint64_t n = std::min<uint64_t>(out.size(), it->second.size() - offset);
  std::memcpy(out.data(), it->second.data() + offset, n);
}

trace::Status GuestMemory::write(uint32_t res_id, uint64_t offset,
                                 std::span<const uint8_t> bytes) {
  if (bytes.empty()) return {};
  auto& memory = memory_[res_id];
  if (offset > budget_ || bytes.size() > budget_ - offset) {
    return trace::Error{trace::ErrorCode::TooLarge,
                        "guest memory of resource " + std::to_string(res_id) + " at offset " +
                            std::to_string(offset) + " exceeds replay's budget of " +
                            std::to_string(budget_) + " bytes"};
  }
  const uint64_t end = offset + bytes.size();
  if (end > memory.size()) {
    const uint64_t growth = end - memory.size();
    if (growth > budget_ - held_) {
      return trace::Error{trace::ErrorCode::TooLarge,
                          "guest memory copies exceed replay's budget of " +
                              std::to_string(budget_) + " bytes"};
    }
    memory.resize(end);
    held_ += growth;
  }
  std::memcpy(memory.data() + offset, bytes.data(), bytes.size());
  return {};
}

void GuestMemory::forget(uint32_t res_id) {
  const auto it = memory_.find(res_id);
  if (it == memory_.end()) return;
  held_ -= it->second.size();
  memory_.erase(it);
}

void GuestMemory::clear() {
  memory_.clear();
  held_ = 0;
}

}  // namespace vgpu::replay
