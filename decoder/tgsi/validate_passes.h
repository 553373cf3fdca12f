// The validator's passes (one file each), run in this order by validate().  Each returns the
// first problem it finds in text order.  None recurses; each is linear in the shader (the
// register lookups are a binary search over the sorted declarations of one file).
#pragma once

#include <optional>

#include "decoder/tgsi/error.h"
#include "decoder/tgsi/ir.h"
#include "decoder/tgsi/limits.h"

namespace vgpu::tgsi {

// Declarations: the qualifiers each file needs (SVIEW and IMAGE targets), unique array ids,
// no two declarations of one register.
[[nodiscard]] std::optional<TgsiError> validate_declarations(const Shader& shader);
// Every register an operand names lies in a declaration (IMM: an existing immediate), and every
// indirect access stays inside the declared array it names or the file's declared range.
[[nodiscard]] std::optional<TgsiError> validate_registers(const Shader& shader);
// Per opcode: destination files that can be written, sampler and resource operands of the
// right file, texture targets present where the opcode needs one.
[[nodiscard]] std::optional<TgsiError> validate_operands(const Shader& shader);
// IF/ELSE/ENDIF, loops, switches and subroutines balance, with an explicit bounded stack;
// BRK/CONT/CASE/DEFAULT sit where they may; END is present at the top level.
[[nodiscard]] std::optional<TgsiError> validate_control_flow(const Shader& shader, const Limits& limits);

// "TEMP[9]", "CONST[1][3]" into `out`, for messages.
void append_register(std::string& out, RegisterFile file, int64_t index);

}  // namespace vgpu::tgsi
