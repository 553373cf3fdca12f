// Errors of the decoder, in the two tiers of DESIGN.md.  Nothing in the decoder asserts or throws
// on input: every problem becomes one of these, with the command, its dword offset and the reason.
#pragma once

#include <charconv>
#include <concepts>
#include <cstdint>
#include <string>
#include <string_view>

namespace vgpu::virgl {

enum class ErrorTier : uint8_t {
  // The stream itself is malformed (unknown command, length that overruns the buffer or breaks
  // the command's length rule, structure that contradicts its own length): decoding of this
  // submit stops and the context is to be marked in error.
  Stream,
  // The command is well-formed but invalid (zero handle on create, slot range past the limit,
  // unknown enum value, overflowing box...): it is rejected alone and decoding continues.
  Command,
};

enum class ErrorKind : uint8_t {
  UnknownCommand,     // command id >= 64
  Truncated,          // header promises more dwords than the buffer holds
  BadLength,          // payload length breaks the command's length rule
  CountOverLimit,     // an array count (in the length or a count field) over the table limit
  CountMismatch,      // a count field disagrees with the payload length
  UnknownObjectType,  // object type not in objects.def (or not bindable)
  InvalidValue,       // a field outside its domain (enum, format, slot range, box overflow)
  Unsupported,        // known command that this project answers as unsupported (video)
};

struct DecodeError {
  ErrorTier tier = ErrorTier::Stream;
  ErrorKind kind = ErrorKind::BadLength;
  uint32_t command = 0;  // raw command id from the header
  uint32_t offset = 0;   // dword offset of the command header in the submitted buffer
  std::string message;   // "SET_VIEWPORT_STATE at dword 14: payload length 8 is not 1 + 6*n (n <= 16)"
};

[[nodiscard]] std::string_view error_kind_name(ErrorKind kind);

// Messages are built by appending into one string with room reserved up front, so that an
// error costs at most one allocation: a fuzzer, or a hostile guest, makes the decoder report
// errors at the rate it can send commands.
template <std::integral T>
void append_number(std::string& out, T n) {
  char digits[24];
  const auto end = std::to_chars(digits, digits + sizeof digits, n).ptr;
  out.append(digits, end);
}
inline void append_part(std::string& out, std::string_view text) { out += text; }
template <std::integral T>
void append_part(std::string& out, T n) {
  append_number(out, n);
}
// append_message(m, "slots ", start, " + ", count, " exceed the limit of ", limit)
template <class... Parts>
void append_message(std::string& out, const Parts&... parts) {
  (append_part(out, parts), ...);
}

}  // namespace vgpu::virgl
