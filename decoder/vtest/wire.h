// Little helpers for vtest's little-endian dword wire format, shared by the request and reply
// codecs.  Loads use memcpy so that a byte buffer of any alignment can be read.
#pragma once

#include <cstdint>
#include <cstring>
#include <span>
#include <string>
#include <vector>

#include "decoder/vtest/vtest_protocol.h"

namespace vgpu::vtest::wire {

[[nodiscard]] inline uint32_t load(std::span<const uint8_t> bytes, size_t dword_index) {
  uint32_t v;
  std::memcpy(&v, bytes.data() + dword_index * 4, 4);
  return v;
}
[[nodiscard]] inline uint64_t load64(std::span<const uint8_t> bytes, size_t lo_index) {
  return load(bytes, lo_index) | (uint64_t{load(bytes, lo_index + 1)} << 32);
}
[[nodiscard]] constexpr uint64_t dwords_for(uint64_t bytes) { return (bytes + 3) / 4; }

class Writer {
 public:
  void dword(uint32_t v) {
    const size_t at = out_.size();
    out_.resize(at + 4);
    std::memcpy(out_.data() + at, &v, 4);
  }
  void dword64(uint64_t v) {
    dword(static_cast<uint32_t>(v));
    dword(static_cast<uint32_t>(v >> 32));
  }
  void header(uint32_t length, MessageId id) {
    dword(length);
    dword(static_cast<uint32_t>(id));
  }
  void bytes(std::span<const uint8_t> b) { out_.insert(out_.end(), b.begin(), b.end()); }
  [[nodiscard]] std::vector<uint8_t> take() { return std::move(out_); }

 private:
  std::vector<uint8_t> out_;
};

// "TRANSFER_PUT: " for messages; the id is trusted to be in the table.
[[nodiscard]] inline std::string prefix(MessageId id) {
  return std::string(message_name(id)) + ": ";
}

}  // namespace vgpu::vtest::wire
