#include "decoder/decode.h"

#include <string>
#include <type_traits>

#include "decoder/payload_reader.h"

namespace vgpu::virgl {
namespace {

constexpr bool supported = true, unsupported = false;  // the status column of commands.def

// "NAME at dword N: "
void append_head(std::string& m, const CommandHeader& h, uint32_t offset) {
  m += command_name(h.command);
  if (h.command == static_cast<uint8_t>(CommandId::CREATE_OBJECT)) {
    m += '(';
    m += object_type_name(h.object_type);
    m += ')';
  }
  m += " at dword ";
  append_number(m, offset);
  m += ": ";
}

// The same, with room reserved for the rest of the message (one allocation per error).
std::string message_head(const CommandHeader& h, uint32_t offset) {
  std::string m;
  m.reserve(128);
  append_head(m, h, offset);
  return m;
}

DecodeError stream_error(ErrorKind kind, const CommandHeader& h, uint32_t offset,
                         std::string message) {
  return {ErrorTier::Stream, kind, h.command, offset, std::move(message)};
}

[[gnu::noinline, gnu::cold]] DecodeError unknown_command(const CommandHeader& h,
                                                         uint32_t offset) {
  std::string m = message_head(h, offset);
  m += "command id ";
  append_number(m, h.command);
  m += " is not in the protocol table (0-63)";
  return stream_error(ErrorKind::UnknownCommand, h, offset, std::move(m));
}

[[gnu::noinline, gnu::cold]] DecodeError truncated(const CommandHeader& h, uint32_t offset,
                                                   size_t remaining) {
  std::string m = message_head(h, offset);
  m += "payload length ";
  append_number(m, h.length);
  m += " overruns the buffer (";
  append_number(m, remaining);
  m += " dwords remain)";
  return stream_error(ErrorKind::Truncated, h, offset, std::move(m));
}

[[gnu::noinline, gnu::cold]] DecodeError unknown_object_type(const CommandHeader& h,
                                                             uint32_t offset) {
  std::string m = message_head(h, offset);
  m += "object type ";
  append_number(m, h.object_type);
  m += " is not in the protocol table (1-11)";
  return stream_error(ErrorKind::UnknownObjectType, h, offset, std::move(m));
}

[[gnu::noinline, gnu::cold]] DecodeError bad_length(const CommandLocation& where,
                                                    const LengthRule& rule) {
  const uint32_t len = where.header.length;
  const bool over = rule.kind == LengthRule::Kind::Array && len >= rule.base &&
                    (len - rule.base) % rule.stride == 0 &&
                    rule.array_count(len) > rule.max_count;
  std::string m = message_head(where.header, where.offset);
  m += "payload length ";
  append_number(m, len);
  m += " is not ";
  rule.describe_to(m);
  return stream_error(over ? ErrorKind::CountOverLimit : ErrorKind::BadLength, where.header,
                      where.offset, std::move(m));
}

// True when no length below the rule's minimum passes it, so a payload that passed the
// length check holds at least min_length() dwords (what the readers' `known` relies on).
constexpr bool min_length_is_a_floor(const LengthRule& rule) {
  for (uint32_t len = 0; len < rule.min_length(); ++len)
    if (rule.accepts(len)) return false;
  return true;
}

// The rule's length check as the compiler can best see it: comparisons for exact, at-least and
// one-of rules, the precomputed bitmap for arrays.  Written so that, once it passed, the
// compiler knows the payload holds at least min_length() dwords (exactly that many for an
// exact rule), which removes the field reads' own bounds checks.
template <LengthRule kRule>
bool length_passes(size_t len) {
  if constexpr (kRule.kind == LengthRule::Kind::Exact) {
    return len == kRule.a;
  } else if constexpr (kRule.kind == LengthRule::Kind::AtLeast) {
    return len >= kRule.a;
  } else if constexpr (kRule.kind == LengthRule::Kind::OneOf) {
    return len == kRule.a || len == kRule.b || (kRule.c != 0 && len == kRule.c);
  } else if constexpr (kRule.kind == LengthRule::Kind::Any) {
    return true;
  } else {
    static constexpr LengthSet kLengths{kRule};
    return len >= kRule.min_length() && kLengths.contains(static_cast<uint32_t>(len));
  }
}

class Decoder {
 public:
  Decoder(CommandVisitor& visitor, DecodeSummary& summary)
      : visitor_(visitor), summary_(summary) {}

  // One command whose header fits the buffer.  False stops the stream.  The command id selects,
  // at compile time, its payload type, length rule and status from the protocol table.
  bool dispatch(const CommandLocation& where) {
    switch (where.header.command) {
#define VGPU_COMMAND(id, NAME, Payload, rule, status) \
  case id:                                            \
    return check<Payload, rule, status>(where);
#include "decoder/commands.def"
#undef VGPU_COMMAND
      default: break;
    }
    return false;  // unreachable: decode() checked the id
  }

