#include "renderer/gl_transfer.h"

#include <epoxy/gl.h>

#include <cstring>
#include <vector>

namespace vgpu::renderer {
namespace {

// GL addresses a 1D array's layers as rows; every other target takes the gallium box as is.
trace::Box gl_box(const Resource& res, const trace::Box& b) {
  if (res.gl_target == GL_TEXTURE_1D_ARRAY) return {b.x, b.z, 0, b.width, b.depth, 1};
  return b;
}

void set_pack_state() {
  glPixelStorei(GL_PACK_ALIGNMENT, 1);
  glPixelStorei(GL_UNPACK_ALIGNMENT, 1);
  glPixelStorei(GL_PACK_ROW_LENGTH, 0);
  glPixelStorei(GL_UNPACK_ROW_LENGTH, 0);
  glPixelStorei(GL_PACK_IMAGE_HEIGHT, 0);
  glPixelStorei(GL_UNPACK_IMAGE_HEIGHT, 0);
  glBindBuffer(GL_PIXEL_PACK_BUFFER, 0);
  glBindBuffer(GL_PIXEL_UNPACK_BUFFER, 0);
}

// Whether the box's rows lie back to back in the guest's memory, as GL packs them: the transfer
// can then read or write that memory directly instead of through a packed copy.
bool packed_in_guest_memory(const TransferLayout& layout, uint32_t depth) {
  return layout.stride == layout.row_bytes &&
         (depth <= 1 || layout.layer_stride == layout.row_bytes * layout.rows);
}

std::string refuse_multisample(const Resource& res) {
  return "resource " + std::to_string(res.args.res_id) +
         " is multisampled: its samples cannot be transferred";
}

}  // namespace

// kDepth24InLowBits: a 24-bit depth d becomes the 32-bit normalized value closest to the same
// depth, d * (2^32 - 1) / (2^24 - 1) = d << 8 | d >> 16; reading back keeps the top 24 bits.
// The guest's X8 bits are not stored (nor by virglrenderer) and read back as zero.
void guest_to_gl_pixels(const GlFormat& f, std::span<uint8_t> words) {
  if (!f.has(kDepth24InLowBits)) return;
  for (size_t i = 0; i + 4 <= words.size(); i += 4) {
    uint32_t w;
    std::memcpy(&w, words.data() + i, 4);
    const uint32_t d = w & 0xffffffu;
    w = d << 8 | d >> 16;
    std::memcpy(words.data() + i, &w, 4);
  }
}

void gl_to_guest_pixels(const GlFormat& f, std::span<uint8_t> words) {
  if (!f.has(kDepth24InLowBits)) return;
  for (size_t i = 0; i + 4 <= words.size(); i += 4) {
    uint32_t w;
    std::memcpy(&w, words.data() + i, 4);
    w >>= 8;
    std::memcpy(words.data() + i, &w, 4);
  }
}

void compressed_sub_image(const Resource& res, uint32_t level, const trace::Box& b,
                          std::span<const uint8_t> blocks) {
  const auto lv = static_cast<GLint>(level);
  const auto size = static_cast<GLsizei>(blocks.size());
  const GLenum internal_format = res.format->internal_format;
  if (res.gl_target == GL_TEXTURE_2D) {
    glCompressedTextureSubImage2D(res.gl_name, lv, static_cast<GLint>(b.x), static_cast<GLint>(b.y),
                                  static_cast<GLsizei>(b.width), static_cast<GLsizei>(b.height),
                                  internal_format, size, blocks.data());
    return;
  }
  // Arrays, cubes and cube arrays: layers and faces are the third coordinate.
  glCompressedTextureSubImage3D(res.gl_name, lv, static_cast<GLint>(b.x), static_cast<GLint>(b.y),
                                static_cast<GLint>(b.z), static_cast<GLsizei>(b.width),
                                static_cast<GLsizei>(b.height), static_cast<GLsizei>(b.depth),
                                internal_format, size, blocks.data());
}

std::string upload_box(Resource& res, uint32_t level, const trace::Box& box,
                       const TransferLayout& layout, std::span<const uint8_t> src) {
  if (layout.size == 0) return {};
  if (res.is_buffer()) {
    glNamedBufferSubData(res.gl_name, box.x, static_cast<GLsizeiptr>(box.width), src.data());
    return {};
  }
  if (res.samples != 0) return refuse_multisample(res);
  // Rows (of texels, or of blocks) are gathered into one packed image: one code path whatever
  // the guest's strides.
  const size_t rows = size_t{layout.rows} * box.depth;
  const GlFormat& f = *res.format;
  std::vector<uint8_t> copy;
  std::span<const uint8_t> packed = src.first(rows * layout.row_bytes);
  if (!packed_in_guest_memory(layout, box.depth) || f.has(kDepth24InLowBits)) {
    copy.resize(rows * layout.row_bytes);
    for (uint32_t z = 0; z < box.depth; ++z) {
      for (uint32_t y = 0; y < layout.rows; ++y) {
        const uint64_t from = z * layout.layer_stride + y * layout.stride;
        std::memcpy(copy.data() + (size_t{z} * layout.rows + y) * layout.row_bytes,
                    src.data() + from, layout.row_bytes);
      }
    }
    guest_to_gl_pixels(f, copy);
    packed = copy;
  }
  set_pack_state();
  const trace::Box b = gl_box(res, box);
  const auto lv = static_cast<GLint>(level);
  if (f.has(kCompressed)) {
    compressed_sub_image(res, level, b, packed);
    return {};
  }
  switch (res.gl_target) {
    case GL_TEXTURE_1D:
      glTextureSubImage1D(res.gl_name, lv, static_cast<GLint>(b.x),
                          static_cast<GLsizei>(b.width), f.format, f.type, packed.data());
      break;
    case GL_TEXTURE_2D:
    case GL_TEXTURE_RECTANGLE:
    case GL_TEXTURE_1D_ARRAY:
      glTextureSubImage2D(res.gl_name, lv, static_cast<GLint>(b.x), static_cast<GLint>(b.y),
                          static_cast<GLsizei>(b.width), static_cast<GLsizei>(b.height),
                          f.format, f.type, packed.data());
      break;
    default:
      glTextureSubImage3D(res.gl_name, lv, static_cast<GLint>(b.x), static_cast<GLint>(b.y),
                          static_cast<GLint>(b.z), static_cast<GLsizei>(b.width),
                          static_cast<GLsizei>(b.height), static_cast<GLsizei>(b.depth),
                          f.format, f.type, packed.data());
      break;
  }
  return {};
}

std::string download_box(Resource& res, uint32_t level, const trace::Box& box,
                         const TransferLayout& layout, std::span<uint8_t> dst) {
  if (layout.size == 0) return {};
  if (res.is_buffer()) {
    glGetNamedBufferSubData(res.gl_name, box.x, static_cast<GLsizeiptr>(box.width), dst.data());
    return {};
  }
  if (res.samples != 0) return refuse_multisample(res);
  const size_t rows = size_t{layout.rows} * box.depth;
  const GlFormat& f = *res.format;
  // Straight into the guest's memory when its rows are packed; through a copy otherwise (the
  // bytes between the guest's rows must stay as they are).
  const bool direct = packed_in_guest_memory(layout, box.depth);
  std::vector<uint8_t> copy(direct ? 0 : rows * layout.row_bytes);
  const std::span<uint8_t> packed = direct ? dst.first(rows * layout.row_bytes) : std::span(copy);
  set_pack_state();
  const trace::Box b = gl_box(res, box);
  if (f.has(kCompressed)) {
    glGetCompressedTextureSubImage(res.gl_name, static_cast<GLint>(level),
                                   static_cast<GLint>(b.x), static_cast<GLint>(b.y),
                                   static_cast<GLint>(b.z), static_cast<GLsizei>(b.width),
                                   static_cast<GLsizei>(b.height), static_cast<GLsizei>(b.depth),
                                   static_cast<GLsizei>(packed.size()), packed.data());
  } else {
    glGetTextureSubImage(res.gl_name, static_cast<GLint>(level), static_cast<GLint>(b.x),
                         static_cast<GLint>(b.y), static_cast<GLint>(b.z),
                         static_cast<GLsizei>(b.width), static_cast<GLsizei>(b.height),
                         static_cast<GLsizei>(b.depth), f.format, f.type,
                         static_cast<GLsizei>(packed.size()), packed.data());
  }
  gl_to_guest_pixels(f, packed);
  if (direct) return {};
  for (uint32_t z = 0; z < box.depth; ++z) {
    for (uint32_t y = 0; y < layout.rows; ++y) {
      const uint64_t to = z * layout.layer_stride + y * layout.stride;
      std::memcpy(dst.data() + to,
                  packed.data() + (size_t{z} * layout.rows + y) * layout.row_bytes,
                  layout.row_bytes);
    }
  }
  return {};
}

}  // namespace vgpu::renderer
