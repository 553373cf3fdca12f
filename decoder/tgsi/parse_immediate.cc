#include "decoder/tgsi/parse_immediate.h"

#include <bit>
#include <charconv>

namespace vgpu::tgsi {
namespace {

std::optional<uint64_t> parse_signed_bits(std::string_view w, uint64_t max_positive, uint64_t max_negative) {
  const bool negative = !w.empty() && w[0] == '-';
  if (negative || (!w.empty() && w[0] == '+')) w.remove_prefix(1);
  const std::optional<uint64_t> v = parse_unsigned(w);
  if (!v || *v > (negative ? max_negative : max_positive)) return std::nullopt;
  return negative ? ~*v + 1 : *v;  // two's complement of the magnitude
}

template <class Float>
std::optional<Float> parse_floating(std::string_view w) {
  if (!w.empty() && w[0] == '+') w.remove_prefix(1);
  Float value{};
  const auto [end, ec] = std::from_chars(w.data(), w.data() + w.size(), value);
  if (ec != std::errc{} || end != w.data() + w.size() || w.empty()) return std::nullopt;
  return value;
}

bool is_hex(std::string_view w) { return w.size() > 2 && w[0] == '0' && (w[1] == 'x' || w[1] == 'X'); }

// One value of `type` as its raw bits (64 bits for the 64-bit types).
std::optional<uint64_t> value_bits(ImmediateType type, std::string_view w) {
  switch (type) {
    case ImmediateType::Float32: {
      // virgl's driver prints floats as their bits (0x3f800000); decimal is read too.
      if (is_hex(w)) {
        const std::optional<uint64_t> bits = parse_unsigned(w);
        if (!bits || *bits > 0xFFFFFFFFu) return std::nullopt;
        return bits;
      }
      const std::optional<float> f = parse_floating<float>(w);
      if (!f) return std::nullopt;
      return std::bit_cast<uint32_t>(*f);
    }
    case ImmediateType::Uint32: {
      const std::optional<uint64_t> v = parse_unsigned(w);
      if (!v || *v > 0xFFFFFFFFu) return std::nullopt;
      return v;
    }
    case ImmediateType::Int32: {
      const std::optional<uint64_t> v = parse_signed_bits(w, 0x7FFFFFFFu, 0x80000000u);
      if (!v) return std::nullopt;
      return *v & 0xFFFFFFFFu;
    }
    case ImmediateType::Float64: {
      if (is_hex(w)) return parse_unsigned(w);
      const std::optional<double> d = parse_floating<double>(w);
      if (!d) return std::nullopt;
      return std::bit_cast<uint64_t>(*d);
    }
    case ImmediateType::Uint64:
      return parse_unsigned(w);
    case ImmediateType::Int64:
      return parse_signed_bits(w, 0x7FFFFFFFFFFFFFFFull, 0x8000000000000000ull);
  }
  return std::nullopt;
}

}  // namespace

bool parse_immediate(ParserState& st, SourcePosition where) {
  std::vector<Immediate>& imms = st.shader.immediates;
  if (!st.room_for(imms.size(), st.limits.max_immediates, "immediates", where)) return false;
  if (st.lex.accept_here('[')) {
    const SourcePosition at = st.lex.position();
    const std::optional<uint32_t> n = st.expect_uint("an immediate number", st.limits.max_immediates);
    if (!n) return false;
    if (*n != imms.size()) {
      return st.fail(at, "IMM[", *n, "] out of order: the next immediate is IMM[", imms.size(), "]");
    }
    if (!st.expect(']', "after the immediate number")) return false;
  }
  Immediate imm;
  imm.where = where;
  const SourcePosition type_at = st.lex.skip_blanks();
  const std::string_view tw = st.lex.word();
  const std::optional<ImmediateType> type = find_immediate_type(tw);
  if (!type) return st.fail(type_at, "unknown immediate type '", excerpt(tw), "'");
  imm.type = *type;
  const uint8_t words = immediate_words_per_value(imm.type);
  if (!st.expect('{', "before the immediate values")) return false;
  do {
    const SourcePosition at = st.lex.skip_blanks();
    if (imm.word_count + words > 4) return st.fail(at, "an immediate holds at most ", 4 / words, " values");
    const std::string_view lit = st.lex.literal();
    const std::optional<uint64_t> bits = value_bits(imm.type, lit);
    if (!bits) return st.fail(at, "'", excerpt(lit), "' is not a ", immediate_type_name(imm.type), " value");
    imm.words[imm.word_count++] = static_cast<uint32_t>(*bits);
    if (words == 2) imm.words[imm.word_count++] = static_cast<uint32_t>(*bits >> 32);
  } while (st.lex.accept(','));
  if (!st.expect('}', "after the immediate values")) return false;
  imms.push_back(imm);
  return true;
}

bool parse_property(ParserState& st, SourcePosition where) {
  if (!st.room_for(st.shader.properties.size(), st.limits.max_properties, "properties", where)) {
    return false;
  }
  Property prop;
  prop.where = where;
  const SourcePosition name_at = st.lex.skip_blanks();
  const std::string_view name = st.lex.word();
  const std::optional<PropertyId> id = find_property(name);
  if (!id) return st.fail(name_at, "unknown property '", excerpt(name), "'");
  prop.id = *id;
  const SourcePosition value_at = st.lex.skip_blanks();
  const std::string_view value = st.lex.word();
  std::optional<uint64_t> v = parse_unsigned(value);
  if (!v) {
    switch (property_value_kind(prop.id)) {
      case PropertyValueKind::primitive: v = find_primitive(value); break;
      case PropertyValueKind::coord_origin: v = find_coord_origin(value); break;
      case PropertyValueKind::pixel_center: v = find_pixel_center(value); break;
      case PropertyValueKind::stage:
        if (const std::optional<Stage> s = find_stage(value)) v = static_cast<uint64_t>(*s);
        break;
      case PropertyValueKind::number: break;
    }
  }
  if (!v || *v > 0xFFFFFFFFu) {
    return st.fail(value_at, "'", excerpt(value), "' is not a value of ", property_name(prop.id));
  }
  prop.value = static_cast<uint32_t>(*v);
  st.shader.properties.push_back(prop);
  return true;
}

}  // namespace vgpu::tgsi
