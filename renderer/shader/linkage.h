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

// An interpolateAt*() call for INTERP_CENTROID / INTERP_SAMPLE / INTERP_OFFSET: `function`
// applied to the FS input varying, with `argument` (the sample or offset) when not empty.
struct InterpolateAt {
  std::string function;  // "interpolateAtCentroid"...
  std::string argument;  // GLSL expression, or empty
};

// uvec4 bits of IN[index] (of vertex `vertex` for per-vertex inputs; "" otherwise).  `at`:
// the FS input interpolated there instead; inputs that are not interpolated varyings (built-ins,
// point sprite coordinates, inputs the previous stage does not write) read as usual.
[[nodiscard]] std::string input_bits(Context& ctx, uint32_t index, const std::string& vertex,
                                     const InterpolateAt* at = nullptr);
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
