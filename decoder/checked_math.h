// Overflow-checked arithmetic for sizes computed from guest values.  Every product or sum of
// guest-controlled numbers goes through these; a false return means "reject", never "wrap".
#pragma once

#include <cstdint>

namespace vgpu::virgl {

template <class T>
[[nodiscard]] constexpr bool checked_add(T a, T b, T& out) {
  return !__builtin_add_overflow(a, b, &out);
}
template <class T>
[[nodiscard]] constexpr bool checked_mul(T a, T b, T& out) {
  return !__builtin_mul_overflow(a, b, &out);
}
// True when [start, start + count) fits in [0, limit).
[[nodiscard]] constexpr bool range_fits(uint32_t start, uint32_t count, uint32_t limit) {
  uint32_t end = 0;
  return checked_add(start, count, end) && end <= limit;
}

}  // namespace vgpu::virgl
