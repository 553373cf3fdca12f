#include "capture/interposer/iov_bytes.h"

#include <algorithm>
#include <cstring>

namespace vgpu::interposer {

IovBytes::IovBytes(const iovec* iov, size_t count) {
  if (!iov) return;
  iov_.assign(iov, iov + count);
  for (const iovec& v : iov_) {
    // A null base with a length would be the caller's bug; such an entry is treated as absent
    // rather than read.
    if (!v.iov_base) continue;
    size_ += v.iov_len;
  }
}

std::span<const uint8_t> IovBytes::view(uint64_t offset, uint64_t size,
                                        std::vector<uint8_t>& scratch) const {
  if (offset >= size_) return {};
  size = std::min(size, size_ - offset);
  // Find the iovec holding `offset`; if the whole range is inside it, no copy is needed.
  uint64_t skip = offset;
  size_t first = 0;
  for (; first < iov_.size(); ++first) {
    if (!iov_[first].iov_base) continue;
    if (skip < iov_[first].iov_len) break;
    skip -= iov_[first].iov_len;
  }
  const auto* base = static_cast<const uint8_t*>(iov_[first].iov_base);
  if (iov_[first].iov_len - skip >= size) return {base + skip, static_cast<size_t>(size)};

  scratch.resize(static_cast<size_t>(size));
  uint64_t copied = 0;
  for (size_t i = first; i < iov_.size() && copied < size; ++i) {
    if (!iov_[i].iov_base) continue;
    const auto* src = static_cast<const uint8_t*>(iov_[i].iov_base) + (i == first ? skip : 0);
    const uint64_t avail = iov_[i].iov_len - (i == first ? skip : 0);
    const uint64_t n = std::min(avail, size - copied);
    std::memcpy(scratch.data() + copied, src, static_cast<size_t>(n));
    copied += n;
  }
  return {scratch.data(), static_cast<size_t>(size)};
}

}  // namespace vgpu::interposer
