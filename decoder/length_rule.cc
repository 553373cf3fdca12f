#include "decoder/length_rule.h"

namespace vgpu::virgl {

std::string LengthRule::describe() const {
  using std::to_string;
  switch (kind) {
    case Kind::Exact: return "exactly " + to_string(a);
    case Kind::AtLeast: return "at least " + to_string(a);
    case Kind::OneOf:
      return c ? to_string(a) + ", " + to_string(b) + " or " + to_string(c)
               : to_string(a) + " or " + to_string(b);
    case Kind::Array: {
      std::string s = base ? to_string(base) + " + " : "";
      s += (stride == 1 ? "n" : to_string(stride) + "*n");
      s += min_count ? " (" + to_string(min_count) + " <= n <= " : " (n <= ";
      return s + to_string(max_count) + ")";
    }
    case Kind::Any: return "any";
    case Kind::ByObjectType: return "by object type";
  }
  return "?";
}

}  // namespace vgpu::virgl
