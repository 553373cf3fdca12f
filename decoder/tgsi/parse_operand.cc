#include "decoder/tgsi/parse_operand.h"

namespace vgpu::tgsi {

uint8_t component_of(char c) {
  switch (c) {
    case 'x': return kX;
    case 'y': return kY;
    case 'z': return kZ;
    case 'w': return kW;
    default: return 4;
  }
}

namespace {

// One bracket's content: a plain index, or ADDRFILE[n].c with an optional +/- offset.
struct Index {
  int32_t value = 0;
  bool indirect = false;
  IndirectAddress address;
};

bool parse_register_file(ParserState& st, RegisterFile& out) {
  const SourcePosition where = st.lex.skip_blanks();
  const std::string_view w = st.lex.word();
  const std::optional<RegisterFile> f = find_file(w);
  if (!f) {
    if (w.empty()) return st.fail(where, "expected a register");
    return st.fail(where, "unknown register file '", excerpt(w), "'");
  }
  out = *f;
  return true;
}

bool parse_component(ParserState& st, uint8_t& out) {
  const SourcePosition where = st.lex.skip_blanks();
  const std::string_view w = st.lex.word();
  if (w.size() != 1 || component_of(w[0]) > kW) {
    return st.fail(where, "expected one component x, y, z or w, found '", excerpt(w), "'");
  }
  out = component_of(w[0]);
  return true;
}

bool parse_index(ParserState& st, Index& out) {
  const SourcePosition where = st.lex.skip_blanks();
  const char c = st.lex.peek_here();
  if (c >= '0' && c <= '9') {
    const std::optional<uint32_t> v = st.expect_uint("a register index", st.limits.max_register_index);
    if (!v) return false;
    out.value = static_cast<int32_t>(*v);
    return true;
  }
  out.indirect = true;
  if (!parse_register_file(st, out.address.file)) return false;
  if (!st.expect('[', "after the address register file")) return false;
  const std::optional<uint32_t> a = st.expect_uint("an address register index", st.limits.max_register_index);
  if (!a) return false;
  out.address.index = *a;
  if (!st.expect(']', "after the address register index")) return false;
  if (!st.expect('.', "and a component after the address register")) return false;
  if (!parse_component(st, out.address.component)) return false;
  const char sign = st.lex.skip_blanks_peek();
  if (sign == '+' || sign == '-') {
    (void)st.lex.accept(sign);
    const std::optional<uint32_t> off = st.expect_uint("an offset", st.limits.max_register_index);
    if (!off) return false;
    out.value = sign == '-' ? -static_cast<int32_t>(*off) : static_cast<int32_t>(*off);
  }
  (void)where;
  return true;
}

// "(n)" as Mesa prints an indirect operand's array, or "(ARRAY(n))".
bool parse_optional_array_id(ParserState& st, uint32_t& array_id) {
  if (!st.lex.accept('(')) return true;
  bool wrapped = false;
  if (st.lex.skip_blanks_peek() == 'A') {
    const SourcePosition where = st.lex.skip_blanks();
    if (st.lex.word() != "ARRAY") return st.fail(where, "expected an array id or ARRAY(n)");
    if (!st.expect('(', "after ARRAY")) return false;
    wrapped = true;
  }
  const std::optional<uint32_t> id = st.expect_uint("an array id", st.limits.max_array_id);
  if (!id) return false;
  array_id = *id;
  if (wrapped && !st.expect(')', "after the array id")) return false;
  return st.expect(')', "after the array id");
}

}  // namespace

bool parse_register(ParserState& st, RegisterRef& out) {
  out.where = st.lex.skip_blanks();
  if (!parse_register_file(st, out.file)) return false;
  Index indices[2];
  int count = 0;
  while (count < 2 && st.lex.accept('[')) {
    if (!parse_index(st, indices[count])) return false;
    if (!st.expect(']', "after the register index")) return false;
    if (!parse_optional_array_id(st, indices[count].address.array_id)) return false;
    ++count;
  }
  if (count == 0) return st.fail(st.lex.skip_blanks(), "expected '[' after ", file_name(out.file));
  const Index& reg = indices[count - 1];
  out.index = reg.value;
  out.indirect = reg.indirect;
  out.address = reg.address;
  if (count == 2) {
    out.dimension.present = true;
    out.dimension.index = indices[0].value;
    out.dimension.indirect = indices[0].indirect;
    out.dimension.address = indices[0].address;
  }
  return true;
}

bool parse_component_mask(ParserState& st, std::string_view what, uint8_t& out) {
  const SourcePosition where = st.lex.position();
  const std::string_view mask = st.lex.word();
  uint8_t bits = 0;
  int last = -1;
  for (const char c : mask) {
    const int comp = component_of(c);
    if (comp > kW || comp <= last) {
      return st.fail(where, "bad ", what, " '", excerpt(mask), "' (a subset of xyzw, in order)");
    }
    bits = static_cast<uint8_t>(bits | (1u << comp));
    last = comp;
  }
  if (bits == 0) return st.fail(where, "empty ", what, " after '.'");
  out = bits;
  return true;
}

bool parse_dst(ParserState& st, DstOperand& out) {
  if (!parse_register(st, out.reg)) return false;
  if (!st.lex.accept_here('.')) return true;
  return parse_component_mask(st, "write mask", out.write_mask);
}

bool parse_src(ParserState& st, SrcOperand& out) {
  out.negate = st.lex.accept('-');
  out.absolute = st.lex.accept('|');
  if (!parse_register(st, out.reg)) return false;
  if (st.lex.accept_here('.')) {
    const SourcePosition where = st.lex.position();
    const std::string_view swz = st.lex.word();
    if (swz.size() != 1 && swz.size() != 4) {
      return st.fail(where, "bad swizzle '", excerpt(swz), "' (one or four of x, y, z, w)");
    }
    for (size_t i = 0; i < 4; ++i) {
      const uint8_t comp = component_of(swz[swz.size() == 1 ? 0 : i]);
      if (comp > kW) return st.fail(where, "bad swizzle '", excerpt(swz), "'");
      out.swizzle[i] = comp;
    }
  }
  if (out.absolute && !st.expect('|', "to close the absolute value")) return false;
  return true;
}

bool parse_texture_offset(ParserState& st, TextureOffset& out) {
  RegisterRef reg;
  if (!parse_register(st, reg)) return false;
  if (reg.indirect || reg.dimension.present) {
    return st.fail(reg.where, "a texture offset must be a plain register");
  }
  out.file = reg.file;
  out.index = reg.index;
  if (!st.lex.accept_here('.')) return true;
  const SourcePosition where = st.lex.position();
  const std::string_view swz = st.lex.word();
  if (swz.size() != 3) return st.fail(where, "a texture offset swizzle has three components");
  for (size_t i = 0; i < 3; ++i) {
    const uint8_t comp = component_of(swz[i]);
    if (comp > kW) return st.fail(where, "bad texture offset swizzle '", excerpt(swz), "'");
    out.swizzle[i] = comp;
  }
  return true;
}

}  // namespace vgpu::tgsi
