// Hardware atomic counters (HWATOMIC[b][i]): counter i of atomic buffer b.
//
// Buffer b is one `atomic_uint vgpu_atomic<b>[kAtomicCountersPerBuffer]` at binding b, offset 0,
// declared identically by every stage (GLSL links counters of one binding by name and type).
// Mesa's TGSI names the counter in the register index (its byte offset operand repeats it), so
// the index, clamped to the counters this shader declares, selects the array element.  Only
// reads, increments and decrements are translated: the host's llvmpipe (Mesa 22.3, GL 4.5)
// lacks ARB_shader_atomic_counter_ops, so the guest's other counter operations are refused.
#include <algorithm>
#include <string>

#include "renderer/shader/instruction_emit.h"
#include "renderer/shader/operands.h"

namespace vgpu::shader {
namespace {

using tgsi::Opcode;
using tgsi::RegisterFile;

// The immediate a source names (one component, no modifiers), if it is one.
bool immediate_value(const Context& ctx, const tgsi::SrcOperand& src, uint32_t& value) {
  const tgsi::RegisterRef& r = src.reg;
  if (r.file != RegisterFile::Immediate || r.indirect || src.negate || src.absolute ||
      r.index < 0 || static_cast<size_t>(r.index) >= ctx.shader.immediates.size()) {
    return false;
  }
  const tgsi::Immediate& imm = ctx.shader.immediates[static_cast<size_t>(r.index)];
  if (src.swizzle[0] >= imm.word_count) return false;
  value = imm.words[src.swizzle[0]];
  return true;
}

}  // namespace

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
    ctx.declarations += "layout(binding = " + std::to_string(atomic_buffer_binding(b)) +
                        ", offset = 0) uniform atomic_uint vgpu_atomic" + std::to_string(b) + "[" +
                        std::to_string(kAtomicCountersPerBuffer) + "];\n";
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
  const std::string counter = "vgpu_atomic" + std::to_string(b) + "[" + index + "]";
  if (inst.opcode == Opcode::LOAD) {
    ctx.line("vgpu_t = uvec4(atomicCounter(" + counter + "));");
    store(ctx, inst.dst[0], "vgpu_t");
    return;
  }
  // GLSL 4.30 counters only increment and decrement; Mesa writes atomicCounterIncrement() as
  // ATOMUADD of 1 and atomicCounterDecrement() as ATOMUADD of -1 (old value returned, as
  // TGSI's atomics do: GLSL's decrement returns the new value).
  uint32_t addend = 0;
  if (inst.opcode != Opcode::ATOMUADD || !immediate_value(ctx, inst.src[2], addend) ||
      (addend != 1u && addend != ~0u)) {
    const tgsi::OpcodeInfo* info = tgsi::opcode_info(inst.opcode);
    ctx.fail(inst.where, std::string(info ? info->name : "opcode") +
                             " on HWATOMIC other than adding an immediate 1 or -1 is not supported");
    return;
  }
  ctx.line(addend == 1u ? "vgpu_t = uvec4(atomicCounterIncrement(" + counter + "));"
                        : "vgpu_t = uvec4(atomicCounterDecrement(" + counter + ") + 1u);");
  store(ctx, inst.dst[0], "vgpu_t");
}

}  // namespace vgpu::shader
