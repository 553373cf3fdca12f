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

// What reading one payload found wrong.  It lives with the caller (decode() keeps one for the
// whole stream) and is touched only on error paths, so the reader itself stays a few registers.
struct ReadErrors {
  std::optional<DecodeError> stream;   // the first stream-tier error
  std::optional<DecodeError> command;  // the first command-tier error
};

class PayloadReader {
 public:
  // `known`: payload dwords already proven present (decode() passes the length rule's minimum,
  // a compile-time constant, so the fixed fields are read without a second bounds check).
  PayloadReader(const CommandLocation& where, ReadErrors& errors, size_t known = 0)
      : where_(where), errors_(errors), cursor_(where.payload, known) {}

  // Walks describe(*this, payload); then checks that the fields used the payload exactly when
  // the length rule is exact.  Returns false on a stream-tier error (in errors.stream).
  // Flattened (clang's flatten, unlike gcc's, inlines only the calls written in the function
  // itself, so decode()'s flatten does not reach the fields without this one).
  template <class Payload>
  [[gnu::flatten]] bool read(Payload& payload, const LengthRule& rule) {
    describe(*this, payload);
    if (failed_) [[unlikely]]
      return false;
    if (cursor_.overrun()) [[unlikely]] {
      payload_short();
      return false;
    }
    const bool exact = rule.kind == LengthRule::Kind::Exact ||
                       rule.kind == LengthRule::Kind::OneOf ||
                       rule.kind == LengthRule::Kind::Array;
    if (exact && !cursor_.empty()) [[unlikely]] {
      words_left_over();
      return false;
    }
    return true;
  }
  // True once a require() rule (or the caller, through require()) rejected the command.
  [[nodiscard]] bool rejected() const { return rejected_; }

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
    require(f != 0, ErrorKind::InvalidValue, [name](std::string& m) {
      append_message(m, name, " is 0; a created object needs a non-zero handle");
    });
  }
  void handle(const char*, uint32_t& f, ObjectType) { f = cursor_.read(); }
  void resource(const char*, uint32_t& f) { f = cursor_.read(); }
  void format(const char* name, uint32_t& f) {
    f = cursor_.read();
    const uint32_t value = f;
    require(is_known_format(value), ErrorKind::InvalidValue, [name, value](std::string& m) {
      append_message(m, name, " ", value, " is not a virgl format");
    });
  }
  template <size_t N>
  void choice(const char* name, uint32_t& f, const std::array<std::string_view, N>&) {
    f = cursor_.read();
    const uint32_t value = f;
    require(value < N, ErrorKind::InvalidValue, [name, value](std::string& m) {
      append_message(m, name, " ", value, " is out of range (< ", N, ")");
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
    if (!a.resize_for_overwrite(n)) [[unlikely]] {
      fail_count(name, " count ", n, N);
      return;
    }
    cursor_.know(n * element_dwords<E>());
    // Every element is assigned here (the zeroing is a dead store wherever describe() reads
    // every field, which it does), so no uninitialised element reaches a visitor.
    for (E& e : a) {
      e = E{};
      walk_element(*this, e);
    }
  }

  template <class E, size_t N>
  void count(const char* name, BoundedArray<E, N>& a) {
    const uint32_t n = cursor_.read();
    if (!a.resize(n)) [[unlikely]] {
      fail_count(name, " ", n, N);
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
    if (dwords > cursor_.remaining()) [[unlikely]] {
      fail_counted_bytes(name, byte_count, dwords);
      return;
    }
    s = as_bytes(cursor_.take(static_cast<size_t>(dwords))).first(byte_count);
  }

  // The first failed rule rejects the command; message(m) runs only then, out of line.
  template <class MessageFn>
  void require(bool ok, ErrorKind kind, MessageFn message) {
    if (!ok && !rejected_) [[unlikely]] {
      rejected_ = true;
      reject(errors_, where_, kind, message);
    }
  }

  // Every message starts "SET_VIEWPORT_STATE at dword 14: " / "CREATE_OBJECT(SHADER) at dword
  // 3: ".  message_head() returns that part with room reserved for the rest (append_message()).
  [[nodiscard, gnu::cold]] static std::string message_head(const CommandLocation& where);
  [[gnu::cold]] static void append_head(std::string& out, const CommandLocation& where);

 private:
  static std::span<const uint8_t> as_bytes(std::span<const uint32_t> words) {
    return {reinterpret_cast<const uint8_t*>(words.data()), words.size() * 4};
  }
  // Error paths stay out of line and never take the reader's address, so that decode()'s
  // flattened success path keeps the cursor in registers.
  // The message function is taken by value: passing its address would make the success path
  // build it in memory before every rule.  The slot's message buffer is reused from one
  // rejected command to the next, so a rejection allocates nothing once it has grown.
  template <class MessageFn>
  [[gnu::noinline, gnu::cold]] static void reject(ReadErrors& errors, const CommandLocation& where,
                                                  ErrorKind kind, MessageFn message) {
    if (!errors.command) errors.command.emplace();
    DecodeError& e = *errors.command;
    e.tier = ErrorTier::Command;
    e.kind = kind;
    e.command = where.header.command;
    e.offset = where.offset;
    e.message.clear();
    append_head(e.message, where);
    message(e.message);
  }
  // The first stream-tier error wins; its message is built out of line, by functions that do
  // not take the reader's address (so that the reader can live in registers).
  void fail_count(const char* name, const char* sep, size_t n, size_t limit) {
    if (!failed_) report_count_over_limit(errors_, where_, name, sep, n, limit);
    failed_ = true;
  }
  void fail_counted_bytes(const char* name, uint32_t byte_count, uint64_t dwords) {
    if (!failed_)
      report_counted_bytes(errors_, where_, name, byte_count, dwords, cursor_.remaining());
    failed_ = true;
  }
  void payload_short() {
    if (!failed_) report_overrun(errors_, where_);
    failed_ = true;
  }
  void words_left_over() {
    if (!failed_) report_left_over(errors_, where_, cursor_.remaining());
    failed_ = true;
  }
  [[gnu::noinline, gnu::cold]] static void report_count_over_limit(
      ReadErrors& errors, const CommandLocation& where, const char* name, const char* sep,
      size_t n, size_t limit) {
    std::string m = message_head(where);
    m += name;
    m += sep;
    append_number(m, n);
    m += " is over the limit of ";
    append_number(m, limit);
    errors.stream = stream_error(where, ErrorKind::CountOverLimit, std::move(m));
  }
  [[gnu::noinline, gnu::cold]] static void report_counted_bytes(
      ReadErrors& errors, const CommandLocation& where, const char* name, uint32_t byte_count,
      uint64_t dwords, size_t remain) {
    std::string m = message_head(where);
    m += name;
    m += " of ";
    append_number(m, byte_count);
    m += " bytes needs ";
    append_number(m, dwords);
    m += " dwords but ";
    append_number(m, remain);
    m += " remain";
    errors.stream = stream_error(where, ErrorKind::CountMismatch, std::move(m));
  }
  [[gnu::noinline, gnu::cold]] static void report_overrun(ReadErrors& errors,
                                                          const CommandLocation& where) {
    std::string m = message_head(where);
    m += "payload of ";
    append_number(m, where.payload.size());
    m += " dwords ends before the fields its counts announce";
    errors.stream = stream_error(where, ErrorKind::CountMismatch, std::move(m));
  }
  [[gnu::noinline, gnu::cold]] static void report_left_over(ReadErrors& errors,
                                                            const CommandLocation& where,
                                                            size_t remain) {
    std::string m = message_head(where);
    append_number(m, remain);
    m += " payload dwords are left over after the last field";
    errors.stream = stream_error(where, ErrorKind::CountMismatch, std::move(m));
  }
  static DecodeError stream_error(const CommandLocation& where, ErrorKind kind,
                                  std::string message) {
    return {ErrorTier::Stream, kind, where.header.command, where.offset, std::move(message)};
  }

  const CommandLocation& where_;
  ReadErrors& errors_;
  Cursor cursor_;
  bool failed_ = false;    // a stream-tier error was recorded
  bool rejected_ = false;  // a command-tier error was recorded
};

}  // namespace vgpu::virgl
