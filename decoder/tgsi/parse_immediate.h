// IMM[n] TYPE {v, ...} and PROPERTY NAME value.
#pragma once

#include "decoder/tgsi/parser_state.h"

namespace vgpu::tgsi {

// The IMM / PROPERTY keyword at `where` is already read.
[[nodiscard]] bool parse_immediate(ParserState& st, SourcePosition where);
[[nodiscard]] bool parse_property(ParserState& st, SourcePosition where);

}  // namespace vgpu::tgsi
