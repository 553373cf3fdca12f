#include "decoder/tgsi/parse_instruction.h"

#include "decoder/formats.h"
#include "decoder/tgsi/parse_operand.h"
#include "decoder/tgsi/pipe_format_names.h"

namespace vgpu::tgsi {
namespace {

bool ends_with(std::string_view s, std::string_view suffix) {
  return s.size() > suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}

// Splits NAME_SAT_PRECISE into the opcode and its modifiers (Mesa prints _SAT before _PRECISE;
// either order is read).
std::optional<Opcode> resolve_opcode(std::string_view name, Instruction& inst) {
  for (int strips = 0; strips < 3; ++strips) {
    if (const std::optional<Opcode> op = find_opcode(name)) return op;
    if (ends_with(name, "_SAT") && !inst.saturate) {
      inst.saturate = true;
      name.remove_suffix(4);
    } else if (ends_with(name, "_PRECISE") && !inst.precise) {
      inst.precise = true;
      name.remove_suffix(8);
    } else {
      break;
    }
  }
  return std::nullopt;
}

bool parse_operands(ParserState& st, const OpcodeInfo& info, Instruction& inst) {
  for (uint8_t i = 0; i < info.dsts; ++i) {
    if (i > 0 && !st.expect(',', "between operands")) return false;
    if (!parse_dst(st, inst.dst[i])) return false;
  }
  inst.dst_count = info.dsts;
  for (uint8_t i = 0; i < info.srcs; ++i) {
    if ((i > 0 || info.dsts > 0) && !st.expect(',', "between operands")) return false;
    if (!parse_src(st, inst.src[i])) return false;
  }
  inst.src_count = info.srcs;
  return true;
}

bool parse_texture_extras(ParserState& st, const OpcodeInfo& info, Instruction& inst) {
  while (st.lex.accept(',')) {
    const SourcePosition where = st.lex.skip_blanks();
    if (!inst.has_texture) {
      const std::string_view w = st.lex.word();
      const std::optional<TextureTarget> t = find_texture(w);
      if (!t) return st.fail(where, "expected a texture target after ", info.name, "'s operands, found '", excerpt(w), "'");
      inst.has_texture = true;
      inst.texture = *t;
      continue;
    }
    if (inst.offset_count == kMaxTextureOffsets) {
      return st.fail(where, "more than ", kMaxTextureOffsets, " texture offsets");
    }
    if (!parse_texture_offset(st, inst.offsets[inst.offset_count])) return false;
    ++inst.offset_count;
  }
  return true;
}

bool parse_memory_extras(ParserState& st, const OpcodeInfo& info, Instruction& inst) {
  while (st.lex.accept(',')) {
    const SourcePosition where = st.lex.skip_blanks();
    const std::string_view w = st.lex.word();
    if (const std::optional<MemoryQualifier> q = find_memory_qualifier(w)) {
      inst.memory_qualifiers = static_cast<uint8_t>(inst.memory_qualifiers | (1u << static_cast<uint8_t>(*q)));
    } else if (const std::optional<TextureTarget> t = find_texture(w); t && !inst.has_memory_texture) {
      inst.has_memory_texture = true;
      inst.memory_texture = *t;
    } else if (const std::optional<uint32_t> f = find_pipe_format(w); f && inst.memory_format == 0) {
      inst.memory_format = *f;
    } else {
      return st.fail(where, "unexpected '", excerpt(w), "' after ", info.name, "'s operands");
    }
  }
  return true;
}

}  // namespace

bool parse_instruction(ParserState& st, std::string_view name, SourcePosition where) {
  if (!st.room_for(st.shader.instructions.size(), st.limits.max_instructions, "instructions", where)) {
    return false;
  }
  Instruction inst;
  inst.where = where;
  const std::optional<Opcode> op = resolve_opcode(name, inst);
  if (!op) return st.fail(where, "unknown opcode '", excerpt(name), "'");
  inst.opcode = *op;
  const OpcodeInfo& info = *opcode_info(*op);
  if (!parse_operands(st, info, inst)) return false;

  switch (info.kind) {
    case OpcodeKind::tex:
    case OpcodeKind::sample:
      if (!parse_texture_extras(st, info, inst)) return false;
      break;
    case OpcodeKind::memory:
      if (!parse_memory_extras(st, info, inst)) return false;
      break;
    default:
      if (st.lex.skip_blanks_peek() == ',') {
        return st.fail(st.lex.skip_blanks(), info.name, " takes ", info.dsts, " destination and ",
                       info.srcs, " source operands");
      }
      break;
  }
  if (st.lex.accept(':')) {
    const std::optional<uint32_t> label = st.expect_uint("a label after ':'", st.limits.max_instructions);
    if (!label) return false;
    inst.has_label = true;
    inst.label = *label;
  }
  st.shader.instructions.push_back(inst);
  return true;
}

}  // namespace vgpu::tgsi
