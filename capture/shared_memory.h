// A read-only view of a resource's shared memory (the memfd the server hands the client), so that
// capture can snapshot what the guest wrote before an upload and what the host wrote after a
// readback.  Mapped MAP_SHARED: the guest, the upstream server and we see the same pages.
#pragma once

#include <cstdint>
#include <span>

#include "trace/result.h"

namespace vgpu::capture {

class SharedMemory {
 public:
  SharedMemory() = default;
  ~SharedMemory();
  SharedMemory(SharedMemory&& o) noexcept;
  SharedMemory& operator=(SharedMemory&& o) noexcept;
  SharedMemory(const SharedMemory&) = delete;
  SharedMemory& operator=(const SharedMemory&) = delete;

  // Maps the whole of `fd` (its size from fstat).  The fd may be closed afterwards.
  [[nodiscard]] static trace::Result<SharedMemory> map(int fd);

  [[nodiscard]] std::span<const uint8_t> bytes() const { return {base_, size_}; }

 private:
  const uint8_t* base_ = nullptr;
  size_t size_ = 0;
};

}  // namespace vgpu::capture
