// The per-family instruction emitters.  Each returns false when the opcode is not of its
// family, so glsl_translator.cc can try them in turn; problems go to ctx.fail().
#pragma once

#include "decoder/tgsi/ir.h"
#include "renderer/shader/translator_context.h"

namespace vgpu::shader {

[[nodiscard]] bool emit_alu(Context& ctx, const tgsi::Instruction& inst);           // alu_emit.cc
[[nodiscard]] bool emit_control_flow(Context& ctx, const tgsi::Instruction& inst);  // control_flow.cc
[[nodiscard]] bool emit_texture(Context& ctx, const tgsi::Instruction& inst);       // texture_emit.cc
[[nodiscard]] bool emit_memory(Context& ctx, const tgsi::Instruction& inst);        // memory_emit.cc
[[nodiscard]] bool emit_interpolate(Context& ctx, const tgsi::Instruction& inst);   // interpolate_emit.cc

// Resource declarations, from a pass over the instructions before the body is written.
void declare_samplers(Context& ctx);  // texture_emit.cc
void declare_memory(Context& ctx);    // memory_emit.cc
void declare_images(Context& ctx);           // image_emit.cc
void declare_atomic_counters(Context& ctx);  // atomic_counter_emit.cc

// LOAD/STORE/ATOM*/RESQ whose memory operand is an IMAGE or a HWATOMIC (emit_memory routes them).
void emit_image_access(Context& ctx, const tgsi::Instruction& inst);           // image_emit.cc
void emit_atomic_counter_access(Context& ctx, const tgsi::Instruction& inst);  // atomic_counter_emit.cc
// imageAtomicAdd ... imageAtomicMax for an ATOM* opcode (signed min/max as on iimage*), or
// nullptr for an atomic images have no form of (image_emit.cc).
[[nodiscard]] const char* image_atomic_function(tgsi::Opcode op);

}  // namespace vgpu::shader
