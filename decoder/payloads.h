// Every payload type of the protocol table, and the mapping from a payload type back to its
// command id (and object type) that the encoder uses.
#pragma once

#include "decoder/payloads_draw.h"
#include "decoder/payloads_misc.h"
#include "decoder/payloads_objects.h"
#include "decoder/payloads_resource.h"
#include "decoder/payloads_state.h"
#include "decoder/protocol.h"

namespace vgpu::virgl {

template <class Payload>
struct PayloadTraits;  // defined for every payload type of commands.def and objects.def

#define VGPU_COMMAND(id, NAME, Payload, rule, status)              \
  template <>                                                      \
  struct PayloadTraits<Payload> {                                  \
    static constexpr CommandId command = CommandId::NAME;          \
    static constexpr ObjectType object = ObjectType::NONE;         \
  };
#define VGPU_OBJECT(id, NAME, Payload, rule, bindable)             \
  template <>                                                      \
  struct PayloadTraits<Payload> {                                  \
    static constexpr CommandId command = CommandId::CREATE_OBJECT; \
    static constexpr ObjectType object = ObjectType::NAME;         \
  };
#include "decoder/commands.def"
#include "decoder/objects.def"
#undef VGPU_COMMAND
#undef VGPU_OBJECT

}  // namespace vgpu::virgl
