// The vertex fetch table of vertex_formats.def, as a lookup.
#pragma once

#include <epoxy/gl.h>

#include <cstdint>

namespace vgpu::renderer {

struct VertexFormat {
  enum class Fetch : uint8_t { Float, SignedInt, UnsignedInt };
  uint32_t virgl = 0;
  GLint components = 0;  // 1-4, or GL_BGRA
  GLenum type = 0;
  GLboolean normalized = GL_FALSE;
  Fetch fetch = Fetch::Float;
};

// nullptr when the format cannot be fetched.
[[nodiscard]] const VertexFormat* find_vertex_format(uint32_t virgl_format);

}  // namespace vgpu::renderer
