// A resource's shared memory (the memfd a vtest server hands the client), mapped MAP_SHARED so
// that guest, host and we see the same pages.  Capture maps the host's memfd read-only, to
// snapshot what the guest wrote before an upload and what the host wrote after a readback;
// vgpu-server creates the memfd itself, read-write, as the renderer's backing.
#pragma once

#include <cstdint>
#include <span>

#include "capture/unique_fd.h"
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

  // Maps the whole of `fd` (its size from fstat) read-only.  The fd may be closed afterwards.
  [[nodiscard]] static trace::Result<SharedMemory> map(int fd);
  // A new zero-filled memfd of `size` bytes mapped read-write; `fd` receives the descriptor to
  // hand to the guest.  `name` shows in /proc/PID/maps.
  [[nodiscard]] static trace::Result<SharedMemory> create(const char* name, size_t size,
                                                          UniqueFd& fd);

  [[nodiscard]] std::span<const uint8_t> bytes() const { return {base_, size_}; }
  // Empty unless made by create().
  [[nodiscard]] std::span<uint8_t> writable_bytes() const {
    return writable_ ? std::span<uint8_t>{base_, size_} : std::span<uint8_t>{};
  }

 private:
  uint8_t* base_ = nullptr;
  size_t size_ = 0;
  bool writable_ = false;
};

}  // namespace vgpu::capture
