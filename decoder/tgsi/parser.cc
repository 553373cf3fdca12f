#include "decoder/tgsi/parser.h"

#include "decoder/tgsi/parse_declaration.h"
#include "decoder/tgsi/parse_immediate.h"
#include "decoder/tgsi/parse_instruction.h"
#include "decoder/tgsi/parser_state.h"

namespace vgpu::tgsi {
namespace {

bool all_digits(std::string_view w) {
  for (const char c : w) {
    if (c < '0' || c > '9') return false;
  }
  return !w.empty();
}

bool parse_header(ParserState& st) {
  const SourcePosition where = st.lex.skip_blanks();
  const std::string_view w = st.lex.word();
  const std::optional<Stage> stage = find_stage(w);
  if (!stage) {
    return st.fail(where, "expected a shader stage (VERT, TESS_CTRL, TESS_EVAL, GEOM, FRAG, COMP), found '",
                   excerpt(w), "'");
  }
  st.shader.stage = *stage;
  return true;
}

// One statement: DCL, IMM, PROPERTY, an instruction, or an instruction number "12:".
bool parse_statement(ParserState& st) {
  const SourcePosition where = st.lex.skip_blanks();
  const std::string_view w = st.lex.word();
  if (w.empty()) {
    const char c[1] = {st.lex.peek_here()};
    return st.fail(where, "unexpected character '", std::string_view(c, 1), "'");
  }
  if (all_digits(w)) {
    if (!st.lex.accept(':')) return st.fail(where, "an instruction number must be followed by ':'");
    return true;
  }
  if (w == "DCL") return parse_declaration(st, where);
  if (w == "IMM") return parse_immediate(st, where);
  if (w == "PROPERTY") return parse_property(st, where);
  return parse_instruction(st, w, where);
}

}  // namespace

std::string TgsiError::to_string() const {
  std::string out;
  virgl::append_message(out, where.line, ":", where.column, ": ", message);
  return out;
}

ParseResult parse(std::string_view text, const Limits& limits) {
  ParseResult result;
  ParserState st(text, limits, result.shader);
  if (text.size() > limits.max_text_bytes) {
    (void)st.fail({1, 1}, "shader text of ", text.size(), " bytes is over the limit of ",
                  limits.max_text_bytes);
  } else if (parse_header(st)) {
    while (!st.lex.at_end() && parse_statement(st)) {
    }
  }
  result.parsed = !st.failed;
  if (st.failed) {
    result.error = std::move(st.error);
    result.shader = Shader{};  // a caller never sees half a shader
  }
  return result;
}

}  // namespace vgpu::tgsi
