#include "decoder/protocol.h"

namespace vgpu::virgl {
namespace {

constexpr bool supported = true, unsupported = false;  // the status column of commands.def

constexpr std::array<CommandInfo, kCommandCount> kCommands = {{
#define VGPU_COMMAND(id, NAME, Payload, rule, status) {CommandId::NAME, #NAME, rule, status},
#include "decoder/commands.def"
#undef VGPU_COMMAND
}};

constexpr bool ids_are_indices() {
  for (uint32_t i = 0; i < kCommands.size(); ++i)
    if (static_cast<uint32_t>(kCommands[i].id) != i) return false;
  return true;
}
static_assert(ids_are_indices(), "commands.def must list ids 0..63 in order, without gaps");

constexpr std::array<ObjectInfo, kObjectTypeCount - 1> kObjects = {{
#define VGPU_OBJECT(id, NAME, Payload, rule, bindable) {ObjectType::NAME, #NAME, rule, bindable},
#include "decoder/objects.def"
#undef VGPU_OBJECT
}};

}  // namespace

namespace detail {
const std::array<CommandInfo, kCommandCount> kCommandRows = kCommands;
const std::array<ObjectInfo, kObjectTypeCount - 1> kObjectRows = kObjects;
}  // namespace detail

std::string_view command_name(uint32_t id) {
  const auto* info = find_command(id);
  return info ? info->name : std::string_view{"UNKNOWN"};
}

std::string_view object_type_name(uint32_t type) {
  if (type == 0) return "NULL";
  const auto* info = find_object(type);
  return info ? info->name : std::string_view{"UNKNOWN"};
}

}  // namespace vgpu::virgl
