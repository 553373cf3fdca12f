// Helpers shared by the TGSI tests: parse-or-fail with the message in the assertion.
#pragma once

#include <gtest/gtest.h>

#include <string>
#include <string_view>

#include "decoder/tgsi/parser.h"
#include "decoder/tgsi/validator.h"

namespace vgpu::tgsi::testing {

// Parses `text`, failing the test (with the parser's message) if it does not parse.
inline Shader parse_ok(std::string_view text) {
  ParseResult r = parse(text);
  EXPECT_TRUE(r.ok()) << r.error.to_string() << "\n" << text;
  return std::move(r.shader);
}

// The "line:column: message" of the first problem parse + validate finds ("" if none).
inline std::string first_error(std::string_view text) {
  const CheckedShader c = parse_and_validate(text);
  return c.ok() ? std::string() : c.error.to_string();
}

}  // namespace vgpu::tgsi::testing