 private:
  template <class Payload, LengthRule kRule, bool kSupported>
  bool check(const CommandLocation& where) {
    if constexpr (std::is_same_v<Payload, CreateObject>) {
      return create_object(where);
    } else {
      return deliver<Payload, kRule, kSupported>(where);
    }
  }

  // CREATE_OBJECT arrives as the payload of its object kind.
  bool create_object(const CommandLocation& where) {
    switch (where.header.object_type) {
#define VGPU_OBJECT(id, NAME, Payload, rule, bindable) \
  case id:                                             \
    return check<Payload, rule, supported>(where);
#include "decoder/objects.def"
#undef VGPU_OBJECT
      default: break;
    }
    return fail(unknown_object_type(where.header, where.offset));
  }

  // Checks the length rule, then reads, validates and delivers the command.  Flattened so each
  // payload's field reads compile into one straight sequence (decode is the hot path) in the
  // same function as the length check, whose outcome then bounds every fixed field read; the
  // error paths are cold and out of line.
  template <class Payload, LengthRule kRule, bool kSupported>
  [[gnu::flatten]] bool deliver(const CommandLocation& where) {
    // The payload span is exactly header.length dwords (decode() took it from the buffer).
    if (!length_passes<kRule>(where.payload.size())) [[unlikely]]
      return fail(bad_length(where, kRule));
    static_assert(min_length_is_a_floor(kRule));
    constexpr size_t kKnown = kRule.min_length();
    // Implied by the rule (the assert above); spelled out so that the compiler sees it too.
    if (where.payload.size() < kKnown) [[unlikely]]
      return fail(bad_length(where, kRule));
    Payload payload;
    // Made before on_command() so that the cursor keeps what the length check proved about
    // the payload's size (the call could, for all the compiler knows, change `where`).
    PayloadReader reader(where, errors_, kKnown);
    ++summary_.commands;
    visitor_.on_command(where);
    if (!reader.read(payload, kRule)) [[unlikely]] {
      summary_.stream_error = std::move(errors_.stream);
      return false;
    }
    if constexpr (!kSupported) {
      reader.require(false, ErrorKind::Unsupported,
                     [](std::string& m) { m += "this command is not supported"; });
    }
    if (reader.rejected()) [[unlikely]] {
      reject(where);
      return true;
    }
    visitor_.on(payload, where);
    return true;
  }

  // The error stays in errors_ (its message buffer is reused by the next rejection).
  [[gnu::noinline, gnu::cold]] void reject(const CommandLocation& where) {
    ++summary_.rejected;
    visitor_.on_rejected(*errors_.command, where);
  }

  [[gnu::noinline, gnu::cold]] bool fail(DecodeError error) {
    summary_.stream_error = std::move(error);
    return false;
  }

  CommandVisitor& visitor_;
  DecodeSummary& summary_;
  ReadErrors errors_;  // reused by every command; touched only when something is wrong
};

}  // namespace

DecodeSummary decode(std::span<const uint32_t> stream, CommandVisitor& visitor) {
  DecodeSummary summary;
  Decoder decoder(visitor, summary);
  Cursor cursor(stream);
  while (!cursor.empty()) {
    const auto offset = static_cast<uint32_t>(cursor.position());
    const CommandHeader header = CommandHeader::unpack(cursor.read());
    if (header.command >= kCommandCount) [[unlikely]] {
      summary.stream_error = unknown_command(header, offset);
      break;
    }
    if (header.length > cursor.remaining()) [[unlikely]] {
      summary.stream_error = truncated(header, offset, cursor.remaining());
      break;
    }
    const CommandLocation where{header, offset, cursor.take(header.length)};
    if (!decoder.dispatch(where)) break;
  }
  return summary;
}

std::string PayloadReader::message_head(const CommandLocation& where) {
  return vgpu::virgl::message_head(where.header, where.offset);
}

void PayloadReader::append_head(std::string& out, const CommandLocation& where) {
  if (out.capacity() < 128) out.reserve(128);
  vgpu::virgl::append_head(out, where.header, where.offset);
}

std::string_view error_kind_name(ErrorKind kind) {
  switch (kind) {
    case ErrorKind::UnknownCommand: return "unknown-command";
    case ErrorKind::Truncated: return "truncated";
    case ErrorKind::BadLength: return "bad-length";
    case ErrorKind::CountOverLimit: return "count-over-limit";
    case ErrorKind::CountMismatch: return "count-mismatch";
    case ErrorKind::UnknownObjectType: return "unknown-object-type";
    case ErrorKind::InvalidValue: return "invalid-value";
    case ErrorKind::Unsupported: return "unsupported";
  }
  return "?";
}

}  // namespace vgpu::virgl
