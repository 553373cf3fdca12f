// Inputs, outputs and system values: TGSI registers matched by semantic to GLSL built-ins or to
// varyings named by semantic (varying_name()), so that stages translated apart still link.
#pragma once

#include <cstdint>
#include <string>

#include "renderer/shader/translator_context.h"

namespace vgpu::shader {

// The IN/OUT/SV register `index` of `registers`, or nullptr after ctx.fail() (undeclared).
[[nodiscard]] const IoRegister* find_register(Context& ctx,
                                              const std::map<uint32_t, IoRegister>& registers,
                                              const char* file, uint32_t index);

// Declares every IN/OUT/SV of the shader and records the interface in ctx.info.
void declare_interface(Context& ctx);

// uvec4 bits of IN[index] (of vertex `vertex` for per-vertex inputs; "" otherwise).
[[nodiscard]] std::string input_bits(Context& ctx, uint32_t index, const std::string& vertex);
// uvec4 bits of OUT[index], for stages that read their outputs back (TCS above all).
[[nodiscard]] std::string output_bits(Context& ctx, uint32_t index, const std::string& vertex);
[[nodiscard]] std::string system_value_bits(Context& ctx, uint32_t index);
// OUT[index]<mask> = bits<mask>; `bits` names a uvec4 variable.
void store_output(Context& ctx, uint32_t index, const std::string& vertex, uint8_t mask,
                  const std::string& bits);

// What must happen when the shader finishes (END, RET in main) or a GS emits a vertex: user
// clip planes, alpha test, COLOR[0] broadcast, stream-output copies.
void emit_epilogue(Context& ctx, bool at_emit);

}  // namespace vgpu::shader
