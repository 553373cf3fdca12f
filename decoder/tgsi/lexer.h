// A forward-only scanner over TGSI text that knows its line and column.  It never looks back
// and never allocates: words are views into the text.  TGSI is not line-sensitive (Mesa's own
// reader treats newlines as blanks), so neither is this.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>

#include "decoder/tgsi/ir.h"

namespace vgpu::tgsi {

class Lexer {
 public:
  explicit Lexer(std::string_view text) : text_(text) {}

  // Skips blanks and newlines; returns the position of what follows.
  SourcePosition skip_blanks();
  [[nodiscard]] bool at_end() {
    skip_blanks();
    return pos_ >= text_.size();
  }
  [[nodiscard]] SourcePosition position() const {
    return {line_, static_cast<uint32_t>(pos_ - line_start_ + 1)};
  }
  // The next non-blank character ('\0' at the end), not consumed.
  [[nodiscard]] char skip_blanks_peek();
  // The character right here, blanks not skipped.
  [[nodiscard]] char peek_here() const { return pos_ < text_.size() ? text_[pos_] : '\0'; }

  // Consumes `c` (after blanks) if it is next.
  [[nodiscard]] bool accept(char c);
  // Consumes `c` only if it is the very next character (no blanks in between): swizzles and
  // suffixes are glued to what precedes them.
  [[nodiscard]] bool accept_here(char c);

  // [A-Za-z0-9_]+ after blanks; empty if none.
  [[nodiscard]] std::string_view word();
  // A number as written in an immediate: sign, digits, letters, '.', and an exponent sign.
  [[nodiscard]] std::string_view literal();

 private:
  void advance();

  std::string_view text_;
  size_t pos_ = 0;
  size_t line_start_ = 0;
  uint32_t line_ = 1;
};

[[nodiscard]] bool is_word_char(char c);

}  // namespace vgpu::tgsi
