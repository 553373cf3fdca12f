// Lookup in image_formats.def: the image formats GLSL can name, shared by the translator (the
// declaration's layout qualifier) and the renderer (which views glBindImageTexture may take).
#pragma once

#include <cstdint>
#include <string_view>

#include "decoder/formats.h"

namespace vgpu::shader {

struct ImageFormat {
  uint32_t pipe_format = 0;
  std::string_view glsl;  // layout qualifier: "rgba8", "r32ui"...
  char element = 'F';     // F float (also unorm/snorm), I int, U uint: the image type's prefix
};

inline constexpr ImageFormat kImageFormats[] = {
#define VGPU_IMAGE_FORMAT(NAME, glsl, type) \
  {static_cast<uint32_t>(virgl::PipeFormat::NAME), glsl, #type[0]},
#include "renderer/shader/image_formats.def"
#undef VGPU_IMAGE_FORMAT
};

// nullptr for a format no image may have.
[[nodiscard]] constexpr const ImageFormat* find_image_format(uint32_t pipe_format) {
  for (const ImageFormat& f : kImageFormats) {
    if (f.pipe_format == pipe_format) return &f;
  }
  return nullptr;
}

}  // namespace vgpu::shader
