// The GL objects behind resources: immutable storage, zero-filled at creation.
#include <epoxy/gl.h>

#include <algorithm>
#include <string>
#include <vector>

#include "renderer/gl_transfer.h"
#include "renderer/resource_table.h"
#include "renderer/transfer_layout.h"

namespace vgpu::renderer {
namespace {

GLenum texture_target(const trace::ResourceCreate& a) {
  const bool ms = a.nr_samples > 1;
  switch (a.target) {
    case 1: return GL_TEXTURE_1D;
    case 2: return ms ? GL_TEXTURE_2D_MULTISAMPLE : GL_TEXTURE_2D;
    case 3: return GL_TEXTURE_3D;
    case 4: return GL_TEXTURE_CUBE_MAP;
    case 5: return GL_TEXTURE_RECTANGLE;
    case 6: return GL_TEXTURE_1D_ARRAY;
    case 7: return ms ? GL_TEXTURE_2D_MULTISAMPLE_ARRAY : GL_TEXTURE_2D_ARRAY;
    default: return GL_TEXTURE_CUBE_MAP_ARRAY;
  }
}

}  // namespace

std::string host_refusal(const trace::ResourceCreate& a, const GlFormat& f) {
  if (a.nr_samples <= 1) return {};
  // GL_SAMPLES lists the supported counts, highest first; more is INVALID_OPERATION.
  GLint most = 0;
  glGetInternalformativ(texture_target(a), f.internal_format, GL_SAMPLES, 1, &most);
  if (a.nr_samples <= static_cast<uint32_t>(std::max(most, 0))) return {};
  return "nr_samples " + std::to_string(a.nr_samples) + " is more than the host stores for format " +
         std::to_string(a.format) + " (" + std::to_string(most) + ")";
}

namespace {

// Writes all-zero blocks over a level of a compressed texture (every layer and face).
void zero_compressed_level(const Resource& res, uint32_t level) {
  const Extent e = level_extent(res.args, level);
  const TexelBlock unit = res.format->block();
  const size_t bytes = size_t{(e.width + unit.width - 1) / unit.width} *
                       ((e.height + unit.height - 1) / unit.height) * e.depth * unit.bytes;
  const std::vector<uint8_t> zeros(bytes, 0);
  compressed_sub_image(res, level, {0, 0, 0, e.width, e.height, e.depth}, zeros);
}

bool allocate_texture(Resource& res) {
  const auto& a = res.args;
  const GlFormat& f = *res.format;
  res.gl_target = texture_target(a);
  glCreateTextures(res.gl_target, 1, &res.gl_name);
  const auto levels = static_cast<GLsizei>(a.last_level + 1);
  const auto w = static_cast<GLsizei>(a.width), h = static_cast<GLsizei>(a.height);
  const auto layers = static_cast<GLsizei>(std::max(1u, a.array_size));
  switch (res.gl_target) {
    case GL_TEXTURE_1D: glTextureStorage1D(res.gl_name, levels, f.internal_format, w); break;
    case GL_TEXTURE_1D_ARRAY:
      glTextureStorage2D(res.gl_name, levels, f.internal_format, w, layers);
      break;
    case GL_TEXTURE_2D:
    case GL_TEXTURE_RECTANGLE:
    case GL_TEXTURE_CUBE_MAP:
      glTextureStorage2D(res.gl_name, levels, f.internal_format, w, h);
      break;
    case GL_TEXTURE_3D:
      glTextureStorage3D(res.gl_name, levels, f.internal_format, w, h,
                         static_cast<GLsizei>(a.depth));
      break;
    case GL_TEXTURE_2D_MULTISAMPLE:
      res.samples = a.nr_samples;
      glTextureStorage2DMultisample(res.gl_name, static_cast<GLsizei>(a.nr_samples),
                                    f.internal_format, w, h, GL_TRUE);
      break;
    case GL_TEXTURE_2D_MULTISAMPLE_ARRAY:
      res.samples = a.nr_samples;
      glTextureStorage3DMultisample(res.gl_name, static_cast<GLsizei>(a.nr_samples),
                                    f.internal_format, w, h, layers, GL_TRUE);
      break;
    default:  // 2D arrays and cube map arrays
      glTextureStorage3D(res.gl_name, levels, f.internal_format, w, h, layers);
      break;
  }
  if (glGetError() != GL_NO_ERROR) return false;
  // Uninitialised texture memory is whatever the host had there: never show it to a guest.
  for (GLint level = 0; level < levels; ++level) {
    if (f.has(kCompressed)) {
      zero_compressed_level(res, static_cast<uint32_t>(level));  // no glClearTexImage for them
    } else {
      glClearTexImage(res.gl_name, level, f.format, f.type, nullptr);
    }
  }
  if (f.needs_swizzle() && res.samples == 0) {
    const std::array<GLint, 4> swizzle = {static_cast<GLint>(f.swizzle[0]),
                                          static_cast<GLint>(f.swizzle[1]),
                                          static_cast<GLint>(f.swizzle[2]),
                                          static_cast<GLint>(f.swizzle[3])};
    glTextureParameteriv(res.gl_name, GL_TEXTURE_SWIZZLE_RGBA, swizzle.data());
  }
  if (res.samples == 0) {
    glTextureParameteri(res.gl_name, GL_TEXTURE_MAX_LEVEL, static_cast<GLint>(a.last_level));
  }
  return glGetError() == GL_NO_ERROR;
}

bool allocate_buffer(Resource& res) {
  res.gl_target = GL_BUFFER;
  glCreateBuffers(1, &res.gl_name);
  glNamedBufferStorage(res.gl_name, static_cast<GLsizeiptr>(res.bytes), nullptr,
                       GL_DYNAMIC_STORAGE_BIT);
  if (glGetError() != GL_NO_ERROR) return false;
  const uint8_t zero = 0;
  glClearNamedBufferData(res.gl_name, GL_R8UI, GL_RED_INTEGER, GL_UNSIGNED_BYTE, &zero);
  return glGetError() == GL_NO_ERROR;
}

}  // namespace

bool allocate_storage(Resource& res) {
  // Clear stale errors (bounded: a lost context may keep reporting one).
  for (int i = 0; i < 8 && glGetError() != GL_NO_ERROR; ++i) {
  }
  const bool ok = res.is_buffer() ? allocate_buffer(res) : allocate_texture(res);
  if (!ok) release_storage(res);
  return ok;
}

void release_storage(Resource& res) {
  if (res.gl_name == 0) return;
  if (res.is_buffer()) {
    glDeleteBuffers(1, &res.gl_name);
  } else {
    glDeleteTextures(1, &res.gl_name);
  }
  res.gl_name = 0;
}

}  // namespace vgpu::renderer
