#include "decoder/tgsi/parser_state.h"

#include <charconv>

namespace vgpu::tgsi {

std::string_view excerpt(std::string_view word) {
  constexpr size_t kMaxExcerpt = 40;
  return word.substr(0, kMaxExcerpt);
}

std::optional<uint64_t> parse_unsigned(std::string_view word) {
  int base = 10;
  if (word.size() > 2 && word[0] == '0' && (word[1] == 'x' || word[1] == 'X')) {
    base = 16;
    word.remove_prefix(2);
  }
  if (word.empty()) return std::nullopt;
  uint64_t value = 0;
  const auto [end, ec] = std::from_chars(word.data(), word.data() + word.size(), value, base);
  if (ec != std::errc{} || end != word.data() + word.size()) return std::nullopt;
  return value;
}

bool ParserState::expect(char c, std::string_view context) {
  if (lex.accept(c)) return true;
  const SourcePosition where = lex.skip_blanks();
  const char here[1] = {c};
  return fail(where, "expected '", std::string_view(here, 1), "' ", context);
}

std::optional<std::string_view> ParserState::expect_word(std::string_view what) {
  const SourcePosition where = lex.skip_blanks();
  const std::string_view w = lex.word();
  if (w.empty()) {
    (void)fail(where, "expected ", what);
    return std::nullopt;
  }
  return w;
}

std::optional<uint32_t> ParserState::expect_uint(std::string_view what, uint32_t max) {
  const SourcePosition where = lex.skip_blanks();
  const std::string_view w = lex.word();
  const std::optional<uint64_t> v = parse_unsigned(w);
  if (!v) {
    (void)fail(where, "expected ", what, ", found '", excerpt(w), "'");
    return std::nullopt;
  }
  if (*v > max) {
    (void)fail(where, what, " ", *v, " is over the limit of ", max);
    return std::nullopt;
  }
  return static_cast<uint32_t>(*v);
}

}  // namespace vgpu::tgsi
