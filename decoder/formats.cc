#include "decoder/formats.h"

#include <array>

namespace vgpu::virgl {
namespace {

constexpr auto kNames = [] {
  std::array<std::string_view, kFormatLimit> names{};
#define VGPU_FORMAT(id, NAME)                                             \
  static_assert((id) < kFormatLimit, "raise kFormatLimit for " #NAME); \
  names[id] = #NAME;
#include "decoder/formats.def"
#undef VGPU_FORMAT
  return names;
}();

}  // namespace

bool is_known_format(uint32_t id) { return id < kFormatLimit && !kNames[id].empty(); }

std::string_view format_name(uint32_t id) {
  return is_known_format(id) ? kNames[id] : std::string_view{"UNKNOWN"};
}

}  // namespace vgpu::virgl
