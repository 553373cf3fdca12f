#include "decoder/tgsi/parse_declaration.h"

#include "decoder/tgsi/parse_operand.h"
#include "decoder/tgsi/pipe_format_names.h"

namespace vgpu::tgsi {
namespace {

// One bracket group of a DCL: [], [n] or [first..last].
struct Group {
  bool empty = true;
  bool ranged = false;
  uint32_t first = 0;
  uint32_t last = 0;
};

bool parse_group(ParserState& st, Group& g) {
  if (st.lex.accept(']')) return true;
  g.empty = false;
  const std::optional<uint32_t> first = st.expect_uint("a register index", st.limits.max_register_index);
  if (!first) return false;
  g.first = g.last = *first;
  if (st.lex.accept('.')) {
    if (!st.lex.accept_here('.')) return st.fail(st.lex.position(), "expected '..' in a register range");
    const std::optional<uint32_t> last = st.expect_uint("the last register of the range", st.limits.max_register_index);
    if (!last) return false;
    g.ranged = true;
    g.last = *last;
  }
  return st.expect(']', "after the declared range");
}

bool parse_registers(ParserState& st, Declaration& d) {
  Group groups[3];
  int count = 0;
  while (count < 3 && st.lex.accept('[')) {
    if (!parse_group(st, groups[count])) return false;
    if (groups[count].empty && count > 0) return st.fail(d.where, "'[]' may only come first in a DCL");
    ++count;
  }
  int at = 0;
  if (count > 0 && groups[0].empty) {
    d.per_vertex = true;
    at = 1;
  }
  const int rest = count - at;
  if (rest < 1 || rest > 2) return st.fail(d.where, "a DCL names one register range, optionally after one dimension");
  if (rest == 2) {
    if (groups[at].ranged) return st.fail(d.where, "the dimension of a DCL is one index, not a range");
    d.has_dimension = true;
    d.dimension = groups[at].first;
    ++at;
  }
  d.first = groups[at].first;
  d.last = groups[at].last;
  if (d.last < d.first) {
    return st.fail(d.where, "declared range ", file_name(d.file), "[", d.first, "..", d.last, "] is empty");
  }
  return true;
}

bool parse_usage_mask(ParserState& st, Declaration& d) {
  if (!st.lex.accept_here('.')) return true;
  return parse_component_mask(st, "usage mask", d.usage_mask);
}

bool parse_parenthesised_uint(ParserState& st, std::string_view what, uint32_t max, uint32_t& out) {
  if (!st.expect('(', what)) return false;
  const std::optional<uint32_t> v = st.expect_uint(what, max);
  if (!v) return false;
  out = *v;
  return st.expect(')', what);
}

bool parse_streams(ParserState& st, Declaration& d) {
  if (!st.expect('(', "after STREAM")) return false;
  for (size_t i = 0; i < 4; ++i) {
    if (i > 0 && !st.expect(',', "between stream numbers")) return false;
    const std::optional<uint32_t> s = st.expect_uint("a stream number", 3);
    if (!s) return false;
    d.streams[i] = static_cast<uint8_t>(*s);
  }
  return st.expect(')', "after the stream numbers");
}

bool has_semantics(RegisterFile f) {
  return f == RegisterFile::Input || f == RegisterFile::Output || f == RegisterFile::SystemValue;
}

// Applies one ", QUALIFIER" (the word is read); return_types counts SVIEW return types seen.
bool parse_qualifier(ParserState& st, Declaration& d, std::string_view w, SourcePosition where,
                     uint32_t& return_types) {
  const RegisterFile f = d.file;
  if (w == "ARRAY") {
    if (!parse_parenthesised_uint(st, "around the array id", st.limits.max_array_id, d.array_id)) return false;
    if (d.array_id == 0) return st.fail(where, "array ids start at 1");
    return true;
  }
  if (w == "LOCAL") return d.local = true;
  if (w == "INVARIANT") return d.invariant = true;
  if (w == "STREAM" && f == RegisterFile::Output) return parse_streams(st, d);
  if (f == RegisterFile::Image && w == "WR") return d.image_writable = true;
  if (f == RegisterFile::Image && w == "RAW") return d.image_raw = true;
  if (f == RegisterFile::Buffer && w == "ATOMIC") return d.buffer_atomic = true;
  if (f == RegisterFile::Memory) {
    if (const std::optional<MemoryType> m = find_memory_type(w)) {
      d.memory_type = *m;
      return true;
    }
  }
  if ((f == RegisterFile::SamplerView || f == RegisterFile::Image) && d.texture == TextureTarget::Unknown) {
    if (const std::optional<TextureTarget> t = find_texture(w)) {
      d.texture = *t;
      return true;
    }
  }
  if (f == RegisterFile::SamplerView) {
    if (const std::optional<ReturnType> r = find_return_type(w)) {
      if (return_types == 4) return st.fail(where, "more than four return types");
      d.return_types[return_types++] = *r;
      return true;
    }
  }
  if (f == RegisterFile::Image && d.image_format == 0) {
    if (const std::optional<uint32_t> fmt = find_pipe_format(w)) {
      d.image_format = *fmt;
      return true;
    }
  }
  if (has_semantics(f) && !d.has_semantic) {
    if (const std::optional<Semantic> s = find_semantic(w)) {
      d.has_semantic = true;
      d.semantic = *s;
      if (st.lex.accept('[')) {
        const std::optional<uint32_t> idx = st.expect_uint("a semantic index", st.limits.max_register_index);
        if (!idx) return false;
        d.semantic_index = *idx;
        return st.expect(']', "after the semantic index");
      }
      return true;
    }
  }
  if (f == RegisterFile::Input || f == RegisterFile::Output) {
    if (const std::optional<Interpolation> i = find_interpolation(w); i && !d.has_interpolation) {
      d.has_interpolation = true;
      d.interpolation = *i;
      return true;
    }
    if (const std::optional<InterpolationLocation> l = find_location(w)) {
      d.location = *l;
      return true;
    }
  }
  return st.fail(where, "'", excerpt(w), "' is not a qualifier of a ", file_name(f), " declaration");
}

void note_range(ParserState& st, const Declaration& d) {
  DeclaredRange& r = st.shader.declared[static_cast<uint8_t>(d.file)];
  if (!r.any || d.first < r.lowest) r.lowest = d.first;
  if (!r.any || d.last > r.highest) r.highest = d.last;
  r.any = true;
}

}  // namespace

bool parse_declaration(ParserState& st, SourcePosition where) {
  if (!st.room_for(st.shader.declarations.size(), st.limits.max_declarations, "declarations", where)) {
    return false;
  }
  Declaration d;
  d.where = where;
  const SourcePosition file_at = st.lex.skip_blanks();
  const std::string_view fw = st.lex.word();
  const std::optional<RegisterFile> f = find_file(fw);
  if (!f || !file_is_declarable(*f)) {
    return st.fail(file_at, "'", excerpt(fw), "' is not a register file a DCL can declare");
  }
  d.file = *f;
  if (!parse_registers(st, d) || !parse_usage_mask(st, d)) return false;

  uint32_t return_types = 0;
  while (st.lex.accept(',')) {
    const SourcePosition at = st.lex.skip_blanks();
    const std::string_view w = st.lex.word();
    if (w.empty()) return st.fail(at, "expected a qualifier after ','");
    if (!parse_qualifier(st, d, w, at, return_types)) return false;
  }
  if (return_types == 1) d.return_types.fill(d.return_types[0]);
  if (return_types != 0 && return_types != 1 && return_types != 4) {
    return st.fail(where, "a sampler view has one return type or four");
  }
  uint64_t& total = st.registers_declared[static_cast<uint8_t>(d.file)];
  total += uint64_t{d.last} - d.first + 1;
  if (total > st.limits.max_registers_per_file) {
    return st.fail(where, "more than ", st.limits.max_registers_per_file, " ", file_name(d.file),
                   " registers declared");
  }
  note_range(st, d);
  st.shader.declarations.push_back(d);
  return true;
}

}  // namespace vgpu::tgsi
