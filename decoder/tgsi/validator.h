// Semantic checks over a parsed Shader, one pass per category (validate_*.cc): registers in
// declared ranges, indirect addressing confined to a declared array or range, operands of the
// right kind per opcode, balanced control flow, texture opcodes with a target, END present.
// Every pass is linear in the shader and uses no recursion.
#pragma once

#include <optional>
#include <string_view>

#include "decoder/tgsi/error.h"
#include "decoder/tgsi/ir.h"
#include "decoder/tgsi/limits.h"

namespace vgpu::tgsi {

// nullopt when the shader is valid; otherwise the first problem in text order of its pass.
[[nodiscard]] std::optional<TgsiError> validate(const Shader& shader, const Limits& limits = {});

// parse() then validate(): the one call a consumer needs.
struct CheckedShader {
  Shader shader;
  TgsiError error;
  bool valid = false;
  [[nodiscard]] bool ok() const { return valid; }
};
[[nodiscard]] CheckedShader parse_and_validate(std::string_view text, const Limits& limits = {});

}  // namespace vgpu::tgsi
