// Operands: FILE[index], FILE[dim][index], FILE[ADDR[0].x+3](array), with the destination
// write mask, the source swizzle and -/|| modifiers, and the xyz-only texture offsets.
// Fixed shape, no recursion: an index may hold one indirect address, never another operand.
#pragma once

#include "decoder/tgsi/ir.h"
#include "decoder/tgsi/parser_state.h"

namespace vgpu::tgsi {

[[nodiscard]] bool parse_register(ParserState& st, RegisterRef& out);
[[nodiscard]] bool parse_dst(ParserState& st, DstOperand& out);
[[nodiscard]] bool parse_src(ParserState& st, SrcOperand& out);
[[nodiscard]] bool parse_texture_offset(ParserState& st, TextureOffset& out);

// After a '.' glued to the register: an in-order subset of xyzw as a bit mask.  `what` names it
// in errors ("write mask", "usage mask").
[[nodiscard]] bool parse_component_mask(ParserState& st, std::string_view what, uint8_t& out);

// 'x'..'w' -> 0..3, anything else -> 4.
[[nodiscard]] uint8_t component_of(char c);

}  // namespace vgpu::tgsi
