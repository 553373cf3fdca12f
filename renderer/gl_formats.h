// The virgl format -> GL table of gl_formats.def, as a lookup.
#pragma once

#include <epoxy/gl.h>

#include <array>
#include <cstdint>

namespace vgpu::renderer {

enum GlFormatFlag : uint32_t {
  kRender = 1u << 0,   // usable as a render target (colour, depth or stencil attachment)
  kSample = 1u << 1,   // usable in a sampler view
  kDepth = 1u << 2,    // has a depth aspect
  kStencil = 1u << 3,  // has a stencil aspect
  kInteger = 1u << 4,  // pure integer colour (clears and blits need the integer paths)
  // Gallium keeps the depth in the low 24 bits of each word, which no GL format/type reads:
  // transfers move the words through GL_UNSIGNED_INT (32-bit normalized) and rescale them.
  kDepth24InLowBits = 1u << 5,
  kCompressed = 1u << 6,  // 4x4 blocks of bytes_per_pixel bytes (the column means per block)
};

// The unit transfers and layouts count in: one texel, or one block of a compressed format.
struct TexelBlock {
  uint32_t width = 1, height = 1;
  uint32_t bytes = 0;
};

struct GlFormat {
  uint32_t virgl = 0;  // virgl_formats id
  GLenum internal_format = 0;
  GLenum format = 0;  // client-memory layout that matches the gallium format byte for byte
                      // (but for kDepth24InLowBits)
  GLenum type = 0;
  uint32_t bytes_per_pixel = 0;
  std::array<GLenum, 4> swizzle{};  // GL_RED..GL_ALPHA, GL_ZERO or GL_ONE, per channel
  uint32_t flags = 0;

  [[nodiscard]] bool has(uint32_t f) const { return (flags & f) == f; }
  [[nodiscard]] bool is_depth_or_stencil() const { return (flags & (kDepth | kStencil)) != 0; }
  [[nodiscard]] TexelBlock block() const {
    return has(kCompressed) ? TexelBlock{4, 4, bytes_per_pixel} : TexelBlock{1, 1, bytes_per_pixel};
  }
  [[nodiscard]] bool needs_swizzle() const {
    return swizzle != std::array<GLenum, 4>{GL_RED, GL_GREEN, GL_BLUE, GL_ALPHA};
  }
};

// Whether textures of `a` and `b` may view or copy each other's bytes: equal texel size and,
// for compressed formats, the same compression scheme (GL's view classes: DXT1 RGB, DXT1 RGBA,
// DXT3, DXT5, RGTC1, RGTC2, BPTC unorm, BPTC float; each ETC2/EAC format only itself).
[[nodiscard]] bool bytes_compatible(const GlFormat& a, const GlFormat& b);

// Whether `view` may be a texture view (surface, sampler view, blit side) of a resource of
// `resource`: bytes_compatible colour formats, or the very same depth/stencil format (GL gives
// every depth/stencil format a view class of its own).
[[nodiscard]] bool view_compatible(const GlFormat& view, const GlFormat& resource);

// nullptr for a format the renderer does not support.
[[nodiscard]] const GlFormat* find_gl_format(uint32_t virgl_format);

// Calls fn(const GlFormat&) for every supported format (capset masks are built this way).
template <class Fn>
void for_each_gl_format(Fn&& fn);

namespace detail {
extern const std::array<GlFormat, 0
#define VGPU_GL_FORMAT(NAME, internal, format, type, bytes, swizzle, flags) +1
#include "renderer/gl_formats.def"
#undef VGPU_GL_FORMAT
                        >
    kGlFormats;
}  // namespace detail

template <class Fn>
void for_each_gl_format(Fn&& fn) {
  for (const GlFormat& f : detail::kGlFormats) fn(f);
}

}  // namespace vgpu::renderer
