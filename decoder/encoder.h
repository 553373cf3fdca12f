// Encoder: builds virgl command streams from the typed payload structs by walking the same
// describe() the decoder reads with, so encode -> decode is the identity by construction and
// tested per command.  Used by tests, fuzz seeds, benchmarks and renderer tests.
#pragma once

#include <algorithm>
#include <bit>
#include <cstdint>
#include <cstring>
#include <span>
#include <vector>

#include "decoder/payloads.h"
#include "decoder/protocol.h"
#include "decoder/schema.h"

namespace vgpu::virgl {

// Appends one payload's fields to a word vector.
class PayloadWriter {
 public:
  explicit PayloadWriter(std::vector<uint32_t>& out) : out_(out) {}
  uint32_t object_type_seen = 0;

  void u32(const char*, const uint32_t& f) { out_.push_back(f); }
  void i32(const char*, const int32_t& f) { out_.push_back(static_cast<uint32_t>(f)); }
  void f32(const char*, const float& f) { out_.push_back(std::bit_cast<uint32_t>(f)); }
  void u64(const char*, const uint64_t& f) {
    out_.push_back(static_cast<uint32_t>(f));
    out_.push_back(static_cast<uint32_t>(f >> 32));
  }
  void f64(const char* name, const double& f) { u64(name, std::bit_cast<uint64_t>(f)); }
  void new_handle(const char*, const uint32_t& f) { out_.push_back(f); }
  void handle(const char*, const uint32_t& f, ObjectType) { out_.push_back(f); }
  void resource(const char*, const uint32_t& f) { out_.push_back(f); }
  void format(const char*, const uint32_t& f) { out_.push_back(f); }
  template <size_t N>
  void choice(const char*, const uint32_t& f, const std::array<std::string_view, N>&) {
    out_.push_back(f);
  }
  template <size_t N>
  void flags(const char*, const uint32_t& f, const std::array<FlagName, N>&) {
    out_.push_back(f);
  }
  void object_type(const uint32_t& f) { object_type_seen = f; }

  struct BitWriter {
    uint32_t word = 0;
    void bits(const char*, const uint32_t& f, unsigned shift, unsigned width) {
      const uint32_t mask = width == 32 ? ~0u : (1u << width) - 1;
      word |= (f & mask) << shift;
    }
  };
  template <class Fn>
  void packed(const char*, Fn&& fn) {
    BitWriter bits;
    fn(bits);
    out_.push_back(bits.word);
  }
  template <class S>
  void group(const char*, S& s) {
    describe(*this, s);
  }
  template <class E, size_t N>
  void fixed(const char*, std::array<E, N>& a) {
    for (E& e : a) walk_element(*this, e);
  }
  template <class E, size_t N>
  void array(const char*, BoundedArray<E, N>& a) {
    for (E& e : a) walk_element(*this, e);
  }
  template <class E, size_t N>
  void count(const char*, const BoundedArray<E, N>& a) {
    out_.push_back(static_cast<uint32_t>(a.size()));
  }
  template <class E, size_t N>
  void items(const char* name, BoundedArray<E, N>& a) {
    array(name, a);
  }
  bool present(const bool& flag) { return flag; }
  void tail_words(const char*, std::span<const uint32_t> s) {
    out_.insert(out_.end(), s.begin(), s.end());
  }
  void tail_bytes(const char*, std::span<const uint8_t> s) { append_padded(s); }
  // The length written is the byte count given; bytes past the span (if the length claims
  // more) are written as zero padding so the stream stays consistent with its length field.
  void counted_bytes(const char*, const uint32_t& byte_count, std::span<const uint8_t> s) {
    out_.push_back(byte_count);
    const size_t have = std::min<size_t>(s.size(), byte_count);
    append_padded(s.first(have));
    for (size_t i = (have + 3) / 4; i < (uint64_t{byte_count} + 3) / 4; ++i) out_.push_back(0);
  }
  template <class MessageFn>
  void require(bool, ErrorKind, MessageFn&&) {}

 private:
  void append_padded(std::span<const uint8_t> bytes) {
    const size_t at = out_.size();
    out_.resize(at + (bytes.size() + 3) / 4, 0);
    if (!bytes.empty()) std::memcpy(out_.data() + at, bytes.data(), bytes.size());
  }
  std::vector<uint32_t>& out_;
};

class Encoder {
 public:
  // Appends header + payload.  A payload over 65535 dwords cannot be framed: it is not added
  // and ok() turns false.
  template <class Payload>
  Encoder& add(const Payload& payload) {
    const size_t header_at = words_.size();
    words_.push_back(0);
    PayloadWriter writer(words_);
    // describe() is shared with the reader and takes a mutable reference; the writer only
    // reads through it.
    describe(writer, const_cast<Payload&>(payload));
    const size_t length = words_.size() - header_at - 1;
    if (length > kMaxPayloadDwords) {
      words_.resize(header_at);
      ok_ = false;
      return *this;
    }
    using Traits = PayloadTraits<Payload>;
    CommandHeader header{static_cast<uint8_t>(Traits::command),
                         static_cast<uint8_t>(Traits::object),
                         static_cast<uint16_t>(length)};
    if (Traits::object == ObjectType::NONE)
      header.object_type = static_cast<uint8_t>(writer.object_type_seen);
    words_[header_at] = header.pack();
    return *this;
  }

  // Appends a header and payload exactly as given (for tests of malformed streams).
  Encoder& add_raw(CommandHeader header, std::span<const uint32_t> payload) {
    words_.push_back(header.pack());
    words_.insert(words_.end(), payload.begin(), payload.end());
    return *this;
  }

  [[nodiscard]] bool ok() const { return ok_; }
  [[nodiscard]] std::span<const uint32_t> words() const { return words_; }
  [[nodiscard]] std::vector<uint32_t> take() { return std::move(words_); }

 private:
  std::vector<uint32_t> words_;
  bool ok_ = true;
};

}  // namespace vgpu::virgl
