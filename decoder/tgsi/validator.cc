#include "decoder/tgsi/validator.h"

#include "decoder/decode_error.h"
#include "decoder/tgsi/parser.h"
#include "decoder/tgsi/validate_passes.h"

namespace vgpu::tgsi {

void append_register(std::string& out, RegisterFile file, int64_t index) {
  virgl::append_message(out, file_name(file), "[", index, "]");
}

std::optional<TgsiError> validate(const Shader& shader, const Limits& limits) {
  if (auto e = validate_declarations(shader)) return e;
  if (auto e = validate_registers(shader)) return e;
  if (auto e = validate_operands(shader)) return e;
  return validate_control_flow(shader, limits);
}

CheckedShader parse_and_validate(std::string_view text, const Limits& limits) {
  CheckedShader out;
  ParseResult parsed = parse(text, limits);
  if (!parsed.ok()) {
    out.error = std::move(parsed.error);
    return out;
  }
  if (std::optional<TgsiError> e = validate(parsed.shader, limits)) {
    out.error = std::move(*e);
    return out;
  }
  out.shader = std::move(parsed.shader);
  out.valid = true;
  return out;
}

}  // namespace vgpu::tgsi
