// The TGSI vocabulary, derived from the .def tables: opcodes with their operand counts, types
// and kinds; register files; semantics; properties; texture targets; and the small keyword
// lists.  Numbers are Mesa 22.3's (p_shader_tokens.h), so an IR value can be compared with what
// Mesa or virglrenderer would have built from the same text.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

namespace vgpu::tgsi {

enum class Opcode : uint16_t {
#define VGPU_TGSI_OPCODE(id, NAME, dsts, srcs, dst_type, src_type, kind) NAME = id,
#define VGPU_TGSI_OPCODE_GAP(id)
#include "decoder/tgsi/opcodes.def"
#undef VGPU_TGSI_OPCODE
#undef VGPU_TGSI_OPCODE_GAP
};
inline constexpr uint16_t kOpcodeLimit = 252;  // every id (gaps included) is below this

// How an opcode's operands are to be read (see opcodes.def).
enum class OperandType : uint8_t { F, I, U, D, I64, U64, X, N };

enum class OpcodeKind : uint8_t {
  plain,
  tex,     // texture target required after the operands; optional texture offsets
  sample,  // SAMPLE_*, GATHER4, LOD: the sampler-view operand carries the target
  memory,  // LOAD/STORE/ATOM*: optional memory qualifiers, image target and format
  if_open,
  else_,
  endif,
  loop_open,
  loop_end,
  switch_open,
  case_,
  default_,
  switch_end,
  sub_open,
  sub_end,
  call,
  jump,  // BRK, CONT, RET
  end,
};

struct OpcodeInfo {
  std::string_view name;  // empty for a gap
  uint8_t dsts = 0;
  uint8_t srcs = 0;
  OperandType dst_type = OperandType::N;
  OperandType src_type = OperandType::N;
  OpcodeKind kind = OpcodeKind::plain;
};
inline constexpr uint8_t kMaxDsts = 2;  // DFRACEXP
inline constexpr uint8_t kMaxSrcs = 5;  // SAMPLE_D

// nullptr for an id at or past kOpcodeLimit or in a gap.
[[nodiscard]] const OpcodeInfo* opcode_info(Opcode op);
[[nodiscard]] std::optional<Opcode> find_opcode(std::string_view name);

enum class RegisterFile : uint8_t {
#define VGPU_TGSI_FILE(id, Name, text, declarable) Name = id,
#include "decoder/tgsi/register_files.def"
#undef VGPU_TGSI_FILE
};
inline constexpr uint8_t kRegisterFileCount = 15;

enum class Semantic : uint8_t {
#define VGPU_TGSI_SEMANTIC(id, NAME) NAME = id,
#include "decoder/tgsi/semantics.def"
#undef VGPU_TGSI_SEMANTIC
};
inline constexpr uint8_t kSemanticCount = 47;

enum class PropertyId : uint8_t {
#define VGPU_TGSI_PROPERTY(id, NAME, value_kind) NAME = id,
#include "decoder/tgsi/properties.def"
#undef VGPU_TGSI_PROPERTY
};
inline constexpr uint8_t kPropertyCount = 29;
enum class PropertyValueKind : uint8_t { number, primitive, coord_origin, pixel_center, stage };

enum class TextureTarget : uint8_t {
#define VGPU_TGSI_TEXTURE(id, Name, text) Name = id,
#include "decoder/tgsi/texture_targets.def"
#undef VGPU_TGSI_TEXTURE
};
inline constexpr uint8_t kTextureTargetCount = 19;

enum class Stage : uint8_t {
#define VGPU_TGSI_STAGE(id, Name, text) Name = id,
#include "decoder/tgsi/keywords.def"
};
enum class Interpolation : uint8_t {
#define VGPU_TGSI_INTERPOLATION(id, Name, text) Name = id,
#include "decoder/tgsi/keywords.def"
};
enum class InterpolationLocation : uint8_t {
#define VGPU_TGSI_LOCATION(id, Name, text) Name = id,
#include "decoder/tgsi/keywords.def"
};
enum class ReturnType : uint8_t {
#define VGPU_TGSI_RETURN_TYPE(id, Name, text) Name = id,
#include "decoder/tgsi/keywords.def"
};
enum class ImmediateType : uint8_t {
#define VGPU_TGSI_IMMEDIATE_TYPE(id, Name, text, words) Name = id,
#include "decoder/tgsi/keywords.def"
};
// Bit numbers of Instruction::memory_qualifiers.
enum class MemoryQualifier : uint8_t {
#define VGPU_TGSI_MEMORY_QUALIFIER(bit, Name, text) Name = bit,
#include "decoder/tgsi/keywords.def"
};
enum class MemoryType : uint8_t {
#define VGPU_TGSI_MEMORY_TYPE(id, Name, text) Name = id,
#include "decoder/tgsi/keywords.def"
};

// Spellings (empty view for a value outside its table).
[[nodiscard]] std::string_view file_name(RegisterFile f);
[[nodiscard]] bool file_is_declarable(RegisterFile f);
[[nodiscard]] std::string_view semantic_name(Semantic s);
[[nodiscard]] std::string_view property_name(PropertyId p);
[[nodiscard]] PropertyValueKind property_value_kind(PropertyId p);
[[nodiscard]] std::string_view texture_name(TextureTarget t);
[[nodiscard]] std::string_view stage_name(Stage s);
[[nodiscard]] std::string_view interpolation_name(Interpolation i);
[[nodiscard]] std::string_view location_name(InterpolationLocation l);
[[nodiscard]] std::string_view return_type_name(ReturnType r);
[[nodiscard]] std::string_view immediate_type_name(ImmediateType t);
[[nodiscard]] uint8_t immediate_words_per_value(ImmediateType t);  // 1, or 2 for 64-bit types
[[nodiscard]] std::string_view memory_qualifier_name(MemoryQualifier q);
[[nodiscard]] std::string_view memory_type_name(MemoryType m);

// Lookups by exact (case-sensitive, as Mesa prints them) spelling.
[[nodiscard]] std::optional<RegisterFile> find_file(std::string_view text);
[[nodiscard]] std::optional<Semantic> find_semantic(std::string_view text);
[[nodiscard]] std::optional<PropertyId> find_property(std::string_view text);
[[nodiscard]] std::optional<TextureTarget> find_texture(std::string_view text);
[[nodiscard]] std::optional<Stage> find_stage(std::string_view text);
[[nodiscard]] std::optional<Interpolation> find_interpolation(std::string_view text);
[[nodiscard]] std::optional<InterpolationLocation> find_location(std::string_view text);
[[nodiscard]] std::optional<ReturnType> find_return_type(std::string_view text);
[[nodiscard]] std::optional<ImmediateType> find_immediate_type(std::string_view text);
[[nodiscard]] std::optional<MemoryQualifier> find_memory_qualifier(std::string_view text);
[[nodiscard]] std::optional<MemoryType> find_memory_type(std::string_view text);
[[nodiscard]] std::optional<uint32_t> find_primitive(std::string_view text);
[[nodiscard]] std::optional<uint32_t> find_coord_origin(std::string_view text);
[[nodiscard]] std::optional<uint32_t> find_pixel_center(std::string_view text);

}  // namespace vgpu::tgsi
