// Operand access: see operands.h.
#include "renderer/shader/operands.h"

#include <string>

#include "renderer/shader/linkage.h"

namespace vgpu::shader {
namespace {

using tgsi::OperandType;
using tgsi::RegisterFile;

constexpr char kComponents[] = "xyzw";

// The register an indirect index is read from, as an int.
std::string address_value(Context& ctx, const tgsi::IndirectAddress& a) {
  const char c = kComponents[a.component & 3];
  switch (a.file) {
    case RegisterFile::Address:
      return "A[" + std::to_string(a.index) + "]." + c;
    case RegisterFile::Temporary:
      return "int(T[" + std::to_string(a.index) + "]." + c + ")";
    default:
      ctx.fail({}, "indirect addressing through " + std::string(tgsi::file_name(a.file)) +
                       " is not supported");
      return "0";
  }
}


std::string vertex_expr(Context& ctx, const tgsi::RegisterRef& reg) {
  if (!reg.dimension.present) return {};
  if (!reg.dimension.indirect) return std::to_string(reg.dimension.index);
  return "(" + address_value(ctx, reg.dimension.address) + " + " +
         std::to_string(reg.dimension.index) + ")";
}

// IN/OUT registers are distinct GLSL variables: an indirect access goes through a switch in a
// helper function written once per (file, range, vertex-ness).
std::string indirect_io_load(Context& ctx, const tgsi::RegisterRef& reg) {
  const auto [lo, hi] = indirect_bounds(ctx, reg);
  const bool input = reg.file == RegisterFile::Input;
  const std::string vertex = vertex_expr(ctx, reg);
  const std::string name = std::string(input ? "vgpu_load_in_" : "vgpu_load_out_") +
                           std::to_string(lo) + "_" + std::to_string(hi);
  if (ctx.helpers.find(name + "(") == std::string::npos) {
    std::string f = "uvec4 " + name + "(int i, int v) {\n  switch (i) {\n";
    for (uint32_t r = lo; r <= hi && ctx.ok(); ++r) {
      const std::string v = vertex.empty() ? "" : "v";
      f += "  case " + std::to_string(r) + ": return " +
           (input ? input_bits(ctx, r, v) : output_bits(ctx, r, v)) + ";\n";
    }
    f += "  }\n  return uvec4(0u);\n}\n";
    ctx.helpers += f;
  }
  return name + "(" + index_expr(ctx, reg) + ", " + (vertex.empty() ? "0" : vertex) + ")";
}

// CONST[ADDR[1].x + 1][i]: Mesa indexes an array of uniform blocks (GLSL `ubo[n]`) this way,
// one TGSI buffer per element.  Each buffer is its own GLSL block of its own size here, so the
// read goes through a helper that switches over the declared buffers and clamps the element
// index into the chosen one; a buffer index outside them reads zero.
std::string indirect_constant_load(Context& ctx, const tgsi::RegisterRef& reg) {
  constexpr const char* kName = "vgpu_load_cb";
  if (ctx.helpers.find(std::string(kName) + "(") == std::string::npos) {
    std::string f = std::string("uvec4 ") + kName + "(int b, int i) {\n  switch (b) {\n";
    for (uint32_t cb = 0; cb < ctx.info.const_buffer_sizes.size(); ++cb) {
      const uint32_t size = ctx.info.const_buffer_sizes[cb] / 16;
      if (!size) continue;
      const std::string n = std::to_string(cb);
      f += "  case " + n + ": return cb" + n + ".c[clamp(i, 0, " + std::to_string(size - 1) +
           ")];\n";
    }
    f += "  }\n  return uvec4(0u);\n}\n";
    ctx.helpers += f;
  }
  const std::string buffer = "(" + address_value(ctx, reg.dimension.address) + " + " +
                             std::to_string(reg.dimension.index) + ")";
  const std::string element =
      reg.indirect ? "(" + address_value(ctx, reg.address) + " + " + std::to_string(reg.index) + ")"
                   : std::to_string(reg.index);
  return std::string(kName) + "(" + buffer + ", " + element + ")";
}

std::string convert_bits(OperandType type, const std::string& bits, int width) {
  switch (type) {
    case OperandType::F:
      return "uintBitsToFloat(" + bits + ")";
    case OperandType::I:
      return (width == 4 ? "ivec4(" : width == 2 ? "ivec2(" : "int(") + bits + ")";
    default:
      return bits;
  }
}

}  // namespace

std::pair<uint32_t, uint32_t> indirect_bounds(Context& ctx, const tgsi::RegisterRef& reg) {
  if (const tgsi::Declaration* d = ctx.shader.find_array(reg.file, reg.address.array_id)) {
    return {d->first, d->last};
  }
  if (reg.file == RegisterFile::Immediate) {
    const auto n = static_cast<uint32_t>(ctx.shader.immediates.size());
    return {0, n ? n - 1 : 0};
  }
  if (reg.file == RegisterFile::Constant) {
    uint32_t highest = 0;
    const uint32_t dim = reg.dimension.present ? static_cast<uint32_t>(reg.dimension.index) : 0;
    for (const tgsi::Declaration& d : ctx.shader.declarations) {
      if (d.file == RegisterFile::Constant && (d.has_dimension ? d.dimension : 0) == dim &&
          d.last > highest) {
        highest = d.last;
      }
    }
    return {0, highest};
  }
  const tgsi::DeclaredRange& r = ctx.shader.range_of(reg.file);
  return {r.lowest, r.highest};
}

std::string index_expr(Context& ctx, const tgsi::RegisterRef& reg) {
  if (!reg.indirect) return std::to_string(reg.index);
  const auto [lo, hi] = indirect_bounds(ctx, reg);
  return "clamp(" + address_value(ctx, reg.address) + " + " + std::to_string(reg.index) + ", " +
         std::to_string(lo) + ", " + std::to_string(hi) + ")";
}

std::string register_bits(Context& ctx, const tgsi::RegisterRef& reg) {
  switch (reg.file) {
    case RegisterFile::Temporary:
      return "T[" + index_expr(ctx, reg) + "]";
    case RegisterFile::Address:
      return "uvec4(A[" + index_expr(ctx, reg) + "])";
    case RegisterFile::Immediate:
      return "IMM[" + index_expr(ctx, reg) + "]";
    case RegisterFile::Constant: {
      if (reg.dimension.indirect) return indirect_constant_load(ctx, reg);
      const int32_t cb = reg.dimension.present ? reg.dimension.index : 0;
      return "cb" + std::to_string(cb) + ".c[" + index_expr(ctx, reg) + "]";
    }
    case RegisterFile::Input:
    case RegisterFile::Output:
      if (reg.indirect) return indirect_io_load(ctx, reg);
      return reg.file == RegisterFile::Input
                 ? input_bits(ctx, static_cast<uint32_t>(reg.index), vertex_expr(ctx, reg))
                 : output_bits(ctx, static_cast<uint32_t>(reg.index), vertex_expr(ctx, reg));
    case RegisterFile::SystemValue:
      return system_value_bits(ctx, static_cast<uint32_t>(reg.index));
    default:
      ctx.fail(reg.where, std::string(tgsi::file_name(reg.file)) + " is not a value operand");
      return "uvec4(0u)";
  }
}

std::string vector_type(OperandType type, int lanes) {
  const std::string n = std::to_string(lanes);
  switch (type) {
    case OperandType::F: return "vec" + n;
    case OperandType::I: return "ivec" + n;
    case OperandType::D: return "dvec" + n;
    case OperandType::I64: return "i64vec" + n;
    case OperandType::U64: return "u64vec" + n;
    default: return "uvec" + n;
  }
}

std::string fetch_bits(Context& ctx, const tgsi::SrcOperand& src) {
  std::string swz = ".";
  for (uint8_t c : src.swizzle) swz += kComponents[c & 3];
  return "(" + register_bits(ctx, src.reg) + ")" + swz;
}

std::string fetch(Context& ctx, const tgsi::SrcOperand& src, OperandType type, int lanes) {
  const std::string bits = fetch_bits(ctx, src);
  std::string v;
  if (type == OperandType::D || type == OperandType::I64 || type == OperandType::U64) {
    const char* pack = type == OperandType::D     ? "packDouble2x32"
                       : type == OperandType::I64 ? "packInt2x32"
                                                  : "packUint2x32";
    const char* cast = type == OperandType::I64 ? "ivec2" : "uvec2";
    v = vector_type(type, 2) + "(" + pack + "(" + cast + "(" + bits + ".xy)), " + pack + "(" +
        cast + "(" + bits + ".zw)))";
  } else if (lanes == 2) {
    v = convert_bits(type, bits + ".xy", 2);
  } else {
    v = convert_bits(type, bits, 4);
  }
  const bool is_unsigned = type == OperandType::U || type == OperandType::U64;
  if (src.absolute && !is_unsigned) v = "abs(" + v + ")";
  if (src.negate) v = "(-" + v + ")";
  return v;
}

std::string to_bits(OperandType type, int lanes, const std::string& value,
                    const std::string& spread) {
  if (lanes == 2) {
    switch (type) {
      case OperandType::D:
        return "vgpu_bits_d(" + value + ")";
      case OperandType::I64:
        return "vgpu_bits_i64(" + value + ")";
      case OperandType::U64:
        return "vgpu_bits_u64(" + value + ")";
      case OperandType::F:
        return "floatBitsToUint(" + value + ")." + spread;
      case OperandType::I:
        return "uvec2(" + value + ")." + spread;
      default:
        return "(" + value + ")." + spread;
    }
  }
  switch (type) {
    case OperandType::F:
      return "floatBitsToUint(" + value + ")";
    case OperandType::I:
      return "uvec4(" + value + ")";
    default:
      return "uvec4(" + value + ")";
  }
}

void store(Context& ctx, const tgsi::DstOperand& dst, const std::string& bits) {
  const std::string mask = mask_suffix(dst.write_mask);
  if (mask.empty()) return;
  const tgsi::RegisterRef& reg = dst.reg;
  switch (reg.file) {
    case RegisterFile::Temporary:
      ctx.line("T[" + index_expr(ctx, reg) + "]" + mask + " = " + bits + mask + ";");
      return;
    case RegisterFile::Address:
      ctx.line("A[" + index_expr(ctx, reg) + "]" + mask + " = ivec4(" + bits + ")" + mask + ";");
      return;
    case RegisterFile::Output: {
      const std::string vertex = vertex_expr(ctx, reg);
      if (!reg.indirect) {
        store_output(ctx, static_cast<uint32_t>(reg.index), vertex, dst.write_mask, bits);
        return;
      }
      // Indirect output: one branch per register of the array.
      const auto [lo, hi] = indirect_bounds(ctx, reg);
      ctx.line("switch (" + index_expr(ctx, reg) + ") {");
      for (uint32_t r = lo; r <= hi && ctx.ok(); ++r) {
        ctx.line("case " + std::to_string(r) + ":");
        ++ctx.indent;
        store_output(ctx, r, vertex, dst.write_mask, bits);
        ctx.line("break;");
        --ctx.indent;
      }
      ctx.line("}");
      return;
    }
    default:
      ctx.fail(reg.where,
               std::string(tgsi::file_name(reg.file)) + " cannot be an instruction's destination");
  }
}

}  // namespace vgpu::shader
