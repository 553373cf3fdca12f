// Image formats in TGSI text are Mesa's pipe_format names (PIPE_FORMAT_R32G32B32A32_FLOAT);
// virglrenderer reads them into its own (virgl) format numbers, so the IR stores those: the
// ids of decoder/formats.def, the same numbers the rest of the decoder uses.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

namespace vgpu::tgsi {

// "PIPE_FORMAT_<NAME>" -> virgl format id; nullopt for an unknown name.
[[nodiscard]] std::optional<uint32_t> find_pipe_format(std::string_view text);

}  // namespace vgpu::tgsi
