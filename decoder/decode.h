// decode(): walks a virgl command buffer and hands each command, as a typed payload, to a
// CommandVisitor.  One cursor, the length rule of the protocol table checked once per command
// before any field is read, overflow-checked arithmetic, and the two error tiers of
// decode_error.h.  No input reads out of bounds or reaches undefined behaviour.
#pragma once

#include <cstdint>
#include <optional>
#include <span>

#include "decoder/decode_error.h"
#include "decoder/payloads.h"
#include "decoder/protocol.h"

namespace vgpu::virgl {

// Where a command sits in the buffer it was decoded from.
struct CommandLocation {
  CommandHeader header;
  uint32_t offset = 0;                // dword offset of the header
  std::span<const uint32_t> payload;  // the payload dwords (header excluded)
};

class CommandVisitor {
 public:
  virtual ~CommandVisitor() = default;

  // Called for every command whose length passed the table's rule, before it is decoded further
  // (so also for commands that are then rejected).  Useful for histograms and offsets.
  virtual void on_command(const CommandLocation& /*where*/) {}

  // A well-formed command that was rejected (ErrorTier::Command); decoding goes on.
  virtual void on_rejected(const DecodeError& /*error*/, const CommandLocation& /*where*/) {}

  // One overload per payload type of the protocol table.  CREATE_OBJECT arrives as the payload
  // of its object kind (CreateBlend, CreateShader...).
#define VGPU_COMMAND(id, NAME, Payload, rule, status) \
  virtual void on(const Payload& /*cmd*/, const CommandLocation& /*where*/) {}
#define VGPU_OBJECT(id, NAME, Payload, rule, bindable) \
  virtual void on(const Payload& /*cmd*/, const CommandLocation& /*where*/) {}
#include "decoder/commands.def"
#include "decoder/objects.def"
#undef VGPU_COMMAND
#undef VGPU_OBJECT
};

struct DecodeSummary {
  uint32_t commands = 0;  // commands that passed the length check
  uint32_t rejected = 0;  // of those, rejected in the command tier
  std::optional<DecodeError> stream_error;  // set when decoding stopped early
  [[nodiscard]] bool ok() const { return !stream_error && rejected == 0; }
};

[[nodiscard]] DecodeSummary decode(std::span<const uint32_t> stream, CommandVisitor& visitor);

}  // namespace vgpu::virgl
