// Fuzzes the TGSI text parser and validator (decoder/tgsi/), the parser of the most exposed
// guest input of a virtual GPU: the shader text of CREATE_OBJECT(SHADER).  Input: the text
// itself (no config prefix), so any .tgsi file is a seed.
// Besides "no crash, no hang, no leak", it checks what callers rely on:
//   - an error has a position inside the text and a message;
//   - a parsed shader's instructions have the operand counts of their opcode;
//   - a validated shader's direct register operands are covered by a declaration, by the
//     validator's binary search and by Shader::find_declaration's plain scan alike (MEMORY[0]
//     excepted: Mesa names shared memory so whatever space it declared).
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "decoder/tgsi/parser.h"
#include "decoder/tgsi/validator.h"

namespace {

using namespace vgpu::tgsi;

void check_error(const TgsiError& e, std::string_view text) {
  if (e.message.empty() || e.where.line == 0 || e.where.column == 0) __builtin_trap();
  if (e.where.line > text.size() + 1) __builtin_trap();
}

void check_registers_declared(const Shader& s) {
  // The plain scan is O(declarations) per operand: keep it to inputs where that stays cheap.
  if (s.declarations.size() * s.instructions.size() > 20000) return;
  for (const Instruction& inst : s.instructions) {
    for (uint8_t i = 0; i < inst.src_count; ++i) {
      const RegisterRef& r = inst.src[i].reg;
      if (r.indirect || r.dimension.present || r.file == RegisterFile::Immediate) continue;
      // MEMORY[0] names shared memory whatever space is declared (validate_registers.cc).
      if (r.file == RegisterFile::Memory && r.index == 0 && s.range_of(r.file).any) continue;
      if (s.find_declaration(r.file, static_cast<uint32_t>(r.index)) == nullptr) __builtin_trap();
    }
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  ParseResult parsed = parse(text);
  if (!parsed.ok()) {
    check_error(parsed.error, text);
    return 0;
  }
  for (const Instruction& inst : parsed.shader.instructions) {
    const OpcodeInfo* info = opcode_info(inst.opcode);
    if (info == nullptr || info->dsts != inst.dst_count || info->srcs != inst.src_count) __builtin_trap();
  }
  if (const auto error = validate(parsed.shader)) {
    check_error(*error, text);
    return 0;
  }
  check_registers_declared(parsed.shader);
  return 0;
}
