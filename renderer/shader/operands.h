// Reading TGSI source operands as typed GLSL vectors and storing results into destinations.
//
// Every TGSI register is 4 x 32 untyped bits; here it is a uvec4 (temporaries, immediates,
// constants) or a typed GLSL variable whose bits are reinterpreted on the way in and out, so
// integer and float values pass through registers bit-exactly.
#pragma once

#include <string>
#include <utility>

#include "decoder/tgsi/ir.h"
#include "renderer/shader/translator_context.h"

namespace vgpu::shader {

// The uvec4 bits of a register (no swizzle, no modifier).
[[nodiscard]] std::string register_bits(Context& ctx, const tgsi::RegisterRef& reg);

// A source as a vector of `lanes` values of `type` (F I U D I64 U64): 4 lanes of 32 bits, or 2
// lanes each made from an xy / zw pair for 64-bit types (32-bit types read 2 lanes from the
// first two swizzle components, as TGSI's 32<->64-bit conversions do).  Modifiers applied.
[[nodiscard]] std::string fetch(Context& ctx, const tgsi::SrcOperand& src, tgsi::OperandType type,
                                int lanes);

// A source's swizzled uvec4 bits, modifiers ignored (for operands that are addresses or
// coordinates of memory opcodes).
[[nodiscard]] std::string fetch_bits(Context& ctx, const tgsi::SrcOperand& src);

// The GLSL vector type of `type` with `lanes` lanes: vec4, ivec2, dvec2, u64vec2...
[[nodiscard]] std::string vector_type(tgsi::OperandType type, int lanes);

// `value` (a `lanes`-lane vector of `type`) as uvec4 bits in TGSI register layout.  A 2-lane
// 32-bit value is spread over the four components by the swizzle `spread`.
[[nodiscard]] std::string to_bits(tgsi::OperandType type, int lanes, const std::string& value,
                                  const std::string& spread = "xyxy");

// dst<mask> = bits<mask>, where `bits` names a uvec4 variable.
void store(Context& ctx, const tgsi::DstOperand& dst, const std::string& bits);

// Lowest and highest register an indirect access of `reg` may reach: its ARRAY's declared range,
// else the declared range of its file.
[[nodiscard]] std::pair<uint32_t, uint32_t> indirect_bounds(Context& ctx,
                                                            const tgsi::RegisterRef& reg);

// The integer index expression of a register reference (clamped into its array or file).
[[nodiscard]] std::string index_expr(Context& ctx, const tgsi::RegisterRef& reg);

}  // namespace vgpu::shader
