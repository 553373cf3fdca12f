#include "renderer/gl_formats.h"

#include <string_view>

#include "decoder/formats.h"

namespace vgpu::renderer {
namespace {

constexpr GLenum swizzle_channel(char c) {
  switch (c) {
    case 'R': return GL_RED;
    case 'G': return GL_GREEN;
    case 'B': return GL_BLUE;
    case 'A': return GL_ALPHA;
    case '0': return GL_ZERO;
    default: return GL_ONE;
  }
}

constexpr std::array<GLenum, 4> parse_swizzle(std::string_view s) {
  return {swizzle_channel(s[0]), swizzle_channel(s[1]), swizzle_channel(s[2]),
          swizzle_channel(s[3])};
}

// The flag letters of the table, as constants the rows can OR together.
constexpr uint32_t R = kRender, S = kSample, D = kDepth, T = kStencil, I = kInteger,
                   Z = kDepth24InLowBits, C = kCompressed;

}  // namespace

namespace detail {
const std::array<GlFormat, kGlFormats.size()> kGlFormats = {{
#define VGPU_GL_FORMAT(NAME, internal, fmt, type, bytes, swz, fl)                         \
  GlFormat{static_cast<uint32_t>(virgl::PipeFormat::NAME), internal, fmt, type, bytes, \
           parse_swizzle(#swz), fl},
#include "renderer/gl_formats.def"
#undef VGPU_GL_FORMAT
}};
}  // namespace detail

namespace {
// Direct lookup by id; built once from the table.
struct FormatIndex {
  std::array<const GlFormat*, virgl::kFormatLimit> by_id{};
  FormatIndex() {
    for (const GlFormat& f : detail::kGlFormats) by_id[f.virgl] = &f;
  }
};
}  // namespace

namespace {
// GL's view class of a compressed format (0: not compressed).  Formats outside GL's table of
// view classes (ETC2/EAC) are each a class of their own: they view only themselves.
int compressed_class(const GlFormat& f) {
  if (!f.has(kCompressed)) return 0;
  switch (f.internal_format) {
    case GL_COMPRESSED_RGB_S3TC_DXT1_EXT:
    case GL_COMPRESSED_SRGB_S3TC_DXT1_EXT: return 1;
    case GL_COMPRESSED_RGBA_S3TC_DXT1_EXT:
    case GL_COMPRESSED_SRGB_ALPHA_S3TC_DXT1_EXT: return 2;
    case GL_COMPRESSED_RGBA_S3TC_DXT3_EXT:
    case GL_COMPRESSED_SRGB_ALPHA_S3TC_DXT3_EXT: return 3;
    case GL_COMPRESSED_RGBA_S3TC_DXT5_EXT:
    case GL_COMPRESSED_SRGB_ALPHA_S3TC_DXT5_EXT: return 4;
    case GL_COMPRESSED_RED_RGTC1:
    case GL_COMPRESSED_SIGNED_RED_RGTC1: return 5;
    case GL_COMPRESSED_RG_RGTC2:
    case GL_COMPRESSED_SIGNED_RG_RGTC2: return 6;
    case GL_COMPRESSED_RGBA_BPTC_UNORM:
    case GL_COMPRESSED_SRGB_ALPHA_BPTC_UNORM: return 7;
    case GL_COMPRESSED_RGB_BPTC_SIGNED_FLOAT:
    case GL_COMPRESSED_RGB_BPTC_UNSIGNED_FLOAT: return 8;
    default: return 16 + static_cast<int>(f.internal_format);
  }
}
}  // namespace

bool bytes_compatible(const GlFormat& a, const GlFormat& b) {
  return a.bytes_per_pixel == b.bytes_per_pixel &&
         compressed_class(a) == compressed_class(b);
}

bool view_compatible(const GlFormat& view, const GlFormat& resource) {
  if (view.is_depth_or_stencil() || resource.is_depth_or_stencil()) {
    return view.internal_format == resource.internal_format;
  }
  return bytes_compatible(view, resource);
}

const GlFormat* find_gl_format(uint32_t virgl_format) {
  static const FormatIndex index;
  return virgl_format < index.by_id.size() ? index.by_id[virgl_format] : nullptr;
}

}  // namespace vgpu::renderer
