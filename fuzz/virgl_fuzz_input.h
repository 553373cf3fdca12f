// The input format of the virgl_decode and virgl_disasm harnesses: one config byte (always
// consumed, so one corpus serves both), then the command buffer as little-endian dwords.
//
// The body is copied into dword-aligned memory (a guest buffer always is) that is reused from
// one input to the next, with everything past the last dword poisoned under ASan: a read one
// dword past the end is reported exactly as with a fresh allocation of the body's size, but
// an input no longer costs a malloc, ASan's 0xbe fill of it and the page faults of quarantine
// churn, which together were a large share of each execution.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <span>
#include <vector>

#if defined(__SANITIZE_ADDRESS__)
#define VGPU_FUZZ_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define VGPU_FUZZ_ASAN 1
#endif
#endif
#ifdef VGPU_FUZZ_ASAN
#include <sanitizer/asan_interface.h>
#endif

namespace vgpu::fuzz {

struct VirglInput {
  uint8_t config = 0;
  std::span<const uint32_t> words;
};

// Valid until the next call.  `size` must be at least 1.
inline VirglInput virgl_input(const uint8_t* data, size_t size) {
  static std::vector<uint64_t> storage;  // uint64_t: 8-byte aligned, ASan's granule
  const size_t count = (size - 1) / 4;
  const size_t granules = (count + 1) / 2 + 1;  // at least one poisoned granule after the body
  if (storage.size() < granules) {
#ifdef VGPU_FUZZ_ASAN
    ASAN_UNPOISON_MEMORY_REGION(storage.data(), storage.size() * 8);  // the vector copies it
#endif
    storage.resize(granules * 2);
  }
  auto* words = reinterpret_cast<uint32_t*>(storage.data());
#ifdef VGPU_FUZZ_ASAN
  ASAN_UNPOISON_MEMORY_REGION(words, count * 4);
#endif
  if (count != 0) std::memcpy(words, data + 1, count * 4);
#ifdef VGPU_FUZZ_ASAN
  ASAN_POISON_MEMORY_REGION(words + count, storage.size() * 8 - count * 4);
#endif
  return {data[0], {words, count}};
}

}  // namespace vgpu::fuzz
