// PayloadReader: the decode-side walker of a payload's describe().  It reads each field from
// the command's payload through one Cursor and applies the field's meaning (non-zero handle,
// known format, enum range, count limit, the describe()'s own require() rules).  A structural
// problem becomes a stream-tier error; a bad value a command-tier error, and reading goes on so
// the command's framing stays exact.
#pragma once

#include <bit>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <type_traits>

#include "decoder/bounded_array.h"
#include "decoder/cursor.h"
#include "decoder/decode.h"
#include "decoder/decode_error.h"
#include "decoder/formats.h"
#include "decoder/protocol.h"
#include "decoder/schema.h"

namespace vgpu::virgl {

class PayloadReader {
 public:
  explicit PayloadReader(const CommandLocation& where) : where_(where), cursor_(where.payload) {}

  std::optional<DecodeError> stream_error;
  std::optional<DecodeError> command_error;

  // Walks describe(*this, payload); then checks that the fields used the payload exactly when
  // the length rule is exact.  Returns false on a stream-tier error.
  template <class Payload>
  bool read(Payload& payload, const LengthRule& rule) {
    describe(*this, payload);
    if (stream_error) return false;
    if (cursor_.overrun()) {
      fail_stream(ErrorKind::CountMismatch,
                  "payload of " + std::to_string(where_.payload.size()) +
                      " dwords ends before the fields its counts announce");
      return false;
    }
    const bool exact = rule.kind == LengthRule::Kind::Exact ||
                       rule.kind == LengthRule::Kind::OneOf ||
                       rule.kind == LengthRule::Kind::Array;
    if (exact && !cursor_.empty()) {
      fail_stream(ErrorKind::CountMismatch,
                  std::to_string(cursor_.remaining()) +
                      " payload dwords are left over after the last field");
      return false;
    }
    return true;
  }

  // ---- the field vocabulary of schema.h ----
  void u32(const char*, uint32_t& f) { f = cursor_.read(); }
  void i32(const char*, int32_t& f) { f = static_cast<int32_t>(cursor_.read()); }
  void f32(const char*, float& f) { f = std::bit_cast<float>(cursor_.read()); }
  void u64(const char*, uint64_t& f) {
    const uint64_t lo = cursor_.read();
    f = lo | uint64_t{cursor_.read()} << 32;
  }
  void f64(const char* name, double& f) {
    uint64_t bits = 0;
    u64(name, bits);
    f = std::bit_cast<double>(bits);
  }
  void new_handle(const char* name, uint32_t& f) {
    f = cursor_.read();
    require(f != 0, ErrorKind::InvalidValue,
            [&] { return std::string(name) + " is 0; a created object needs a non-zero handle"; });
  }
  void handle(const char*, uint32_t& f, ObjectType) { f = cursor_.read(); }
  void resource(const char*, uint32_t& f) { f = cursor_.read(); }
  void format(const char* name, uint32_t& f) {
    f = cursor_.read();
    require(is_known_format(f), ErrorKind::InvalidValue, [&] {
      return std::string(name) + " " + std::to_string(f) + " is not a virgl format";
    });
  }
  template <size_t N>
  void choice(const char* name, uint32_t& f, const std::array<std::string_view, N>&) {
    f = cursor_.read();
    require(f < N, ErrorKind::InvalidValue, [&] {
      return std::string(name) + " " + std::to_string(f) + " is out of range (< " +
             std::to_string(N) + ")";
    });
  }
  template <size_t N>
  void flags(const char*, uint32_t& f, const std::array<FlagName, N>&) {
    f = cursor_.read();
  }
  void object_type(uint32_t& f) { f = where_.header.object_type; }

  struct BitReader {
    uint32_t word;
    void bits(const char*, uint32_t& f, unsigned shift, unsigned width) {
      f = width == 32 ? word : (word >> shift) & ((1u << width) - 1);
    }
  };
  template <class Fn>
  void packed(const char*, Fn&& fn) {
    BitReader bits{cursor_.read()};
    fn(bits);
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
  void array(const char* name, BoundedArray<E, N>& a) {
    const size_t n = cursor_.remaining() / element_dwords<E>();
    if (!a.resize(n)) {
      fail_stream(ErrorKind::CountOverLimit, std::string(name) + " count " + std::to_string(n) +
                                                 " is over the limit of " + std::to_string(N));
      return;
    }
    for (E& e : a) walk_element(*this, e);
  }

  template <class E, size_t N>
  void count(const char* name, BoundedArray<E, N>& a) {
    const uint32_t n = cursor_.read();
    if (!a.resize(n)) {
      fail_stream(ErrorKind::CountOverLimit, std::string(name) + " " + std::to_string(n) +
                                                 " is over the limit of " + std::to_string(N));
      (void)a.resize(0);
    }
  }
  template <class E, size_t N>
  void items(const char*, BoundedArray<E, N>& a) {
    for (E& e : a) walk_element(*this, e);
  }

  bool present(bool& flag) {
    flag = !cursor_.empty();
    return flag;
  }

  void tail_words(const char*, std::span<const uint32_t>& s) { s = cursor_.take_rest(); }
  void tail_bytes(const char*, std::span<const uint8_t>& s) { s = as_bytes(cursor_.take_rest()); }
  void counted_bytes(const char* name, uint32_t& byte_count, std::span<const uint8_t>& s) {
    byte_count = cursor_.read();
    const uint64_t dwords = (uint64_t{byte_count} + 3) / 4;
    if (dwords > cursor_.remaining()) {
      fail_stream(ErrorKind::CountMismatch,
                  std::string(name) + " of " + std::to_string(byte_count) + " bytes needs " +
                      std::to_string(dwords) + " dwords but " +
                      std::to_string(cursor_.remaining()) + " remain");
      return;
    }
    s = as_bytes(cursor_.take(static_cast<size_t>(dwords))).first(byte_count);
  }

  template <class MessageFn>
  void require(bool ok, ErrorKind kind, MessageFn&& message) {
    if (!ok && !command_error) reject(kind, message);
  }

  // "SET_VIEWPORT_STATE at dword 14: ..." / "CREATE_OBJECT(SHADER) at dword 3: ..."
  [[nodiscard, gnu::noinline, gnu::cold]] DecodeError make_error(ErrorTier tier, ErrorKind kind,
                                       const std::string& what) const;

 private:
  static std::span<const uint8_t> as_bytes(std::span<const uint32_t> words) {
    return {reinterpret_cast<const uint8_t*>(words.data()), words.size() * 4};
  }
  // Error paths stay out of line: decode() flattens the success path of every payload.
  template <class MessageFn>
  [[gnu::noinline, gnu::cold]] void reject(ErrorKind kind, MessageFn& message) {
    command_error = make_error(ErrorTier::Command, kind, message());
  }
  [[gnu::noinline, gnu::cold]] void fail_stream(ErrorKind kind, const std::string& what) {
    if (!stream_error) stream_error = make_error(ErrorTier::Stream, kind, what);
  }

  const CommandLocation& where_;
  Cursor cursor_;
};

}  // namespace vgpu::virgl
