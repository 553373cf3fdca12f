// Pass 1: declarations on their own and against each other.
#include <algorithm>
#include <tuple>
#include <vector>

#include "decoder/decode_error.h"
#include "decoder/tgsi/register_map.h"
#include "decoder/tgsi/validate_passes.h"

namespace vgpu::tgsi {
namespace {

TgsiError error_at(SourcePosition where) { return TgsiError{where, {}}; }

void append_range(std::string& out, const Declaration& d) {
  virgl::append_message(out, file_name(d.file), "[");
  if (d.has_dimension) virgl::append_message(out, d.dimension, "][");
  virgl::append_message(out, d.first);
  if (d.last != d.first) virgl::append_message(out, "..", d.last);
  out += "]";
}

}  // namespace

std::optional<TgsiError> validate_declarations(const Shader& shader) {
  // Array ids name one declaration per file (indirect operands find their bounds by id):
  // sorted by (file, id), a repeated id is a neighbour.
  struct ArrayUse {
    uint8_t file;
    uint32_t id;
    const Declaration* decl;
  };
  std::vector<ArrayUse> arrays;
  for (const Declaration& d : shader.declarations) {
    const bool needs_target = d.file == RegisterFile::SamplerView || d.file == RegisterFile::Image;
    if (needs_target && d.texture == TextureTarget::Unknown) {
      TgsiError e = error_at(d.where);
      virgl::append_message(e.message, file_name(d.file), " declaration without a texture target");
      return e;
    }
    // A compute shader has no stage before or after it: its inputs are system values.
    if (shader.stage == Stage::Compute &&
        (d.file == RegisterFile::Input || d.file == RegisterFile::Output)) {
      TgsiError e = error_at(d.where);
      virgl::append_message(e.message, file_name(d.file),
                            " declaration in a compute shader (it has no inputs or outputs)");
      return e;
    }
    if (d.array_id != 0) arrays.push_back({static_cast<uint8_t>(d.file), d.array_id, &d});
  }
  std::sort(arrays.begin(), arrays.end(), [](const ArrayUse& a, const ArrayUse& b) {
    return std::tie(a.file, a.id, a.decl) < std::tie(b.file, b.id, b.decl);
  });
  for (size_t i = 1; i < arrays.size(); ++i) {
    if (arrays[i].file != arrays[i - 1].file || arrays[i].id != arrays[i - 1].id) continue;
    const Declaration& d = *arrays[i].decl;
    TgsiError e = error_at(d.where);
    virgl::append_message(e.message, "ARRAY(", d.array_id, ") of ", file_name(d.file),
                          " is declared twice (first at line ", arrays[i - 1].decl->where.line, ")");
    return e;
  }
  const RegisterMap map(shader);
  const auto [earlier, later] = map.first_overlap();
  if (later != nullptr) {
    TgsiError e = error_at(later->where);
    append_range(e.message, *later);
    e.message += " overlaps ";
    append_range(e.message, *earlier);
    virgl::append_message(e.message, " declared at line ", earlier->where.line);
    return e;
  }
  return std::nullopt;
}

}  // namespace vgpu::tgsi
