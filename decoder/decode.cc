#include "decoder/decode.h"

#include <string>
#include <type_traits>

#include "decoder/payload_reader.h"

namespace vgpu::virgl {
namespace {

std::string command_label(const CommandHeader& h) {
  std::string label(command_name(h.command));
  if (h.command == static_cast<uint8_t>(CommandId::CREATE_OBJECT))
    label += "(" + std::string(object_type_name(h.object_type)) + ")";
  return label;
}

DecodeError stream_error(ErrorKind kind, const CommandHeader& h, uint32_t offset,
                         const std::string& what) {
  return {ErrorTier::Stream, kind, h.command, offset,
          command_label(h) + " at dword " + std::to_string(offset) + ": " + what};
}

class Decoder {
 public:
  Decoder(CommandVisitor& visitor, DecodeSummary& summary)
      : visitor_(visitor), summary_(summary) {}

  // Decodes one command whose length has passed its rule.  False stops the stream.  Flattened
  // so each payload's field reads compile into one straight sequence (decode is the hot path).
  template <class Payload>
  [[gnu::flatten]] bool deliver(const CommandLocation& where, const CommandInfo& info, const LengthRule& rule) {
    if constexpr (std::is_same_v<Payload, CreateObject>) {
      return deliver_object(where, info, rule);
    }
    Payload payload;
    PayloadReader reader(where);
    if (!reader.read(payload, rule)) {
      summary_.stream_error = std::move(reader.stream_error);
      return false;
    }
    if (!reader.command_error && !info.supported) {
      reader.command_error = reader.make_error(ErrorTier::Command, ErrorKind::Unsupported,
                                               "this command is not supported");
    }
    if (reader.command_error) {
      ++summary_.rejected;
      visitor_.on_rejected(*reader.command_error, where);
      return true;
    }
    visitor_.on(payload, where);
    return true;
  }

  bool dispatch(const CommandLocation& where, const CommandInfo& info, const LengthRule& rule) {
    switch (where.header.command) {
#define VGPU_COMMAND(id, NAME, Payload, rule_, status) \
  case id:                                             \
    return deliver<Payload>(where, info, rule);
#include "decoder/commands.def"
#undef VGPU_COMMAND
    }
    return false;  // unreachable: the id was found in the table
  }

  // CREATE_OBJECT arrives as the payload of its object kind.
  bool deliver_object(const CommandLocation& where, const CommandInfo& info,
                      const LengthRule& rule) {
    switch (where.header.object_type) {
#define VGPU_OBJECT(id, NAME, Payload, rule_, bindable) \
  case id:                                              \
    return deliver<Payload>(where, info, rule);
#include "decoder/objects.def"
#undef VGPU_OBJECT
    }
    return false;  // unreachable: the type was found in the table
  }

 private:
  CommandVisitor& visitor_;
  DecodeSummary& summary_;
};

}  // namespace

DecodeSummary decode(std::span<const uint32_t> stream, CommandVisitor& visitor) {
  DecodeSummary summary;
  Decoder decoder(visitor, summary);
  Cursor cursor(stream);
  while (!cursor.empty()) {
    const auto offset = static_cast<uint32_t>(cursor.position());
    const CommandHeader header = CommandHeader::unpack(cursor.read());
    const CommandInfo* info = find_command(header.command);
    if (!info) {
      summary.stream_error = stream_error(ErrorKind::UnknownCommand, header, offset,
                                          "command id " + std::to_string(header.command) +
                                              " is not in the protocol table (0-63)");
      break;
    }
    if (header.length > cursor.remaining()) {
      summary.stream_error = stream_error(
          ErrorKind::Truncated, header, offset,
          "payload length " + std::to_string(header.length) + " overruns the buffer (" +
              std::to_string(cursor.remaining()) + " dwords remain)");
      break;
    }
    const LengthRule* rule = &info->rule;
    const LengthSet* lengths = &info->lengths;
    if (rule->kind == LengthRule::Kind::ByObjectType) {
      const ObjectInfo* object = find_object(header.object_type);
      if (!object) {
        summary.stream_error =
            stream_error(ErrorKind::UnknownObjectType, header, offset,
                         "object type " + std::to_string(header.object_type) +
                             " is not in the protocol table (1-11)");
        break;
      }
      rule = &object->rule;
      lengths = &object->lengths;
    }
    if (!lengths->contains(header.length)) {
      const bool over = rule->kind == LengthRule::Kind::Array && header.length >= rule->base &&
                        (header.length - rule->base) % rule->stride == 0 &&
                        rule->array_count(header.length) > rule->max_count;
      summary.stream_error = stream_error(
          over ? ErrorKind::CountOverLimit : ErrorKind::BadLength, header, offset,
          "payload length " + std::to_string(header.length) + " is not " + rule->describe());
      break;
    }
    const CommandLocation where{header, offset, cursor.take(header.length)};
    ++summary.commands;
    visitor.on_command(where);
    if (!decoder.dispatch(where, *info, *rule)) break;
  }
  return summary;
}

DecodeError PayloadReader::make_error(ErrorTier tier, ErrorKind kind,
                                      const std::string& what) const {
  return {tier, kind, where_.header.command, where_.offset,
          command_label(where_.header) + " at dword " + std::to_string(where_.offset) + ": " +
              what};
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
