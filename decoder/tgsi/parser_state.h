// What every part of the parser shares: the lexer, the shader being filled, the limits and
// the first error.  Each parse_* function returns false after recording an error; the caller
// returns false at once, so the first error is the one reported and no work follows it.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "decoder/decode_error.h"
#include "decoder/tgsi/error.h"
#include "decoder/tgsi/ir.h"
#include "decoder/tgsi/lexer.h"
#include "decoder/tgsi/limits.h"

namespace vgpu::tgsi {

// A word from the text, cut short so that an error message stays small whatever the input.
[[nodiscard]] std::string_view excerpt(std::string_view word);

struct ParserState {
  ParserState(std::string_view text, const Limits& lim, Shader& out)
      : lex(text), limits(lim), shader(out) {}

  Lexer lex;
  const Limits& limits;
  Shader& shader;
  TgsiError error;
  bool failed = false;
  std::array<uint64_t, kRegisterFileCount> registers_declared = {};  // per file, for Limits

  template <class... Parts>
  [[nodiscard]] bool fail(SourcePosition where, const Parts&... parts) {
    if (!failed) {
      failed = true;
      error.where = where;
      error.message.clear();
      virgl::append_message(error.message, parts...);
    }
    return false;
  }
  // Whether one more of `what` fits under `cap` (checked before anything is stored).
  [[nodiscard]] bool room_for(size_t count, uint32_t cap, std::string_view what, SourcePosition where) {
    return count < cap || fail(where, "more than ", cap, " ", what);
  }
  // Consumes `c` or fails with "expected 'c' <context>".
  [[nodiscard]] bool expect(char c, std::string_view context);
  // The next word, or a failure naming what was expected.
  [[nodiscard]] std::optional<std::string_view> expect_word(std::string_view what);
  // Unsigned decimal (or 0x hex) integer word, at most `max`.
  [[nodiscard]] std::optional<uint32_t> expect_uint(std::string_view what, uint32_t max);
};

// Parses a whole unsigned integer (decimal or 0x hex); nullopt on anything else or overflow.
[[nodiscard]] std::optional<uint64_t> parse_unsigned(std::string_view word);

}  // namespace vgpu::tgsi
