// The TGSI IR: what the text parser produces and the validator checks.  A translator (TGSI ->
// GLSL) reads only this: every fact of the text is here, already resolved to Mesa 22.3's
// numbers (tables.h), with the position it came from.  See decoder/tgsi/README.md for the
// invariants a validated Shader guarantees.
//
// Compatibility rule: fields are only ever added, never renamed or given a new meaning.
#pragma once

#include <array>
#include <cstdint>
#include <vector>

#include "decoder/tgsi/tables.h"

namespace vgpu::tgsi {

// 1-based line and column of the first character of a construct in the shader text.
struct SourcePosition {
  uint32_t line = 0;
  uint32_t column = 0;
  bool operator==(const SourcePosition&) const = default;
};

inline constexpr uint8_t kWriteMaskXYZW = 0xF;
// Component numbers used by swizzles and indirect selectors.
inline constexpr uint8_t kX = 0, kY = 1, kZ = 2, kW = 3;

// PROPERTY NAME value.  Named values (TRIANGLES, UPPER_LEFT, FRAG...) are stored as their
// numbers (keywords.def).
struct Property {
  PropertyId id = PropertyId::GS_INPUT_PRIMITIVE;
  uint32_t value = 0;
  SourcePosition where;
};

// DCL FILE[2D][first..last].mask, qualifiers...
struct Declaration {
  RegisterFile file = RegisterFile::Null;
  uint32_t first = 0;
  uint32_t last = 0;  // == first for a single register
  // CONST[1][0..3], HWATOMIC[0][2]: the outer (second-dimension) index.
  bool has_dimension = false;
  uint32_t dimension = 0;
  // IN[][0..2] in GEOM/TESS, OUT[][..] in TESS_CTRL: per-vertex, array size not written.
  bool per_vertex = false;
  uint8_t usage_mask = kWriteMaskXYZW;  // .xy after the range

  uint32_t array_id = 0;  // ARRAY(n); 0 = not an array
  bool local = false;     // LOCAL
  bool invariant = false; // INVARIANT

  bool has_semantic = false;
  Semantic semantic = Semantic::POSITION;
  uint32_t semantic_index = 0;            // GENERIC[3] -> 3
  std::array<uint8_t, 4> streams = {};    // STREAM(x, y, z, w) for GEOM outputs

  bool has_interpolation = false;  // an interpolation mode was written (FRAG inputs)
  Interpolation interpolation = Interpolation::Perspective;
  InterpolationLocation location = InterpolationLocation::Center;  // CENTROID / SAMPLE

  // SVIEW: target and per-component return types; IMAGE: target and format.
  TextureTarget texture = TextureTarget::Unknown;
  std::array<ReturnType, 4> return_types = {ReturnType::Float, ReturnType::Float,
                                            ReturnType::Float, ReturnType::Float};
  uint32_t image_format = 0;  // virgl pipe format id (decoder/formats.def), 0 = none
  bool image_writable = false;  // WR
  bool image_raw = false;       // RAW

  bool buffer_atomic = false;  // BUFFER ..., ATOMIC
  MemoryType memory_type = MemoryType::Global;  // MEMORY ..., SHARED / PRIVATE / INPUT

