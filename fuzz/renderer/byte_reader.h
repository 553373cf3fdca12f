// Reads little-endian fields from a fuzz input.  Past the end it reads zeros, so any byte string
// is a complete script and the harness never has to reject an input for being short.
#pragma once

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <span>

namespace vgpu::fuzz {

class ByteReader {
 public:
  explicit ByteReader(std::span<const uint8_t> bytes) : bytes_(bytes) {}

  [[nodiscard]] bool done() const { return at_ >= bytes_.size(); }
  uint8_t u8() { return static_cast<uint8_t>(take(1)); }
  uint16_t u16() { return static_cast<uint16_t>(take(2)); }
  uint32_t u32() { return static_cast<uint32_t>(take(4)); }

  // Up to `n` bytes as a view (fewer at the end of the input).
  std::span<const uint8_t> bytes(size_t n) {
    const size_t k = std::min(n, bytes_.size() - std::min(at_, bytes_.size()));
    const auto view = bytes_.subspan(std::min(at_, bytes_.size()), k);
    at_ += k;
    return view;
  }

 private:
  uint64_t take(size_t n) {
    uint64_t v = 0;
    for (size_t i = 0; i < n; ++i, ++at_) {
      if (at_ < bytes_.size()) v |= uint64_t{bytes_[at_]} << (8 * i);
    }
    return v;
  }
  std::span<const uint8_t> bytes_;
  size_t at_ = 0;
};

}  // namespace vgpu::fuzz
