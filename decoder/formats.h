// virgl pipe formats, derived from formats.def.
#pragma once

#include <cstdint>
#include <string_view>

namespace vgpu::virgl {

enum class PipeFormat : uint32_t {
#define VGPU_FORMAT(id, NAME) NAME = id,
#include "decoder/formats.def"
#undef VGPU_FORMAT
};
inline constexpr uint32_t kFormatLimit = 320;  // every assigned id is below this

[[nodiscard]] bool is_known_format(uint32_t id);
[[nodiscard]] std::string_view format_name(uint32_t id);  // "UNKNOWN" when not assigned

}  // namespace vgpu::virgl
