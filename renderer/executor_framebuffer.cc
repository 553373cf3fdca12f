// SET_FRAMEBUFFER_STATE(_NO_ATTACH), CLEAR, CLEAR_SURFACE and CLEAR_TEXTURE.
#include <algorithm>
#include <array>
#include <cstring>

#include "renderer/framebuffer.h"
#include "renderer/gl_transfer.h"
#include "renderer/resource_table.h"
#include "renderer/submit_executor.h"

namespace vgpu::renderer {
namespace {

constexpr uint32_t kClearDepth = 1, kClearStencil = 2, kClearColor0 = 4;

bool is_signed_integer(const GlFormat& f) {
  return f.type == GL_BYTE || f.type == GL_SHORT || f.type == GL_INT;
}

// Clears colour attachment `buffer` of `fb` (a surface of format `f`) to `color`, whose dwords
// are floats, ints or uints by the format, as gallium's pipe_color_union.
void clear_color_buffer(GLuint fb, GLint buffer, const GlFormat& f,
                        const std::array<uint32_t, 4>& color) {
  if (!f.has(kInteger)) {
    std::array<float, 4> value;
    std::memcpy(value.data(), color.data(), sizeof(value));
    glClearNamedFramebufferfv(fb, GL_COLOR, buffer, value.data());
  } else if (is_signed_integer(f)) {
    std::array<GLint, 4> value;
    std::memcpy(value.data(), color.data(), sizeof(value));
    glClearNamedFramebufferiv(fb, GL_COLOR, buffer, value.data());
  } else {
    glClearNamedFramebufferuiv(fb, GL_COLOR, buffer, color.data());
  }
}

// Clears the depth and/or stencil of `fb`'s depth/stencil attachment (format `f`); a buffer the
// format lacks is left alone.
void clear_depth_stencil(GLuint fb, const GlFormat& f, uint32_t buffers, double depth,
                         uint32_t stencil) {
  const bool clear_depth = (buffers & kClearDepth) != 0 && f.has(kDepth);
  const bool clear_stencil = (buffers & kClearStencil) != 0 && f.has(kStencil);
  const auto depth_value = static_cast<GLfloat>(depth);
  const auto stencil_value = static_cast<GLint>(stencil & 0xff);
  if (clear_depth && clear_stencil) {
    glClearNamedFramebufferfi(fb, GL_DEPTH_STENCIL, 0, depth_value, stencil_value);
  } else if (clear_depth) {
    glClearNamedFramebufferfv(fb, GL_DEPTH, 0, &depth_value);
  } else if (clear_stencil) {
    glClearNamedFramebufferiv(fb, GL_STENCIL, 0, &stencil_value);
  }
}

}  // namespace

void SubmitExecutor::on(const virgl::SetFramebufferState& cmd, const virgl::CommandLocation&) {
  take();
  std::array<std::shared_ptr<SurfaceObject>, virgl::kMaxColorBuffers> cbufs;
  for (size_t i = 0; i < cmd.cbufs.size(); ++i) {
    if (cmd.cbufs[i] == 0) continue;
    cbufs[i] = object<SurfaceObject>(cmd.cbufs[i], "colour surface");
    if (!cbufs[i]) return;
    if (cbufs[i]->format->is_depth_or_stencil()) {
      reject("surface " + std::to_string(cmd.cbufs[i]) + " is not a colour surface");
      return;
    }
  }
  std::shared_ptr<SurfaceObject> zsurf;
  if (cmd.zsurf != 0) {
    zsurf = object<SurfaceObject>(cmd.zsurf, "depth surface");
    if (!zsurf) return;
    if (!zsurf->format->is_depth_or_stencil()) {
      reject("surface " + std::to_string(cmd.zsurf) + " is not a depth/stencil surface");
      return;
    }
  }
  sub().cbufs = std::move(cbufs);
  sub().zsurf = std::move(zsurf);
  sub().nr_cbufs = static_cast<uint32_t>(cmd.cbufs.size());
  sub().framebuffer_dirty = true;
}

void SubmitExecutor::on(const virgl::SetFramebufferStateNoAttach& cmd,
                        const virgl::CommandLocation&) {
  take();
  if (cmd.width > kMaxSize2d || cmd.height > kMaxSize2d || cmd.layers > kMaxLayers) {
    reject("a framebuffer without attachments of " + std::to_string(cmd.width) + "x" +
           std::to_string(cmd.height) + "x" + std::to_string(cmd.layers) +
           " exceeds the limits of " + std::to_string(kMaxSize2d) + "x" +
           std::to_string(kMaxSize2d) + "x" + std::to_string(kMaxLayers));
    return;
  }
  sub().no_attach_width = cmd.width;
  sub().no_attach_height = cmd.height;
  sub().no_attach_layers = cmd.layers;
  sub().framebuffer_dirty = true;
}

void SubmitExecutor::on(const virgl::Clear& cmd, const virgl::CommandLocation&) {
  take();
  if (std::string why = apply_framebuffer(sub()); !why.empty()) {
    reject(why);
    return;
  }
  reset_write_masks();
  const ConditionalRenderScope condition(sub().render_condition, true);
  const GLuint fb = sub().framebuffer;
  for (uint32_t i = 0; i < sub().nr_cbufs; ++i) {
    const SurfaceObject* s = sub().cbufs[i].get();
    if (s == nullptr || (cmd.buffers & (kClearColor0 << i)) == 0) continue;
    clear_color_buffer(fb, static_cast<GLint>(i), *s->format, cmd.color);
  }
  const SurfaceObject* z = sub().zsurf.get();
  if (z != nullptr) clear_depth_stencil(fb, *z->format, cmd.buffers, cmd.depth, cmd.stencil);
}

// A rectangle of one surface, bound or not (gallium's clear_render_target and
// clear_depth_stencil; Mesa sends it to hosts of feature check version 21 and later).  The
// surface is attached to the sub-context's BLIT destination framebuffer, and the rectangle is
// the scissor: the guest's framebuffer binding is untouched.
void SubmitExecutor::on(const virgl::ClearSurface& cmd, const virgl::CommandLocation&) {
  take();
  const auto surface = object<SurfaceObject>(cmd.surface, "surface");
  if (!surface) return;
  const GlFormat& f = *surface->format;
  const bool colour = (cmd.buffers & kClearColor0) != 0;
  if (colour == f.is_depth_or_stencil() ||
      (!colour && (cmd.buffers & (kClearDepth | kClearStencil)) == 0)) {
    reject("buffers " + std::to_string(cmd.buffers) + " do not name what surface " +
           std::to_string(cmd.surface) + " holds");
    return;
  }
  SubContext& s = sub();
  const GLenum attachment = colour ? GL_COLOR_ATTACHMENT0 : depth_stencil_attachment(f);
  const auto clear_attached = [&](SurfaceObject& target) {
    attach_surface(s.blit_draw, attachment, &target);
    if (colour) glNamedFramebufferDrawBuffer(s.blit_draw, GL_COLOR_ATTACHMENT0);
    if (glCheckNamedFramebufferStatus(s.blit_draw, GL_DRAW_FRAMEBUFFER) != GL_FRAMEBUFFER_COMPLETE) {
      reject("surface " + std::to_string(cmd.surface) + " cannot be attached to a framebuffer");
    } else {
      reset_write_masks();
      // Past the largest surface nothing is cleared: clamping keeps every value a GLint.
      const auto clamp = [](uint32_t v) { return static_cast<GLint>(std::min(v, kMaxSize2d)); };
      glEnable(GL_SCISSOR_TEST);
      glScissorIndexed(0, clamp(cmd.dst_x), clamp(cmd.dst_y), clamp(cmd.width), clamp(cmd.height));
      const ConditionalRenderScope condition(s.render_condition, cmd.render_condition != 0);
      if (colour) {
        clear_color_buffer(s.blit_draw, 0, f, cmd.color);
      } else {
        // Depth travels as a double in the first two dwords, stencil in the last.
        double depth = 0;
        std::memcpy(&depth, cmd.color.data(), sizeof(depth));
        clear_depth_stencil(s.blit_draw, f, cmd.buffers, depth, cmd.color[3]);
      }
    }
    attach_surface(s.blit_draw, attachment, nullptr);
  };
  // Some slices of a 3D texture cannot be attached together (GL attaches all of them or one, and
  // a 3D texture has no slice views): they are cleared one by one.
  if (surface->resource->gl_target != GL_TEXTURE_3D || !spans_some_layers(*surface)) {
    clear_attached(*surface);
    return;
  }
  for (uint32_t z = surface->first_layer; z <= surface->last_layer; ++z) {
    SurfaceObject slice;
    slice.resource = surface->resource;
    slice.format = surface->format;
    slice.level = surface->level;
    slice.first_layer = slice.last_layer = z;
    clear_attached(slice);
  }
}

void SubmitExecutor::on(const virgl::ClearTexture& cmd, const virgl::CommandLocation&) {
  take();
  auto res = attached(cmd.resource, "resource");
  if (!res) return;
  const trace::Box box{cmd.x, cmd.y, cmd.z, cmd.w, cmd.h, cmd.d};
  TransferLayout layout;
  if (std::string why = core_.layout(*res, cmd.level, box, 0, 0, layout); !why.empty()) {
    reject(why);
    return;
  }
  if (res->is_buffer() || res->samples != 0 || res->format->has(kCompressed)) {
    reject("resource " + std::to_string(cmd.resource) +
           " is not a single-sampled, uncompressed texture");
    return;
  }
  const GlFormat& f = *res->format;
  std::array<uint32_t, 4> value = cmd.data;
  guest_to_gl_pixels(f, {reinterpret_cast<uint8_t*>(value.data()), sizeof(value)});
  glClearTexSubImage(res->gl_name, static_cast<GLint>(cmd.level), static_cast<GLint>(cmd.x),
                     static_cast<GLint>(cmd.y), static_cast<GLint>(cmd.z),
                     static_cast<GLsizei>(cmd.w), static_cast<GLsizei>(cmd.h),
                     static_cast<GLsizei>(cmd.d), f.format, f.type, value.data());
}

}  // namespace vgpu::renderer
