// A resource's backing as the host sees it: a list of iovecs (vtest's shared memory, a VMM's
// guest pages).  Transfers address it as one flat byte range; a range that crosses iovecs is
// gathered into a scratch buffer, one that lies inside a single iovec is viewed in place.
#pragma once

#include <sys/uio.h>

#include <cstdint>
#include <span>
#include <vector>

namespace vgpu::interposer {

class IovBytes {
 public:
  IovBytes() = default;
  // Copies the list (not the memory): the caller's array may die after the call.
  IovBytes(const iovec* iov, size_t count);

  [[nodiscard]] bool empty() const { return size_ == 0; }
  [[nodiscard]] uint64_t size() const { return size_; }

  // The bytes [offset, offset + size) clamped to the end; empty when offset is past it.  The
  // view is into the iovec memory or into `scratch`, so it lives until either changes.
  [[nodiscard]] std::span<const uint8_t> view(uint64_t offset, uint64_t size,
                                             std::vector<uint8_t>& scratch) const;

 private:
  std::vector<iovec> iov_;
  uint64_t size_ = 0;
};

}  // namespace vgpu::interposer
