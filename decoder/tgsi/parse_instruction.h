// One instruction: NAME[_SAT][_PRECISE] dst..., src... [, target[, offsets]] [, memory
// qualifiers / image target / format] [:label].  Operand counts come from opcodes.def.
#pragma once

#include <string_view>

#include "decoder/tgsi/parser_state.h"

namespace vgpu::tgsi {

// `name` is the word already read at `where`; the instruction is appended to st.shader.
[[nodiscard]] bool parse_instruction(ParserState& st, std::string_view name, SourcePosition where);

}  // namespace vgpu::tgsi
