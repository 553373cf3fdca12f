// Table-driven ALU opcodes (alu_ops.def): fetch the typed sources, substitute them into the
// template, saturate, store the bits.
#include <array>
#include <string>

#include "renderer/shader/instruction_emit.h"
#include "renderer/shader/operands.h"

namespace vgpu::shader {
namespace {

using tgsi::OperandType;

struct AluRow {
  tgsi::Opcode opcode;
  std::string_view src_types;
  std::string_view glsl;
};

constexpr AluRow kAluRows[] = {
#define VGPU_GLSL_ALU(NAME, srcs, glsl) {tgsi::Opcode::NAME, srcs, glsl},
#include "renderer/shader/alu_ops.def"
#undef VGPU_GLSL_ALU
};

const AluRow* find_row(tgsi::Opcode op) {
  static const auto index = [] {
    std::array<int16_t, tgsi::kOpcodeLimit> table{};
    table.fill(-1);
    for (size_t i = 0; i < std::size(kAluRows); ++i) {
      table[static_cast<uint16_t>(kAluRows[i].opcode)] = static_cast<int16_t>(i);
    }
    return table;
  }();
  const auto id = static_cast<uint16_t>(op);
  if (id >= index.size() || index[id] < 0) return nullptr;
  return &kAluRows[static_cast<size_t>(index[id])];
}

OperandType type_of_letter(char c, OperandType fallback) {
  switch (c) {
    case 'F': return OperandType::F;
    case 'I': return OperandType::I;
    case 'U': return OperandType::U;
    case 'D': return OperandType::D;
    case 'L': return OperandType::I64;
    case 'M': return OperandType::U64;
    default: return fallback;
  }
}

bool is_64bit(OperandType t) {
  return t == OperandType::D || t == OperandType::I64 || t == OperandType::U64;
}

std::string substitute(std::string_view glsl, const std::array<std::string, 4>& sources,
                       int lanes) {
  std::string out;
  out.reserve(glsl.size() + 64);
  for (size_t i = 0; i < glsl.size(); ++i) {
    if (glsl[i] != '$' || i + 1 == glsl.size()) {
      out += glsl[i];
      continue;
    }
    const char c = glsl[++i];
    if (c >= '0' && c <= '3') {
      out += "(" + sources[static_cast<size_t>(c - '0')] + ")";
      continue;
    }
    const OperandType t = c == 'B' ? OperandType::N : type_of_letter(c, OperandType::U);
    out += c == 'B' ? "bvec" + std::to_string(lanes) : vector_type(t, lanes);
  }
  return out;
}

// A 64-bit source gives a 32-bit result two values (from its .xy and its .zw).  TGSI hands
// them to the written components in order (tgsi_exec's exec_64_2_t): the first component of
// the write mask gets the .xy result, the second the .zw one, wherever they are, so D2F
// TEMP[0].y takes the double in .xy.  The swizzle that places them so.
std::string written_lanes_spread(uint8_t write_mask) {
  std::string swizzle = "xxxx";
  char next = 'x';
  for (size_t c = 0; c < 4; ++c) {
    if ((write_mask >> c & 1) == 0) continue;
    swizzle[c] = next;
    next = 'y';
  }
  return swizzle;
}

}  // namespace

bool emit_alu(Context& ctx, const tgsi::Instruction& inst) {
  const AluRow* row = find_row(inst.opcode);
  const tgsi::OpcodeInfo* info = tgsi::opcode_info(inst.opcode);
  if (!row || !info || inst.dst_count != 1) return false;

  // Untyped moves copy bits, unless a modifier or _SAT asks for float arithmetic (-TEMP[0]).
  OperandType src_type = info->src_type;
  OperandType dst_type = info->dst_type;
  if (src_type == OperandType::X) {
    bool modified = false;
    for (uint8_t i = 0; i < inst.src_count; ++i) modified |= inst.src[i].negate || inst.src[i].absolute;
    src_type = modified || inst.saturate ? OperandType::F : OperandType::U;
  }
  if (dst_type == OperandType::X) dst_type = src_type;

  std::array<OperandType, 4> types{};
  bool wide = is_64bit(dst_type);
  for (uint8_t i = 0; i < inst.src_count && i < 4; ++i) {
    types[i] = type_of_letter(i < row->src_types.size() ? row->src_types[i] : ' ', src_type);
    wide |= is_64bit(types[i]);
  }
  const int lanes = wide ? 2 : 4;
  for (OperandType t : {dst_type, types[0], types[1], types[2], types[3]}) {
    ctx.uses_int64 |= t == OperandType::I64 || t == OperandType::U64;
  }
  if (inst.opcode == tgsi::Opcode::DDX_FINE || inst.opcode == tgsi::Opcode::DDY_FINE) {
    ctx.extensions.insert("GL_ARB_derivative_control");  // core only from GLSL 4.50
  }
  std::array<std::string, 4> sources;
  for (uint8_t i = 0; i < inst.src_count && i < 4; ++i) {
    sources[i] = fetch(ctx, inst.src[i], types[i], lanes);
  }
  std::string value = substitute(row->glsl, sources, lanes);
  if (inst.saturate && (dst_type == OperandType::F || dst_type == OperandType::D)) {
    value = "clamp(" + value + ", " + vector_type(dst_type, lanes) + "(0.0), " +
            vector_type(dst_type, lanes) + "(1.0))";
  }
  const std::string spread = written_lanes_spread(inst.dst[0].write_mask);
  ctx.line("vgpu_t = " + to_bits(dst_type, lanes, value, spread) + ";");
  store(ctx, inst.dst[0], "vgpu_t");
  return true;
}

}  // namespace vgpu::shader
