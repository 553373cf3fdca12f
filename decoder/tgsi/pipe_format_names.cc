#include "decoder/tgsi/pipe_format_names.h"

#include <array>
#include <utility>

namespace vgpu::tgsi {
namespace {

constexpr std::pair<std::string_view, uint32_t> kFormats[] = {
#define VGPU_FORMAT(id, NAME) {#NAME, id},
#include "decoder/formats.def"
#undef VGPU_FORMAT
};

}  // namespace

std::optional<uint32_t> find_pipe_format(std::string_view text) {
  constexpr std::string_view kPrefix = "PIPE_FORMAT_";
  if (text.substr(0, kPrefix.size()) != kPrefix) return std::nullopt;
  text.remove_prefix(kPrefix.size());
  for (const auto& [name, id] : kFormats) {
    if (name == text) return id;  // NONE (0) too: Mesa prints it for a format-less image
  }
  return std::nullopt;
}

}  // namespace vgpu::tgsi
