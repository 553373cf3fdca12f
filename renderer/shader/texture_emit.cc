// Texture opcodes (kind "tex" in opcodes.def) and the sampler declarations they need.
#include <algorithm>
#include <array>
#include <string>
#include <string_view>
#include <tuple>

#include "renderer/shader/instruction_emit.h"
#include "renderer/shader/operands.h"

namespace vgpu::shader {
namespace {

using tgsi::Opcode;
using tgsi::OperandType;
using tgsi::TextureTarget;

struct TargetRow {
  TextureTarget target;
  std::string_view suffix;
  int coords;
  int shadow;
};
constexpr TargetRow kTargets[] = {
#define VGPU_GLSL_TEXTURE(T, suffix, coords, shadow) {TextureTarget::T, suffix, coords, shadow},
#include "renderer/shader/texture_targets.def"
#undef VGPU_GLSL_TEXTURE
};

const TargetRow* target_row(TextureTarget t) {
  for (const TargetRow& r : kTargets) {
    if (r.target == t) return &r;
  }
  return nullptr;
}

bool is_array(TextureTarget t) {
  return t == TextureTarget::Array1D || t == TextureTarget::Array2D ||
         t == TextureTarget::Shadow1DArray || t == TextureTarget::Shadow2DArray ||
         t == TextureTarget::MsaaArray2D || t == TextureTarget::CubeArray ||
         t == TextureTarget::ShadowCubeArray;
}
bool is_cube(TextureTarget t) {
  return t == TextureTarget::Cube || t == TextureTarget::ShadowCube ||
         t == TextureTarget::CubeArray || t == TextureTarget::ShadowCubeArray;
}
bool has_lod(TextureTarget t) {
  return t != TextureTarget::Buffer && t != TextureTarget::Rect &&
         t != TextureTarget::ShadowRect && t != TextureTarget::Msaa2D &&
         t != TextureTarget::MsaaArray2D;
}

// Components that are a position in the texture (derivatives and offsets have this many).
int spatial_dims(const TargetRow& r) {
  if (is_cube(r.target)) return 3;
  return r.coords - (is_array(r.target) ? 1 : 0);
}

std::string components(int n) { return std::string("xyzw").substr(0, static_cast<size_t>(n)); }

std::string vec_cast(const char* prefix, int n) {
  return n == 1 ? (std::string(prefix) == "i" ? "int" : "float")
                : std::string(prefix) + "vec" + std::to_string(n);
}

char return_prefix(Context& ctx, uint32_t slot) {
  const tgsi::Declaration* d = ctx.shader.find_declaration(tgsi::RegisterFile::SamplerView, slot);
  if (!d) return ' ';
  if (d->return_types[0] == tgsi::ReturnType::Sint) return 'i';
  if (d->return_types[0] == tgsi::ReturnType::Uint) return 'u';
  return ' ';
}

// A texel offset: a constant ivecN built from the immediate the instruction names.
std::string offset_literal(Context& ctx, const tgsi::Instruction& inst, int dims) {
  const tgsi::TextureOffset& o = inst.offsets[0];
  if (o.file != tgsi::RegisterFile::Immediate || o.index < 0 ||
      static_cast<size_t>(o.index) >= ctx.shader.immediates.size()) {
    ctx.fail(inst.where, "texture offsets must be immediates");
    return "0";
  }
  const auto& imm = ctx.shader.immediates[static_cast<size_t>(o.index)];
  std::string v = vec_cast("i", dims) + "(";
  for (int c = 0; c < dims; ++c) {
    if (c) v += ", ";
    v += std::to_string(static_cast<int32_t>(imm.words[o.swizzle[static_cast<size_t>(c)] & 3]));
  }
  return v + ")";
}

// The view swizzle of a shadow sampler (ShaderKey::shadow_swizzles) over the comparison result,
// which the four components of vgpu_t hold.
void apply_shadow_swizzle(Context& ctx, uint32_t slot) {
  const auto& swizzles = ctx.key.shadow_swizzles;
  if (slot >= swizzles.size() || swizzles[slot] == kIdentitySwizzle) return;
  std::string v = "uvec4(";
  for (int c = 0; c < 4; ++c) {
    const uint32_t pick = (swizzles[slot] >> (3 * c)) & 7u;
    if (c > 0) v += ", ";
    v += pick < 4 ? "vgpu_t.x" : (pick == 5 ? "0x3f800000u" : "0u");  // 1.0 and 0.0 as bits
  }
  ctx.line("vgpu_t = " + v + ");");
}

// The GLSL expression of SAMP[slot]: its own uniform, or its element of a sampler array.
std::string sampler_name(const Context& ctx, uint32_t slot) {
  const int32_t base = slot < ctx.sampler_array_base.size() ? ctx.sampler_array_base[slot] : -1;
  if (base < 0) return "vgpu_samp" + std::to_string(slot);
  return "vgpu_sarr" + std::to_string(base) + "[" + std::to_string(slot - static_cast<uint32_t>(base)) + "]";
}

// The GLSL expression of the sampler operand of a texture instruction: an indirect one indexes
// its sampler array (the index clamped into the declared range, as for any register file).
std::string sampler_operand(Context& ctx, const tgsi::SrcOperand& s) {
  const auto slot = static_cast<uint32_t>(s.reg.index);
  if (!s.reg.indirect) return sampler_name(ctx, slot);
  const auto [lo, hi] = indirect_bounds(ctx, s.reg);
  return "vgpu_sarr" + std::to_string(lo) + "[" + index_expr(ctx, s.reg) + " - " +
         std::to_string(lo) + "]";
}

}  // namespace

void declare_samplers(Context& ctx) {
  std::array<const TargetRow*, kMaxSamplersPerStage> used{};
  for (const tgsi::Instruction& inst : ctx.shader.instructions) {
    const tgsi::OpcodeInfo* info = tgsi::opcode_info(inst.opcode);
    if (!info || info->kind != tgsi::OpcodeKind::tex || inst.src_count == 0) continue;
    const tgsi::SrcOperand& s = inst.src[inst.src_count - 1];
    const TargetRow* row = target_row(inst.texture);
    // An indirect operand may reach every slot of its array (or of the declared samplers).
    uint32_t first = static_cast<uint32_t>(s.reg.index), last = first;
    if (s.reg.indirect) std::tie(first, last) = indirect_bounds(ctx, s.reg);
    if (s.reg.index < 0 || last >= kMaxSamplersPerStage || first > last || !row) {
      ctx.fail(inst.where, "sampler index or texture target out of range");
      return;
    }
    for (uint32_t slot = first; slot <= last; ++slot) {
      if (used[slot] && used[slot] != row) {
        ctx.fail(inst.where, "SAMP[" + std::to_string(slot) + "] is used with two targets");
        return;
      }
      used[slot] = row;
    }
    if (!s.reg.indirect) continue;
    ctx.sampler_array_base.resize(kMaxSamplersPerStage, -1);
    for (uint32_t slot = first; slot <= last; ++slot) {
      const int32_t base = ctx.sampler_array_base[slot];
      if (base >= 0 && base != static_cast<int32_t>(first)) {
        ctx.fail(inst.where, "SAMP[" + std::to_string(slot) +
                                 "] is reached by two indirect ranges that differ");
        return;
      }
      ctx.sampler_array_base[slot] = static_cast<int32_t>(first);
    }
  }
  for (uint32_t slot = 0; slot < used.size(); ++slot) {
    if (!used[slot]) continue;
    const char p = return_prefix(ctx, slot);
    const std::string type = "uniform " + (p == ' ' ? std::string() : std::string(1, p)) +
                             "sampler" + std::string(used[slot]->suffix) + " ";
    const int32_t base = slot < ctx.sampler_array_base.size() ? ctx.sampler_array_base[slot] : -1;
    if (base < 0) {
      ctx.declarations += "layout(binding = " + std::to_string(texture_unit(ctx.info.stage, slot)) +
                          ") " + type + sampler_name(ctx, slot) + ";\n";
    } else if (static_cast<uint32_t>(base) == slot) {
      // One array over consecutive texture units: texture_unit() numbers slots contiguously.
      uint32_t end = slot;
      while (end + 1 < ctx.sampler_array_base.size() &&
             ctx.sampler_array_base[end + 1] == base) {
        ++end;
        if (return_prefix(ctx, end) != p) {
          ctx.fail({}, "SAMP[" + std::to_string(slot) + ".." + std::to_string(end) +
                           "] is indexed indirectly but its views return different types");
          return;
        }
      }
      ctx.declarations += "layout(binding = " + std::to_string(texture_unit(ctx.info.stage, slot)) +
                          ") " + type + "vgpu_sarr" + std::to_string(slot) + "[" +
                          std::to_string(end - slot + 1) + "];\n";
    }
    SamplerInfo s;
    s.slot = slot;
    s.tgsi_target = static_cast<uint32_t>(used[slot]->target);
    s.return_type = static_cast<uint32_t>(p == 'i'   ? tgsi::ReturnType::Sint
                                          : p == 'u' ? tgsi::ReturnType::Uint
                                                     : tgsi::ReturnType::Float);
    s.shadow = used[slot]->shadow != 0;
    ctx.info.samplers.push_back(s);
  }
}

bool emit_texture(Context& ctx, const tgsi::Instruction& inst) {
  const tgsi::OpcodeInfo* info = tgsi::opcode_info(inst.opcode);
  if (!info || info->kind != tgsi::OpcodeKind::tex) return false;
  const TargetRow* row = target_row(inst.texture);
  // TXQS (and SAMP2HND) have the sampler as their only source.
  if (!row || inst.src_count < 1 || inst.dst_count != 1) {
    ctx.fail(inst.where, "texture instruction without a usable target");
    return true;
  }
  // Indirect operands index an array of one return type: the base slot stands for all of it.
  const auto slot = static_cast<uint32_t>(inst.src[inst.src_count - 1].reg.index);
  const std::string s = sampler_operand(ctx, inst.src[inst.src_count - 1]);
  const bool fetch_int = inst.opcode == Opcode::TXF || inst.opcode == Opcode::TXF_LZ;
  const std::string c =
      inst.src_count >= 2
          ? fetch(ctx, inst.src[0], fetch_int ? OperandType::I : OperandType::F, 4)
          : "";
  const int spatial = spatial_dims(*row);
  // The coordinate GLSL takes: position (+ layer) (+ compare value when it fits).
  int size = row->coords + (row->shadow == 1 && row->coords < 4 ? 1 : 0) +
             (row->shadow == 2 ? 2 : 0);
  size = std::min(size, 4);
  const std::string coord = size == 4 ? c : c + "." + components(size);
  // The second source of a 3-source opcode: the compare value, bias or lod (float), or TG4's
  // component, which Mesa writes as an integer immediate.
  const OperandType extra_type = inst.opcode == Opcode::TG4 ? OperandType::I : OperandType::F;
  const std::string extra = inst.src_count >= 3 ? fetch(ctx, inst.src[1], extra_type, 4) : "";
  const bool offset = inst.offset_count > 0;
  const std::string off = offset ? ", " + offset_literal(ctx, inst, spatial) : "";
  const std::string o = offset ? "Offset" : "";

  std::string r;  // the GLSL result before conversion to bits
  bool scalar = row->shadow != 0;
  bool int_result = false;
  switch (inst.opcode) {
    case Opcode::TEX:
      r = "texture" + o + "(" + s + ", " + coord + off + ")";
      break;
    case Opcode::TEX2:
    case Opcode::TXB2:
    case Opcode::TXL2: {
      const char* fn = inst.opcode == Opcode::TXL2 ? "textureLod" : "texture";
      r = std::string(fn) + "(" + s + ", " + c + ", " + extra + ".x)";
      break;
    }
    case Opcode::TEX_LZ:
      r = "textureLod" + o + "(" + s + ", " + coord + ", 0.0" + off + ")";
      break;
    case Opcode::TXP:
      if (is_array(row->target) || is_cube(row->target)) {
        r = "texture" + o + "(" + s + ", " + coord + " / " + c + ".w" + off + ")";
      } else {
        r = "textureProj" + o + "(" + s + ", " + c + off + ")";
      }
      break;
    case Opcode::TXB:
      r = "texture" + o + "(" + s + ", " + coord + off + ", " + c + ".w)";
      break;
    case Opcode::TXL:
      r = "textureLod" + o + "(" + s + ", " + coord + ", " + c + ".w" + off + ")";
      break;
    case Opcode::TXD: {
      const std::string dx = fetch(ctx, inst.src[1], OperandType::F, 4) + "." + components(spatial);
      const std::string dy = fetch(ctx, inst.src[2], OperandType::F, 4) + "." + components(spatial);
      r = "textureGrad" + o + "(" + s + ", " + coord + ", " + dx + ", " + dy + off + ")";
      break;
    }
    case Opcode::TXF:
    case Opcode::TXF_LZ: {
      scalar = false;
      const std::string pos = row->coords == 4 ? c : c + "." + components(row->coords);
      std::string lod = inst.opcode == Opcode::TXF_LZ ? "0" : c + ".w";
      std::string args = s + ", " + pos;
      if (row->target == TextureTarget::Msaa2D || row->target == TextureTarget::MsaaArray2D ||
          has_lod(row->target)) {
        args += ", " + lod;
      }
      r = "texelFetch" + o + "(" + args + off + ")";
      break;
    }
    case Opcode::TXQ: {
      scalar = false;
      int_result = true;
      const std::string lod = has_lod(row->target) ? ", " + fetch(ctx, inst.src[0], OperandType::I, 4) + ".x" : "";
      const int n = row->target == TextureTarget::Buffer || row->target == TextureTarget::Tex1D ||
                            row->target == TextureTarget::Shadow1D
                        ? 1
                        : (row->coords == 4 ? 3 : (is_cube(row->target) ? 2 : row->coords));
      const int size_n = is_cube(row->target) && is_array(row->target) ? 3 : n;
      std::string levels = has_lod(row->target) ? "textureQueryLevels(" + s + ")" : "0";
      r = "ivec4(textureSize(" + s + lod + ")";
      for (int k = size_n; k < 3; ++k) r += ", 0";
      r += ", " + levels + ")";
      break;
    }
    case Opcode::TXQS:
      scalar = false;
      int_result = true;
      ctx.extensions.insert("GL_ARB_shader_texture_image_samples");
      r = "ivec4(textureSamples(" + s + "))";
      break;
    case Opcode::TG4:
      scalar = false;
      if (row->shadow) {
        r = "textureGather" + o + "(" + s + ", " + c + "." + components(row->coords) + ", " + c +
            "." + "xyzw"[row->coords < 4 ? row->coords : 3] + off + ")";
      } else {
        r = "textureGather" + o + "(" + s + ", " + c + "." + components(row->coords) + off +
            ", int(" + extra + ".x))";
      }
      break;
    case Opcode::LODQ:
      scalar = false;
      r = "vec4(textureQueryLod(" + s + ", " + c + "." + components(spatial) + "), 0.0, 0.0)";
      break;
    default:
      ctx.fail(inst.where, std::string(info->name) + " is not supported");
      return true;
  }
  const char p = return_prefix(ctx, slot);
  std::string bits;
  if (int_result) {
    bits = "uvec4(" + r + ")";
  } else if (scalar) {
    bits = "floatBitsToUint(vec4(" + r + "))";
  } else if (p == 'i' || p == 'u') {
    bits = "uvec4(" + r + ")";
  } else {
    bits = "floatBitsToUint(" + r + ")";
  }
  ctx.line("vgpu_t = " + bits + ";");
  if (scalar) apply_shadow_swizzle(ctx, slot);  // a depth comparison
  store(ctx, inst.dst[0], "vgpu_t");
  return true;
}

}  // namespace vgpu::shader
