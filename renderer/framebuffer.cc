#include "renderer/framebuffer.h"

#include "renderer/transfer_layout.h"

namespace vgpu::renderer {
namespace {

bool is_layered(const Resource& res) {
  switch (res.gl_target) {
    case GL_TEXTURE_3D:
    case GL_TEXTURE_CUBE_MAP:
    case GL_TEXTURE_1D_ARRAY:
    case GL_TEXTURE_2D_ARRAY:
    case GL_TEXTURE_CUBE_MAP_ARRAY:
    case GL_TEXTURE_2D_MULTISAMPLE_ARRAY:
      return true;
    default:
      return false;
  }
}

// Whether a layered attachment of `s` would reach layers outside its range, so that `s` needs a
// view starting at its first layer.  (3D textures cannot be viewed by slices: their surfaces
// attach every slice, and CLEAR_SURFACE clears such a range slice by slice.)
bool needs_layer_view(const SurfaceObject& s) {
  return s.resource->gl_target != GL_TEXTURE_3D && spans_some_layers(s);
}

}  // namespace

bool spans_some_layers(const SurfaceObject& s) {
  const Resource& res = *s.resource;
  if (!is_layered(res) || s.first_layer == s.last_layer) return false;
  return s.first_layer != 0 || s.last_layer + 1 != level_extent(res.args, s.level).depth;
}

GLenum depth_stencil_attachment(const GlFormat& f) {
  if (f.has(kDepth | kStencil)) return GL_DEPTH_STENCIL_ATTACHMENT;
  return f.has(kDepth) ? GL_DEPTH_ATTACHMENT : GL_STENCIL_ATTACHMENT;
}

void reset_write_masks() {
  glDisable(GL_SCISSOR_TEST);
  glDisable(GL_RASTERIZER_DISCARD);
  glColorMask(GL_TRUE, GL_TRUE, GL_TRUE, GL_TRUE);
  glDepthMask(GL_TRUE);
  glStencilMask(0xff);
  glEnable(GL_FRAMEBUFFER_SRGB);
}

void attach_surface(GLuint framebuffer, GLenum attachment, SurfaceObject* surface) {
  if (surface == nullptr) {
    glNamedFramebufferTexture(framebuffer, attachment, 0, 0);
    return;
  }
  const GLuint texture = surface_texture(*surface);
  const bool view = texture != surface->resource->gl_name;
  // A view starts at the surface's level and layer, so it is attached at 0; a view of a 3D
  // texture holds every slice (surface_texture), so its slice is still first_layer.
  const bool three_d = surface->resource->gl_target == GL_TEXTURE_3D;
  const auto level = static_cast<GLint>(view ? 0 : surface->level);
  const auto layer = static_cast<GLint>(view && !three_d ? 0 : surface->first_layer);
  if (is_layered(*surface->resource) && surface->first_layer == surface->last_layer) {
    glNamedFramebufferTextureLayer(framebuffer, attachment, texture, level, layer);
  } else {
    glNamedFramebufferTexture(framebuffer, attachment, texture, level);
  }
}

GLuint surface_texture(SurfaceObject& s) {
  const Resource& res = *s.resource;
  if (s.format->internal_format == res.format->internal_format && !needs_layer_view(s)) {
    return res.gl_name;
  }
  if (s.view == 0) {
    glGenTextures(1, &s.view);
    const GLuint layers = s.last_layer - s.first_layer + 1;
    // Cube faces are viewed as layers of a 2D array (a view may not pick one face as 2D).
    const bool cube = res.gl_target == GL_TEXTURE_CUBE_MAP ||
                      res.gl_target == GL_TEXTURE_CUBE_MAP_ARRAY;
    // A 3D texture is viewed whole (GL allows no slice range for it).
    const bool three_d = res.gl_target == GL_TEXTURE_3D;
    glTextureView(s.view, cube ? GL_TEXTURE_2D_ARRAY : res.gl_target,
                  res.gl_name, s.format->internal_format, s.level, 1, three_d ? 0 : s.first_layer,
                  is_layered(res) && !three_d ? layers : 1);
  }
  return s.view;
}

std::string apply_framebuffer(SubContext& sub) {
  const GLuint fb = sub.framebuffer;
  if (sub.framebuffer_dirty) {
    std::array<GLenum, virgl::kMaxColorBuffers> draw_buffers{};
    for (uint32_t i = 0; i < virgl::kMaxColorBuffers; ++i) {
      SurfaceObject* s = i < sub.nr_cbufs ? sub.cbufs[i].get() : nullptr;
      attach_surface(fb, GL_COLOR_ATTACHMENT0 + i, s);
      draw_buffers[i] = s ? GL_COLOR_ATTACHMENT0 + i : GL_NONE;
    }
    glNamedFramebufferDrawBuffers(fb, static_cast<GLsizei>(draw_buffers.size()),
                                  draw_buffers.data());
    glNamedFramebufferTexture(fb, GL_DEPTH_STENCIL_ATTACHMENT, 0, 0);
    if (sub.zsurf) attach_surface(fb, depth_stencil_attachment(*sub.zsurf->format), sub.zsurf.get());
    glNamedFramebufferParameteri(fb, GL_FRAMEBUFFER_DEFAULT_WIDTH,
                                 static_cast<GLint>(std::max(1u, sub.no_attach_width)));
    glNamedFramebufferParameteri(fb, GL_FRAMEBUFFER_DEFAULT_HEIGHT,
                                 static_cast<GLint>(std::max(1u, sub.no_attach_height)));
    glNamedFramebufferParameteri(fb, GL_FRAMEBUFFER_DEFAULT_LAYERS,
                                 static_cast<GLint>(sub.no_attach_layers));
    sub.framebuffer_height = sub.no_attach_height;
    for (const SurfaceObject* s : {sub.cbufs[0].get(), sub.zsurf.get()}) {
      if (s != nullptr) sub.framebuffer_height = level_extent(s->resource->args, s->level).height;
    }
    sub.framebuffer_dirty = false;
  }
  const GLenum status = glCheckNamedFramebufferStatus(fb, GL_DRAW_FRAMEBUFFER);
  if (status != GL_FRAMEBUFFER_COMPLETE) {
    char code[16];
    std::snprintf(code, sizeof(code), "0x%x", status);
    return std::string("the framebuffer is incomplete (GL status ") + code + ")";
  }
  glBindFramebuffer(GL_DRAW_FRAMEBUFFER, fb);
  return {};
}

}  // namespace vgpu::renderer
