#include "decoder/tgsi/tables.h"

#include <array>

namespace vgpu::tgsi {
namespace {

constexpr auto kOpcodes = [] {
  std::array<OpcodeInfo, kOpcodeLimit> table{};
#define VGPU_TGSI_OPCODE(id, NAME, dsts, srcs, dst_type, src_type, kind)                       \
  static_assert((id) < kOpcodeLimit, "raise kOpcodeLimit for " #NAME);                         \
  static_assert((dsts) <= kMaxDsts && (srcs) <= kMaxSrcs, #NAME " has too many operands");     \
  table[id] = OpcodeInfo{#NAME, dsts, srcs, OperandType::dst_type, OperandType::src_type,       \
                         OpcodeKind::kind};
#define VGPU_TGSI_OPCODE_GAP(id)
#include "decoder/tgsi/opcodes.def"
#undef VGPU_TGSI_OPCODE
#undef VGPU_TGSI_OPCODE_GAP
  return table;
}();

// A name table indexed by id; every table here is small, so a lookup by name is a scan.
template <size_t N>
using Names = std::array<std::string_view, N>;

constexpr Names<kRegisterFileCount> kFileNames = {
#define VGPU_TGSI_FILE(id, Name, text, declarable) text,
#include "decoder/tgsi/register_files.def"
#undef VGPU_TGSI_FILE
};
constexpr std::array<bool, kRegisterFileCount> kFileDeclarable = {
#define VGPU_TGSI_FILE(id, Name, text, declarable) declarable,
#include "decoder/tgsi/register_files.def"
#undef VGPU_TGSI_FILE
};
constexpr Names<kSemanticCount> kSemanticNames = {
#define VGPU_TGSI_SEMANTIC(id, NAME) #NAME,
#include "decoder/tgsi/semantics.def"
#undef VGPU_TGSI_SEMANTIC
};
constexpr Names<kPropertyCount> kPropertyNames = {
#define VGPU_TGSI_PROPERTY(id, NAME, value_kind) #NAME,
#include "decoder/tgsi/properties.def"
#undef VGPU_TGSI_PROPERTY
};
constexpr std::array<PropertyValueKind, kPropertyCount> kPropertyKinds = {
#define VGPU_TGSI_PROPERTY(id, NAME, value_kind) PropertyValueKind::value_kind,
#include "decoder/tgsi/properties.def"
#undef VGPU_TGSI_PROPERTY
};
constexpr Names<kTextureTargetCount> kTextureNames = {
#define VGPU_TGSI_TEXTURE(id, Name, text) text,
#include "decoder/tgsi/texture_targets.def"
#undef VGPU_TGSI_TEXTURE
};
constexpr Names<6> kStageNames = {
#define VGPU_TGSI_STAGE(id, Name, text) text,
#include "decoder/tgsi/keywords.def"
};
constexpr Names<4> kInterpolationNames = {
#define VGPU_TGSI_INTERPOLATION(id, Name, text) text,
#include "decoder/tgsi/keywords.def"
};
constexpr Names<3> kLocationNames = {
#define VGPU_TGSI_LOCATION(id, Name, text) text,
#include "decoder/tgsi/keywords.def"
};
constexpr Names<5> kReturnTypeNames = {
#define VGPU_TGSI_RETURN_TYPE(id, Name, text) text,
#include "decoder/tgsi/keywords.def"
};
constexpr Names<6> kImmediateTypeNames = {
#define VGPU_TGSI_IMMEDIATE_TYPE(id, Name, text, words) text,
#include "decoder/tgsi/keywords.def"
};
constexpr std::array<uint8_t, 6> kImmediateWords = {
#define VGPU_TGSI_IMMEDIATE_TYPE(id, Name, text, words) words,
#include "decoder/tgsi/keywords.def"
};
constexpr Names<4> kMemoryQualifierNames = {
#define VGPU_TGSI_MEMORY_QUALIFIER(bit, Name, text) text,
#include "decoder/tgsi/keywords.def"
};
constexpr Names<4> kMemoryTypeNames = {
#define VGPU_TGSI_MEMORY_TYPE(id, Name, text) text,
#include "decoder/tgsi/keywords.def"
};
constexpr Names<15> kPrimitiveNames = {
#define VGPU_TGSI_PRIMITIVE(id, text) text,
#include "decoder/tgsi/keywords.def"
};
constexpr Names<2> kCoordOriginNames = {
#define VGPU_TGSI_COORD_ORIGIN(id, text) text,
#include "decoder/tgsi/keywords.def"
};
constexpr Names<2> kPixelCenterNames = {
#define VGPU_TGSI_PIXEL_CENTER(id, text) text,
#include "decoder/tgsi/keywords.def"
};

template <size_t N, class E>
std::string_view name_of(const Names<N>& names, E value) {
  const auto i = static_cast<size_t>(value);
  return i < N ? names[i] : std::string_view{};
}

template <class E, size_t N>
std::optional<E> find_in(const Names<N>& names, std::string_view text) {
  for (size_t i = 0; i < N; ++i) {
    if (!names[i].empty() && names[i] == text) return static_cast<E>(i);
  }
  return std::nullopt;
}

}  // namespace

const OpcodeInfo* opcode_info(Opcode op) {
  const auto i = static_cast<size_t>(op);
  if (i >= kOpcodeLimit || kOpcodes[i].name.empty()) return nullptr;
  return &kOpcodes[i];
}

std::optional<Opcode> find_opcode(std::string_view name) {
  for (size_t i = 0; i < kOpcodeLimit; ++i) {
    if (!kOpcodes[i].name.empty() && kOpcodes[i].name == name) return static_cast<Opcode>(i);
  }
  return std::nullopt;
}

std::string_view file_name(RegisterFile f) { return name_of(kFileNames, f); }
bool file_is_declarable(RegisterFile f) {
  const auto i = static_cast<size_t>(f);
  return i < kRegisterFileCount && kFileDeclarable[i];
}
std::string_view semantic_name(Semantic s) { return name_of(kSemanticNames, s); }
std::string_view property_name(PropertyId p) { return name_of(kPropertyNames, p); }
PropertyValueKind property_value_kind(PropertyId p) {
  const auto i = static_cast<size_t>(p);
  return i < kPropertyCount ? kPropertyKinds[i] : PropertyValueKind::number;
}
std::string_view texture_name(TextureTarget t) { return name_of(kTextureNames, t); }
std::string_view stage_name(Stage s) { return name_of(kStageNames, s); }
std::string_view interpolation_name(Interpolation i) { return name_of(kInterpolationNames, i); }
std::string_view location_name(InterpolationLocation l) { return name_of(kLocationNames, l); }
std::string_view return_type_name(ReturnType r) { return name_of(kReturnTypeNames, r); }
std::string_view immediate_type_name(ImmediateType t) { return name_of(kImmediateTypeNames, t); }
uint8_t immediate_words_per_value(ImmediateType t) {
  const auto i = static_cast<size_t>(t);
  return i < kImmediateWords.size() ? kImmediateWords[i] : uint8_t{1};
}
std::string_view memory_qualifier_name(MemoryQualifier q) {
  return name_of(kMemoryQualifierNames, q);
}
std::string_view memory_type_name(MemoryType m) { return name_of(kMemoryTypeNames, m); }

std::optional<RegisterFile> find_file(std::string_view t) {
  return find_in<RegisterFile>(kFileNames, t);
}
std::optional<Semantic> find_semantic(std::string_view t) {
  return find_in<Semantic>(kSemanticNames, t);
}
std::optional<PropertyId> find_property(std::string_view t) {
  return find_in<PropertyId>(kPropertyNames, t);
}
std::optional<TextureTarget> find_texture(std::string_view t) {
  return find_in<TextureTarget>(kTextureNames, t);
}
std::optional<Stage> find_stage(std::string_view t) { return find_in<Stage>(kStageNames, t); }
std::optional<Interpolation> find_interpolation(std::string_view t) {
  return find_in<Interpolation>(kInterpolationNames, t);
}
std::optional<InterpolationLocation> find_location(std::string_view t) {
  return find_in<InterpolationLocation>(kLocationNames, t);
}
std::optional<ReturnType> find_return_type(std::string_view t) {
  return find_in<ReturnType>(kReturnTypeNames, t);
}
std::optional<ImmediateType> find_immediate_type(std::string_view t) {
  return find_in<ImmediateType>(kImmediateTypeNames, t);
}
std::optional<MemoryQualifier> find_memory_qualifier(std::string_view t) {
  return find_in<MemoryQualifier>(kMemoryQualifierNames, t);
}
std::optional<MemoryType> find_memory_type(std::string_view t) {
  return find_in<MemoryType>(kMemoryTypeNames, t);
}
std::optional<uint32_t> find_primitive(std::string_view t) {
  return find_in<uint32_t>(kPrimitiveNames, t);
}
std::optional<uint32_t> find_coord_origin(std::string_view t) {
  return find_in<uint32_t>(kCoordOriginNames, t);
}
std::optional<uint32_t> find_pixel_center(std::string_view t) {
  return find_in<uint32_t>(kPixelCenterNames, t);
}

}  // namespace vgpu::tgsi
