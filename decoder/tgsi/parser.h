// TGSI text -> IR, as Mesa 22.3's tgsi_dump prints it (and virglrenderer's tgsi_text reads it).
// Syntax only: registers, names, numbers, operand counts per opcode and the caps of Limits.
// Whether the registers are declared and control flow balances is validator.h's job.
#pragma once

#include <string_view>

#include "decoder/tgsi/error.h"
#include "decoder/tgsi/ir.h"
#include "decoder/tgsi/limits.h"

namespace vgpu::tgsi {

struct ParseResult {
  Shader shader;    // complete when ok()
  TgsiError error;  // the first problem when !ok()
  bool parsed = false;
  [[nodiscard]] bool ok() const { return parsed; }
};

[[nodiscard]] ParseResult parse(std::string_view text, const Limits& limits = {});

}  // namespace vgpu::tgsi
