#include "renderer/texture_buffer.h"

#include <algorithm>
#include <array>

#include "renderer/caps.h"
#include "renderer/transfer_layout.h"

namespace vgpu::renderer {
namespace {

// GL 4.5 core, table 8.16: the internal formats a buffer texture may have.
constexpr std::array<GLenum, 34> kBufferTextureFormats = {
    GL_R8,      GL_R16,     GL_R16F,     GL_R32F,     GL_R8I,      GL_R16I,     GL_R32I,
    GL_R8UI,    GL_R16UI,   GL_R32UI,    GL_RG8,      GL_RG16,     GL_RG16F,    GL_RG32F,
    GL_RG8I,    GL_RG16I,   GL_RG32I,    GL_RG8UI,    GL_RG16UI,   GL_RG32UI,   GL_RGB32F,
    GL_RGB32I,  GL_RGB32UI, GL_RGBA8,    GL_RGBA16,   GL_RGBA16F,  GL_RGBA32F,  GL_RGBA8I,
    GL_RGBA16I, GL_RGBA32I, GL_RGBA8UI,  GL_RGBA16UI, GL_RGBA32UI, GL_RGBA8_SNORM};

// The buffer's bytes are read as they are: the format must be a buffer texture format whose
// client layout is its own channel order (no BGRA upload conversion, no emulating swizzle).
bool reads_bytes_as_stored(const GlFormat& f) {
  return std::find(kBufferTextureFormats.begin(), kBufferTextureFormats.end(),
                   f.internal_format) != kBufferTextureFormats.end() &&
         f.format != GL_BGRA && f.format != GL_BGRA_INTEGER && !f.needs_swizzle();
}

GLint offset_alignment() {
  GLint a = 16;
  glGetIntegerv(GL_TEXTURE_BUFFER_OFFSET_ALIGNMENT, &a);
  return a > 0 ? a : 16;
}

}  // namespace

std::string check_buffer_view(const Resource& buffer, const GlFormat& format,
                              uint32_t first_element, uint32_t last_element) {
  if (!reads_bytes_as_stored(format)) {
    return "format " + std::to_string(format.virgl) + " cannot be a texture buffer format";
  }
  const uint64_t texel = format.bytes_per_pixel;
  const uint64_t offset = texel * first_element;
  const uint64_t count = uint64_t{last_element} - first_element + 1;
  if (first_element > last_element || count > kMaxTextureBufferTexels ||
      !range_inside(offset, count * texel, buffer.args.width)) {
    return "elements " + std::to_string(first_element) + ".." + std::to_string(last_element) +
           " are outside buffer " + std::to_string(buffer.args.res_id) + " or over " +
           std::to_string(kMaxTextureBufferTexels) + " texels";
  }
  if (offset % static_cast<uint64_t>(offset_alignment()) != 0) {
    return "texture buffer offset " + std::to_string(offset) + " is not aligned to " +
           std::to_string(offset_alignment());
  }
  return {};
}

GLuint make_buffer_texture(const Resource& buffer, const GlFormat& format, uint32_t first_element,
                           uint32_t last_element) {
  GLuint texture = 0;
  glCreateTextures(GL_TEXTURE_BUFFER, 1, &texture);
  const GLsizeiptr texel = format.bytes_per_pixel;
  glTextureBufferRange(texture, format.internal_format, buffer.gl_name, texel * first_element,
                       texel * (GLsizeiptr{last_element} - first_element + 1));
  return texture;
}

}  // namespace vgpu::renderer