  SourcePosition where;
  bool operator==(const Declaration&) const = default;
};

// IMM[n] TYPE {a, b, c, d}.  Values are the raw 32-bit words as Mesa's tokens hold them; a
// 64-bit type holds value k in words[2k] (low) and words[2k+1] (high).
struct Immediate {
  ImmediateType type = ImmediateType::Float32;
  std::array<uint32_t, 4> words = {};
  uint8_t word_count = 0;  // 1..4; 2 or 4 for 64-bit types
  SourcePosition where;
};

// The register that indexes another: ADDR[0].x in TEMP[ADDR[0].x+3], with the array it is
// confined to (TEMP[ADDR[0].x+3](2) -> array_id 2, 0 = the whole declared file).
struct IndirectAddress {
  RegisterFile file = RegisterFile::Address;
  uint32_t index = 0;
  uint8_t component = kX;
  uint32_t array_id = 0;
};

// The outer index of a 2D operand: CONST[1][0], IN[2][0], CONST[ADDR[1].x+1][0].
struct Dimension {
  bool present = false;
  int32_t index = 0;  // absolute, or the offset added to the address when indirect
  bool indirect = false;
  IndirectAddress address;
};

// What dst and src operands share: the register and how it is addressed.
struct RegisterRef {
  RegisterFile file = RegisterFile::Null;
  int32_t index = 0;  // absolute, or the offset added to the address when indirect
  bool indirect = false;
  IndirectAddress address;
  Dimension dimension;
  SourcePosition where;
};

struct DstOperand {
  RegisterRef reg;
  uint8_t write_mask = kWriteMaskXYZW;
};

struct SrcOperand {
  RegisterRef reg;
  std::array<uint8_t, 4> swizzle = {kX, kY, kZ, kW};
  bool negate = false;    // -TEMP[0]
  bool absolute = false;  // |TEMP[0]|  (negate applies after abs: -|x|)
};

// TEX ..., 2D, IMM[0].xyz: a texture offset operand (xyz swizzle only).
struct TextureOffset {
  RegisterFile file = RegisterFile::Immediate;
  int32_t index = 0;
  std::array<uint8_t, 3> swizzle = {kX, kY, kZ};
};
inline constexpr uint8_t kMaxTextureOffsets = 4;

struct Instruction {
  Opcode opcode = Opcode::NOP;
  bool saturate = false;  // _SAT
  bool precise = false;   // _PRECISE

  std::array<DstOperand, kMaxDsts> dst;
  uint8_t dst_count = 0;
  std::array<SrcOperand, kMaxSrcs> src;
  uint8_t src_count = 0;

  // kind tex: the target written after the operands; offsets after it.
  bool has_texture = false;
  TextureTarget texture = TextureTarget::Unknown;
  std::array<TextureOffset, kMaxTextureOffsets> offsets;
  uint8_t offset_count = 0;

  // kind memory: qualifier bits (1 << MemoryQualifier), image target and format if written.
  uint8_t memory_qualifiers = 0;
  bool has_memory_texture = false;
  TextureTarget memory_texture = TextureTarget::Unknown;
  uint32_t memory_format = 0;  // virgl pipe format id, 0 = none written

  // IF/UIF/ELSE/BGNLOOP/ENDLOOP/CAL/BGNSUB ... :N  (an instruction number, not validated as
  // a target: Mesa's labels point at matching instructions, the validator re-derives nesting
  // from the opcodes themselves).
  bool has_label = false;
  uint32_t label = 0;

  SourcePosition where;
};

// The register range a file's declarations cover, for lookups that need no declaration scan.
struct DeclaredRange {
  bool any = false;   // at least one declaration of the file
  uint32_t lowest = 0;
  uint32_t highest = 0;  // highest declared register (Immediate: immediates.size() - 1)
};

struct Shader {
  Stage stage = Stage::Vertex;
  std::vector<Property> properties;
  std::vector<Declaration> declarations;  // in text order
  std::vector<Immediate> immediates;      // IMM[i] is immediates[i]
  std::vector<Instruction> instructions;  // in text order; instruction i is the i-th line
  std::array<DeclaredRange, kRegisterFileCount> declared = {};  // filled by the parser

  [[nodiscard]] const DeclaredRange& range_of(RegisterFile f) const {
    return declared[static_cast<uint8_t>(f)];
  }
  // The declaration that covers register `index` of `file` (and 2D `dimension` where the file
  // is declared 2D), or nullptr.  Linear in the number of declarations.
  [[nodiscard]] const Declaration* find_declaration(RegisterFile file, uint32_t index,
                                                    uint32_t dimension = 0) const {
    for (const Declaration& d : declarations) {
      if (d.file != file || index < d.first || index > d.last) continue;
      if (d.has_dimension && d.dimension != dimension) continue;
      return &d;
    }
    return nullptr;
  }
  // The declaration with ARRAY(array_id) in `file`, or nullptr.
  [[nodiscard]] const Declaration* find_array(RegisterFile file, uint32_t array_id) const {
    if (array_id == 0) return nullptr;
    for (const Declaration& d : declarations) {
      if (d.file == file && d.array_id == array_id) return &d;
    }
    return nullptr;
  }
};

}  // namespace vgpu::tgsi
