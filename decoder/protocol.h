// Ids of the virgl protocol, derived from the protocol table (commands.def, objects.def), and the
// small enumerations that payload fields refer to.  Values match virglrenderer's virgl_protocol.h,
// virgl_hw.h and gallium's p_defines.h.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <span>
#include <string_view>

#include "decoder/length_rule.h"

namespace vgpu::virgl {

enum class CommandId : uint8_t {
#define VGPU_COMMAND(id, NAME, Payload, rule, status) NAME = id,
#include "decoder/commands.def"
#undef VGPU_COMMAND
};
inline constexpr uint32_t kCommandCount = 64;

enum class ObjectType : uint8_t {
  NONE = 0,
#define VGPU_OBJECT(id, NAME, Payload, rule, bindable) NAME = id,
#include "decoder/objects.def"
#undef VGPU_OBJECT
};
inline constexpr uint32_t kObjectTypeCount = 12;  // including NONE (VIRGL_OBJECT_NULL)

// The header dword: cmd | object_type << 8 | payload_length << 16.
struct CommandHeader {
  uint8_t command = 0;
  uint8_t object_type = 0;
  uint16_t length = 0;  // payload dwords after the header
  static constexpr CommandHeader unpack(uint32_t w) {
    return {static_cast<uint8_t>(w & 0xff), static_cast<uint8_t>((w >> 8) & 0xff),
            static_cast<uint16_t>(w >> 16)};
  }
  [[nodiscard]] constexpr uint32_t pack() const {
    return uint32_t{command} | uint32_t{object_type} << 8 | uint32_t{length} << 16;
  }
};
inline constexpr uint32_t kMaxPayloadDwords = 0xffff;

struct CommandInfo {
  CommandId id;
  std::string_view name;
  LengthRule rule;
  bool supported;  // false: known but answered as unsupported (the video commands)
  LengthSet lengths{rule};
};
struct ObjectInfo {
  ObjectType type;
  std::string_view name;
  LengthRule rule;
  bool bindable;
  LengthSet lengths{rule};
};

// The whole table, indexed by id (command_table()[id].id == id).
namespace detail {
extern const std::array<CommandInfo, kCommandCount> kCommandRows;
extern const std::array<ObjectInfo, kObjectTypeCount - 1> kObjectRows;
}  // namespace detail
inline std::span<const CommandInfo, kCommandCount> command_table() { return detail::kCommandRows; }
// Object kinds 1..11; NONE is not a creatable kind.
inline std::span<const ObjectInfo> object_table() { return detail::kObjectRows; }

// Inline: decode() looks a command up once per command.
[[nodiscard]] inline const CommandInfo* find_command(uint32_t id) {
  return id < kCommandCount ? &command_table()[id] : nullptr;
}
[[nodiscard]] inline const ObjectInfo* find_object(uint32_t type) {
  return type >= 1 && type < kObjectTypeCount ? &object_table()[type - 1] : nullptr;
}
[[nodiscard]] std::string_view command_name(uint32_t id);      // "UNKNOWN" if not in the table
[[nodiscard]] std::string_view object_type_name(uint32_t type);  // "UNKNOWN" if not in the table

// Shader stages (PIPE_SHADER_*), as used by every per-stage field.
enum class ShaderStage : uint32_t { VERTEX, FRAGMENT, GEOMETRY, TESS_CTRL, TESS_EVAL, COMPUTE };
inline constexpr std::array<std::string_view, 6> kShaderStageNames = {
    "VERTEX", "FRAGMENT", "GEOMETRY", "TESS_CTRL", "TESS_EVAL", "COMPUTE"};

// pipe_texture_target.
inline constexpr std::array<std::string_view, 9> kTextureTargetNames = {
    "BUFFER", "TEXTURE_1D", "TEXTURE_2D", "TEXTURE_3D", "TEXTURE_CUBE",
    "TEXTURE_RECT", "TEXTURE_1D_ARRAY", "TEXTURE_2D_ARRAY", "TEXTURE_CUBE_ARRAY"};

// PIPE_PRIM_* draw modes.
inline constexpr std::array<std::string_view, 15> kPrimitiveNames = {
    "POINTS", "LINES", "LINE_LOOP", "LINE_STRIP", "TRIANGLES", "TRIANGLE_STRIP", "TRIANGLE_FAN",
    "QUADS", "QUAD_STRIP", "POLYGON", "LINES_ADJACENCY", "LINE_STRIP_ADJACENCY",
    "TRIANGLES_ADJACENCY", "TRIANGLE_STRIP_ADJACENCY", "PATCHES"};

// PIPE_QUERY_* (the low 16 bits of a query object's type word).
inline constexpr std::array<std::string_view, 13> kQueryTypeNames = {
    "OCCLUSION_COUNTER", "OCCLUSION_PREDICATE", "TIMESTAMP", "TIMESTAMP_DISJOINT",
    "TIME_ELAPSED", "PRIMITIVES_GENERATED", "PRIMITIVES_EMITTED", "SO_STATISTICS",
    "SO_OVERFLOW_PREDICATE", "GPU_FINISHED", "PIPELINE_STATISTICS",
    "OCCLUSION_PREDICATE_CONSERVATIVE", "SO_OVERFLOW_ANY_PREDICATE"};

// pipe_query_value_type, for GET_QUERY_RESULT_QBO.
inline constexpr std::array<std::string_view, 4> kQueryValueTypeNames = {"I32", "U32", "I64",
                                                                         "U64"};

// TRANSFER3D direction (VIRGL_TRANSFER_TO_HOST 1, VIRGL_TRANSFER_FROM_HOST 2; 0 is invalid).
inline constexpr std::array<std::string_view, 3> kTransferDirectionNames = {"INVALID", "TO_HOST",
                                                                            "FROM_HOST"};

// SET_TWEAKS ids (enum vrend_tweak_type).
inline constexpr std::array<std::string_view, 3> kTweakNames = {
    "GLES_BGRA_EMULATE", "GLES_BGRA_APPLY_DEST_SWIZZLE", "GLES_TF3_SAMPLES_PASSES_MULTIPLIER"};

// VIRGL_BIND_* resource bind flags.
struct FlagName {
  uint32_t bit;
  std::string_view name;
};
inline constexpr std::array<FlagName, 17> kBindFlags = {{
    {1u << 0, "DEPTH_STENCIL"}, {1u << 1, "RENDER_TARGET"}, {1u << 3, "SAMPLER_VIEW"},
    {1u << 4, "VERTEX_BUFFER"}, {1u << 5, "INDEX_BUFFER"}, {1u << 6, "CONSTANT_BUFFER"},
    {1u << 7, "DISPLAY_TARGET"}, {1u << 8, "COMMAND_ARGS"}, {1u << 11, "STREAM_OUTPUT"},
    {1u << 14, "SHADER_BUFFER"}, {1u << 15, "QUERY_BUFFER"}, {1u << 16, "CURSOR"},
    {1u << 17, "CUSTOM"}, {1u << 18, "SCANOUT"}, {1u << 19, "STAGING"}, {1u << 20, "SHARED"},
    {1u << 22, "LINEAR"},
}};
// The bit of the bind flag named `name`; 0 for a name the table does not have.
constexpr uint32_t bind_bit(std::string_view name) {
  for (const FlagName& f : kBindFlags) {
    if (f.name == name) return f.bit;
  }
  return 0;
}
// Resources the guest can present: a readback of one is the guest looking at a finished frame
// (capture ends a frame there; such resources are stored top-down).
inline constexpr uint32_t kPresentableBinds = bind_bit("DISPLAY_TARGET") | bind_bit("SCANOUT");
static_assert(kPresentableBinds == (1u << 7 | 1u << 18));

// Gallium limits the table's array rules and slot checks are written against.
inline constexpr uint32_t kMaxColorBuffers = 8;
inline constexpr uint32_t kMaxViewports = 16;
inline constexpr uint32_t kMaxAttribs = 32;
inline constexpr uint32_t kMaxSamplerViews = 32;
inline constexpr uint32_t kMaxSamplers = 32;
inline constexpr uint32_t kMaxShaderBuffers = 32;
inline constexpr uint32_t kMaxShaderImages = 32;
inline constexpr uint32_t kMaxAtomicBuffers = 32;
inline constexpr uint32_t kMaxStreamoutTargets = 16;
inline constexpr uint32_t kMaxSoOutputs = 64;
inline constexpr uint32_t kMaxPlanes = 4;

}  // namespace vgpu::virgl
