#include "renderer/shader_resources.h"

#include "renderer/shader/image_formats.h"
#include "renderer/transfer_layout.h"

namespace vgpu::renderer {
namespace {

using shader::Stage;

constexpr uint32_t kImageAccessRead = 1, kImageAccessWrite = 2;  // PIPE_IMAGE_ACCESS_*

GLint gl_limit(GLenum what, GLint fallback) {
  GLint v = fallback;
  glGetIntegerv(what, &v);
  return v > 0 ? v : fallback;
}

std::string stage_name(Stage s) {
  return std::string(virgl::kShaderStageNames[shader::stage_index(s)]);
}

std::string slot_name(const char* file, uint32_t n, Stage s) {
  return std::string(file) + "[" + std::to_string(n) + "] of the " + stage_name(s) + " shader";
}

GLenum image_access(uint32_t access) {
  switch (access & (kImageAccessRead | kImageAccessWrite)) {
    case kImageAccessRead: return GL_READ_ONLY;
    case kImageAccessWrite: return GL_WRITE_ONLY;
    default: return GL_READ_WRITE;  // both, or neither said (Mesa always says)
  }
}

std::string check_texture_image(const Resource& res, const GlFormat& format, ShaderImageBinding& out) {
  if (res.format == nullptr || res.format->is_depth_or_stencil() || res.samples != 0 ||
      res.format->bytes_per_pixel != format.bytes_per_pixel) {
    return "format " + std::to_string(format.virgl) + " is not compatible with resource " +
           std::to_string(res.args.res_id);
  }
  if (out.level > res.args.last_level || out.first_layer > out.last_layer ||
      out.last_layer >= level_extent(res.args, out.level).depth) {
    return "level " + std::to_string(out.level) + " layers " + std::to_string(out.first_layer) +
           ".." + std::to_string(out.last_layer) + " are outside resource " +
           std::to_string(res.args.res_id);
  }
  return {};
}

std::string bind_image(Stage stage, uint32_t n, ShaderImageBinding& image) {
  const GLuint unit = shader::image_unit(stage, n);
  const GLenum access = image_access(image.access);
  const GLenum format = image.format->internal_format;
  const Resource& res = *image.resource;
  if (res.is_buffer()) {
    const auto alignment = static_cast<uint32_t>(gl_limit(GL_TEXTURE_BUFFER_OFFSET_ALIGNMENT, 16));
    if (image.offset % alignment != 0) {
      return "image buffer offset " + std::to_string(image.offset) + " is not a multiple of " +
             std::to_string(alignment);
    }
    const auto max_texels = static_cast<uint32_t>(gl_limit(GL_MAX_TEXTURE_BUFFER_SIZE, 65536));
    if (image.size / image.format->bytes_per_pixel > max_texels) {
      return "image buffer of " + std::to_string(image.size) + " bytes exceeds " +
             std::to_string(max_texels) + " texels";
    }
    if (image.buffer_texture.name == 0) {
      glCreateTextures(GL_TEXTURE_BUFFER, 1, &image.buffer_texture.name);
      glTextureBufferRange(image.buffer_texture.name, format, res.gl_name, image.offset, image.size);
    }
    glBindImageTexture(unit, image.buffer_texture.name, 0, GL_FALSE, 0, access, format);
    return {};
  }
  // One layer of a layered resource is bound alone; several bind the whole level (GL has no
  // layer range for images).
  const bool layered_target = res.gl_target != GL_TEXTURE_1D && res.gl_target != GL_TEXTURE_2D &&
                              res.gl_target != GL_TEXTURE_RECTANGLE;
  const bool one_layer = image.first_layer == image.last_layer;
  glBindImageTexture(unit, res.gl_name, static_cast<GLint>(image.level),
                     layered_target && !one_layer ? GL_TRUE : GL_FALSE,
                     static_cast<GLint>(one_layer ? image.first_layer : 0), access, format);
  return {};
}

std::string bind_stage_buffers(SubContext& sub, const shader::TranslatedShader& ts) {
  const uint32_t s = shader::stage_index(ts.stage);
  const auto alignment =
      static_cast<uint32_t>(gl_limit(GL_SHADER_STORAGE_BUFFER_OFFSET_ALIGNMENT, 16));
  for (uint32_t n = 0; n < shader::max_shader_buffers(ts.stage); ++n) {
    if ((ts.shader_buffer_mask >> n & 1) == 0) continue;
    const ShaderBufferBinding& b = sub.shader_buffers[s][n];
    if (!b.buffer) return slot_name("BUFFER", n, ts.stage) + " has no shader buffer bound";
    if (b.offset % alignment != 0) {
      return "shader buffer offset " + std::to_string(b.offset) + " is not a multiple of " +
             std::to_string(alignment);
    }
    glBindBufferRange(GL_SHADER_STORAGE_BUFFER, shader::shader_buffer_binding(ts.stage, n),
                      b.buffer->gl_name, b.offset, b.length);
  }
  return {};
}

std::string bind_stage_images(SubContext& sub, const shader::TranslatedShader& ts) {
  const uint32_t s = shader::stage_index(ts.stage);
  for (const shader::ImageInfo& info : ts.images) {
    if (info.slot >= shader::max_images(ts.stage)) return "image slot out of range";
    const std::shared_ptr<ShaderImageBinding>& image = sub.images[s][info.slot];
    if (!image) return slot_name("IMAGE", info.slot, ts.stage) + " has no image bound";
    // A declared format must be the bound one in size: GL leaves other pairs undefined.
    const GlFormat* declared = find_gl_format(info.format);
    if (declared && declared->bytes_per_pixel != image->format->bytes_per_pixel) {
      return slot_name("IMAGE", info.slot, ts.stage) + " declares format " +
             std::to_string(info.format) + ", bound as " + std::to_string(image->format->virgl);
    }
    if (std::string why = bind_image(ts.stage, info.slot, *image); !why.empty()) return why;
  }
  return {};
}

std::string bind_atomic_buffers(SubContext& sub, const shader::TranslatedShader& ts) {
  for (uint32_t b = 0; b < shader::kMaxAtomicBuffers; ++b) {
    if ((ts.atomic_buffer_mask >> b & 1) == 0) continue;
    ShaderBufferBinding& binding = sub.atomic_buffers[b];
    if (!binding.buffer || binding.length < ts.atomic_buffer_bytes[b]) {
      return "HWATOMIC[" + std::to_string(b) + "] of the " + stage_name(ts.stage) +
             " shader needs " + std::to_string(ts.atomic_buffer_bytes[b]) +
             " bytes of atomic buffer bound";
    }
    // Read as an r32ui buffer texture (shader/bindings.h): its offset alignment applies.
    const auto alignment = static_cast<uint32_t>(gl_limit(GL_TEXTURE_BUFFER_OFFSET_ALIGNMENT, 16));
    const auto max_texels = static_cast<uint32_t>(gl_limit(GL_MAX_TEXTURE_BUFFER_SIZE, 65536));
    if (binding.offset % alignment != 0 || binding.length / 4 > max_texels) {
      return "atomic buffer range " + std::to_string(binding.offset) + "+" +
             std::to_string(binding.length) + " is not aligned to " + std::to_string(alignment) +
             " or over " + std::to_string(max_texels) + " counters";
    }
    if (!binding.atomic_texture) {
      binding.atomic_texture = std::make_shared<OwnedTexture>();
      glCreateTextures(GL_TEXTURE_BUFFER, 1, &binding.atomic_texture->name);
      glTextureBufferRange(binding.atomic_texture->name, GL_R32UI, binding.buffer->gl_name,
                           binding.offset, binding.length);
    }
    glBindImageTexture(shader::atomic_image_unit(b), binding.atomic_texture->name, 0, GL_FALSE, 0,
                       GL_READ_WRITE, GL_R32UI);
  }
  return {};
}

struct BarrierBit {
  uint32_t pipe;
  GLbitfield gl;
};
// PIPE_BARRIER_* (p_defines.h) -> what GL must make visible for the same consumers.
constexpr BarrierBit kBarrierBits[] = {
    {1u << 0, GL_CLIENT_MAPPED_BUFFER_BARRIER_BIT},                          // MAPPED_BUFFER
    {1u << 1, GL_SHADER_STORAGE_BARRIER_BIT | GL_ATOMIC_COUNTER_BARRIER_BIT},  // SHADER_BUFFER
    {1u << 2, GL_QUERY_BUFFER_BARRIER_BIT},                                  // QUERY_BUFFER
    {1u << 3, GL_VERTEX_ATTRIB_ARRAY_BARRIER_BIT},                           // VERTEX_BUFFER
    {1u << 4, GL_ELEMENT_ARRAY_BARRIER_BIT},                                 // INDEX_BUFFER
    {1u << 5, GL_UNIFORM_BARRIER_BIT},                                       // CONSTANT_BUFFER
    {1u << 6, GL_COMMAND_BARRIER_BIT},                                       // INDIRECT_BUFFER
    {1u << 7, GL_TEXTURE_FETCH_BARRIER_BIT | GL_PIXEL_BUFFER_BARRIER_BIT |
                  GL_TEXTURE_UPDATE_BARRIER_BIT | GL_BUFFER_UPDATE_BARRIER_BIT},  // TEXTURE
    {1u << 8, GL_SHADER_IMAGE_ACCESS_BARRIER_BIT},                           // IMAGE
    {1u << 9, GL_FRAMEBUFFER_BARRIER_BIT},                                   // FRAMEBUFFER
    {1u << 10, GL_TRANSFORM_FEEDBACK_BARRIER_BIT},                           // STREAMOUT_BUFFER
    {1u << 11, GL_SHADER_STORAGE_BARRIER_BIT},                               // GLOBAL_BUFFER
};

}  // namespace

std::string make_buffer_binding(std::shared_ptr<Resource> buffer, const virgl::BufferBinding& b,
                                ShaderBufferBinding& out) {
  out = {};
  if (!buffer) return {};
  if (!buffer->is_buffer() || b.length == 0 ||
      !range_inside(b.offset, b.length, buffer->args.width)) {
    return "range " + std::to_string(b.offset) + "+" + std::to_string(b.length) +
           " is not inside buffer " + std::to_string(b.resource);
  }
  out.buffer = std::move(buffer);
  out.offset = b.offset;
  out.length = b.length;
  return {};
}

std::string make_image_binding(std::shared_ptr<Resource> resource, const virgl::ImageBinding& b,
                               std::shared_ptr<ShaderImageBinding>& out) {
  out.reset();
  if (!resource) return {};
  auto image = std::make_shared<ShaderImageBinding>();
  image->format = find_gl_format(b.format);
  if (image->format == nullptr || shader::find_image_format(b.format) == nullptr) {
    return "format " + std::to_string(b.format) + " is not an image format";
  }
  image->access = b.access;
  if (resource->is_buffer()) {
    // Gallium's pipe_image_view for buffers: byte offset and size.
    image->offset = b.layer_offset;
    image->size = b.level_size;
    if (b.level_size == 0 || !range_inside(b.layer_offset, b.level_size, resource->args.width)) {
      return "range " + std::to_string(b.layer_offset) + "+" + std::to_string(b.level_size) +
             " is not inside buffer " + std::to_string(b.resource);
    }
  } else {
    // For textures: first_layer | last_layer << 16, then the level in the low byte.
    image->first_layer = b.layer_offset & 0xffff;
    image->last_layer = b.layer_offset >> 16;
    image->level = b.level_size & 0xff;
    if (std::string why = check_texture_image(*resource, *image->format, *image); !why.empty()) {
      return why;
    }
  }
  image->resource = std::move(resource);
  out = std::move(image);
  return {};
}

std::string bind_shader_resources(SubContext& sub, const shader::TranslatedShader& ts) {
  if (std::string why = bind_stage_buffers(sub, ts); !why.empty()) return why;
  if (std::string why = bind_stage_images(sub, ts); !why.empty()) return why;
  return bind_atomic_buffers(sub, ts);
}

GLbitfield memory_barrier_bits(uint32_t pipe_flags) {
  GLbitfield bits = 0;
  for (const BarrierBit& b : kBarrierBits) {
    if ((pipe_flags & b.pipe) != 0) bits |= b.gl;
  }
  return bits;
}

}  // namespace vgpu::renderer
