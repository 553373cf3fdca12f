// Hardware atomic counters (HWATOMIC[b][i]): counter i of atomic buffer b.
//
// GLSL's atomic_uint has only increment, decrement and read in GL 4.5 (the host's llvmpipe
// lacks ARB_shader_atomic_counter_ops), while the guest offers all of that extension.  So buffer
// b is read as an r32ui imageBuffer `vgpu_atomic<b>` on image unit atomic_image_unit(b), declared
// identically by every stage, and every TGSI atomic maps to an image atomic on word i.  Mesa's
// TGSI names the counter in the register index (its byte offset operand repeats it); the index
// is clamped to the counters this shader declares, which the renderer requires to be bound.
#include <algorithm>
#include <string>

#include "renderer/shader/instruction_emit.h"
#include "renderer/shader/operands.h"

namespace vgpu::shader {
using tgsi::Opcode;
using tgsi::OperandType;
using tgsi::RegisterFile;

void declare_atomic_counters(Context& ctx) {
  for (const tgsi::Declaration& d : ctx.shader.declarations) {
    if (d.file != RegisterFile::HwAtomic) continue;
    const uint32_t b = d.has_dimension ? d.dimension : 0;
    if (b >= kMaxAtomicBuffers || d.last >= kAtomicCountersPerBuffer) {
      ctx.fail(d.where, "HWATOMIC[" + std::to_string(b) + "][" + std::to_string(d.last) +
                            "] is over the limits of bindings.h");
      return;
    }
    ctx.info.atomic_buffer_mask |= 1u << b;
    ctx.info.atomic_buffer_bytes[b] = std::max(ctx.info.atomic_buffer_bytes[b], 4 * (d.last + 1));
  }
  for (uint32_t b = 0; b < kMaxAtomicBuffers; ++b) {
    if ((ctx.info.atomic_buffer_mask >> b & 1) == 0) continue;
    ctx.declarations += "layout(r32ui, binding = " + std::to_string(atomic_image_unit(b)) +
                        ") uniform coherent highp uimageBuffer vgpu_atomic" + std::to_string(b) +
                        ";\n";
  }
}

void emit_atomic_counter_access(Context& ctx, const tgsi::Instruction& inst) {
  const tgsi::RegisterRef& reg = inst.src[0].reg;
  const int32_t b = reg.dimension.present ? reg.dimension.index : 0;
  if (reg.dimension.indirect || b < 0 || static_cast<uint32_t>(b) >= kMaxAtomicBuffers ||
      ctx.info.atomic_buffer_bytes[static_cast<uint32_t>(b)] == 0) {
    ctx.fail(reg.where, "HWATOMIC buffer must be a declared, direct index");
    return;
  }
  const uint32_t highest = ctx.info.atomic_buffer_bytes[static_cast<uint32_t>(b)] / 4 - 1;
  const std::string index =
      reg.indirect ? "clamp(" + index_expr(ctx, reg) + ", 0, " + std::to_string(highest) + ")"
                   : std::to_string(std::min(static_cast<uint32_t>(std::max(reg.index, 0)),
                                             highest));
  const std::string image = "vgpu_atomic" + std::to_string(b);
  if (inst.opcode == Opcode::LOAD) {
    ctx.line("vgpu_t = uvec4(imageLoad(" + image + ", " + index + ").x);");
    store(ctx, inst.dst[0], "vgpu_t");
    return;
  }
  const std::string value = fetch(ctx, inst.src[2], OperandType::U, 4) + ".x";
  if (inst.opcode == Opcode::ATOMIMIN || inst.opcode == Opcode::ATOMIMAX) {
    // Counters are uint: a signed order needs a compare-and-swap loop.
    const char* pick = inst.opcode == Opcode::ATOMIMIN ? "min" : "max";
    ctx.line("{ uint vgpu_old = imageLoad(" + image + ", " + index + ").x; uint vgpu_seen;");
    ctx.line("  do { vgpu_seen = vgpu_old; vgpu_old = imageAtomicCompSwap(" + image + ", " +
             index + ", vgpu_seen, uint(" + pick + "(int(vgpu_seen), int(" + value +
             ")))); } while (vgpu_old != vgpu_seen);");
    ctx.line("  vgpu_t = uvec4(vgpu_old); }");
    store(ctx, inst.dst[0], "vgpu_t");
    return;
  }
  // (Signed min/max were handled above: image_atomic_function's are for iimage types.)
  const char* fn = image_atomic_function(inst.opcode);
  if (!fn) {
    const tgsi::OpcodeInfo* info = tgsi::opcode_info(inst.opcode);
    ctx.fail(inst.where, std::string(info ? info->name : "opcode") + " on HWATOMIC is not supported");
    return;
  }
  std::string args = value;
  if (inst.opcode == Opcode::ATOMCAS) args += ", " + fetch(ctx, inst.src[3], OperandType::U, 4) + ".x";
  ctx.line("vgpu_t = uvec4(" + std::string(fn) + "(" + image + ", " + index + ", " + args + "));");
  store(ctx, inst.dst[0], "vgpu_t");
}

}  // namespace vgpu::shader
