#include "decoder/length_rule.h"

#include "decoder/decode_error.h"

namespace vgpu::virgl {

std::string LengthRule::describe() const {
  std::string s;
  describe_to(s);
  return s;
}

void LengthRule::describe_to(std::string& out) const {
  switch (kind) {
    case Kind::Exact:
      out += "exactly ";
      append_number(out, a);
      return;
    case Kind::AtLeast:
      out += "at least ";
      append_number(out, a);
      return;
    case Kind::OneOf:
      append_number(out, a);
      if (c) {
        out += ", ";
        append_number(out, b);
        out += " or ";
        append_number(out, c);
      } else {
        out += " or ";
        append_number(out, b);
      }
      return;
    case Kind::Array:
      if (base) {
        append_number(out, base);
        out += " + ";
      }
      if (stride != 1) {
        append_number(out, stride);
        out += '*';
      }
      out += 'n';
      if (min_count) {
        out += " (";
        append_number(out, min_count);
        out += " <= n <= ";
      } else {
        out += " (n <= ";
      }
      append_number(out, max_count);
      out += ')';
      return;
    case Kind::Any: out += "any"; return;
    case Kind::ByObjectType: out += "by object type"; return;
  }
  out += '?';
}

}  // namespace vgpu::virgl
