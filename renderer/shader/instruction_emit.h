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

}  // namespace vgpu::shader
