// DCL FILE[[]][dim][first..last][.mask][, qualifier]...  The qualifiers are read in any order,
// each once; which ones a file may carry is checked here too (a semantic on TEMP, a return
// type on a sampler), since it is a matter of syntax, not of other declarations.
#pragma once

#include "decoder/tgsi/parser_state.h"

namespace vgpu::tgsi {

// The DCL keyword at `where` is already read; the declaration is appended to st.shader.
[[nodiscard]] bool parse_declaration(ParserState& st, SourcePosition where);

}  // namespace vgpu::tgsi
