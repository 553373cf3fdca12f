// INTERP_CENTROID / INTERP_SAMPLE / INTERP_OFFSET: a fragment shader input interpolated
// somewhere else than its declaration says, GLSL's interpolateAt*().  The GLSL built-ins take
// the input variable itself (no copy, no swizzle), so the input is read through input_bits()
// with the call wrapped around the varying, and the swizzle and modifiers are applied after.
#include <string>

#include "renderer/shader/instruction_emit.h"
#include "renderer/shader/linkage.h"
#include "renderer/shader/operands.h"

namespace vgpu::shader {
namespace {

using tgsi::Opcode;

// The interpolateAt*() call of `inst`, its sample / offset operand read from src[1].
bool interpolation_of(Context& ctx, const tgsi::Instruction& inst, InterpolateAt& at) {
  switch (inst.opcode) {
    case Opcode::INTERP_CENTROID:
      at.function = "interpolateAtCentroid";
      return true;
    case Opcode::INTERP_SAMPLE:  // the sample number is an integer in .x
      at.function = "interpolateAtSample";
      at.argument = "int(" + fetch_bits(ctx, inst.src[1]) + ".x)";
      return true;
    case Opcode::INTERP_OFFSET:  // the offset in pixels is a float pair in .xy
      at.function = "interpolateAtOffset";
      at.argument = "uintBitsToFloat(" + fetch_bits(ctx, inst.src[1]) + ".xy)";
      return true;
    default:
      return false;
  }
}

}  // namespace

bool emit_interpolate(Context& ctx, const tgsi::Instruction& inst) {
  InterpolateAt at;
  if (inst.dst_count != 1 || inst.src_count < 1 || !interpolation_of(ctx, inst, at)) return false;
  const tgsi::SrcOperand& src = inst.src[0];
  const tgsi::RegisterRef& reg = src.reg;
  if (ctx.shader.stage != tgsi::Stage::Fragment || reg.file != tgsi::RegisterFile::Input) {
    ctx.fail(inst.where, "interpolation opcodes read fragment shader inputs only");
    return true;
  }
  if (!reg.indirect) {
    ctx.line("vgpu_t = " + input_bits(ctx, static_cast<uint32_t>(reg.index), "", &at) + ";");
  } else {
    // IN[ADDR[0].x + n] within a declared array: one interpolateAt*() per element, the way
    // indirect outputs are stored (operands.cc).
    const auto [lo, hi] = indirect_bounds(ctx, reg);
    ctx.line("switch (" + index_expr(ctx, reg) + ") {");
    for (uint32_t r = lo; r <= hi && ctx.ok(); ++r) {
      ctx.line("case " + std::to_string(r) + ": vgpu_t = " + input_bits(ctx, r, "", &at) +
               "; break;");
    }
    ctx.line("default: vgpu_t = uvec4(0u); break;");
    ctx.line("}");
  }
  std::string value = "uintBitsToFloat(vgpu_t." + std::string(1, "xyzw"[src.swizzle[0] & 3]) +
                      "xyzw"[src.swizzle[1] & 3] + "xyzw"[src.swizzle[2] & 3] +
                      "xyzw"[src.swizzle[3] & 3] + ")";
  if (src.absolute) value = "abs(" + value + ")";
  if (src.negate) value = "(-" + value + ")";
  if (inst.saturate) value = "clamp(" + value + ", vec4(0.0), vec4(1.0))";
  ctx.line("vgpu_t = floatBitsToUint(" + value + ");");
  store(ctx, inst.dst[0], "vgpu_t");
  return true;
}

}  // namespace vgpu::shader
