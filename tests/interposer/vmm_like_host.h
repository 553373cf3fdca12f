// What vgpu-vmm-like-host does, shared with the checker of its trace: one 16x16 B8G8R8A8 texture
// whose guest pages are three iovecs of uneven sizes (as a VMM's scatter list would be), uploaded
// with a known pattern and read back.
#pragma once

#include <cstddef>
#include <cstdint>

namespace vgpu::interposer::testing {

inline constexpr uint32_t kVmmSide = 16;
inline constexpr size_t kVmmBytes = kVmmSide * kVmmSide * 4;
inline constexpr size_t kVmmIovSplit[3] = {100, 500, kVmmBytes - 600};

inline uint8_t vmm_pattern_byte(size_t i) { return static_cast<uint8_t>(i * 7 + 3); }

}  // namespace vgpu::interposer::testing
