#include "renderer/vertex_formats.h"

#include <array>

#include "decoder/formats.h"

namespace vgpu::renderer {
namespace {

constexpr auto F = VertexFormat::Fetch::Float;
constexpr auto I = VertexFormat::Fetch::SignedInt;
constexpr auto U = VertexFormat::Fetch::UnsignedInt;

constexpr VertexFormat kVertexFormats[] = {
#define VGPU_VERTEX_FORMAT(NAME, components, type, normalized, fetch) \
  {static_cast<uint32_t>(virgl::PipeFormat::NAME), components, type, normalized, fetch},
#include "renderer/vertex_formats.def"
#undef VGPU_VERTEX_FORMAT
};

}  // namespace

const VertexFormat* find_vertex_format(uint32_t virgl_format) {
  for (const VertexFormat& f : kVertexFormats) {
    if (f.virgl == virgl_format) return &f;
  }
  return nullptr;
}

}  // namespace vgpu::renderer
