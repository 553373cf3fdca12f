// BLIT and RESOURCE_COPY_REGION.  Both boxes are checked against their resources' levels in
// 64-bit before any GL call (virglrenderer's blits read formats and boxes unchecked:
// CVE-2019-18390), and format pairs GL cannot convert are refused instead of raising GL errors.
#include <algorithm>

#include "renderer/draw_blit.h"
#include "renderer/framebuffer.h"
#include "renderer/submit_executor.h"

namespace vgpu::renderer {
namespace {

constexpr uint32_t kMaskColor = 0xf, kMaskDepth = 0x10, kMaskStencil = 0x20;

// The box's extent on one axis, ordered (a negative size mirrors the blit).
bool axis_inside(int32_t start, int32_t size, uint32_t limit) {
  const int64_t a = start, b = int64_t{start} + size;
  return std::min(a, b) >= 0 && std::max(a, b) <= int64_t{limit};
}

std::string check_side(const Resource& res, const virgl::BlitSide& side) {
  if (res.is_buffer()) return "resource " + std::to_string(side.resource) + " is a buffer";
  if (side.level > res.args.last_level) return "level " + std::to_string(side.level) + " is past the last";
  const Extent e = level_extent(res.args, side.level);
  const auto& b = side.box;
  if (!axis_inside(b.x, b.w, e.width) || !axis_inside(b.y, b.h, e.height) ||
      !axis_inside(b.z, b.d, e.depth) || b.d < 0) {
    return "box outside level " + std::to_string(side.level) + " of resource " +
           std::to_string(side.resource);
  }
  return {};
}

// Source texels s in [start, start + size) land on s + (dst - src); keeps those inside both
// levels.  False when none is.
bool clip_axis(int32_t& src, int32_t& dst, int32_t& size, uint32_t src_limit, uint32_t dst_limit) {
  const int64_t offset = int64_t{dst} - src;
  const int64_t lo = std::max<int64_t>({src, 0, -offset});
  const int64_t hi = std::min<int64_t>({int64_t{src} + size, src_limit, int64_t{dst_limit} - offset});
  if (hi <= lo) return false;
  src = static_cast<int32_t>(lo);
  dst = static_cast<int32_t>(lo + offset);
  size = static_cast<int32_t>(hi - lo);
  return true;
}

// Guests may send unscaled blits reaching past a level (Mesa clips a blit to the framebuffer,
// not to the texture behind it); GL would clip them too, but boxes are checked before any GL
// call, so they are clipped here, both sides together.  Scaled or mirrored blits are not
// clipped (check_side refuses them when they reach outside).  False when nothing is left.
bool clip_unscaled(virgl::Blit& b, const Resource& src, const Resource& dst) {
  auto& s = b.src.box;
  auto& d = b.dst.box;
  if (s.w != d.w || s.h != d.h || s.w <= 0 || s.h <= 0 || src.is_buffer() || dst.is_buffer() ||
      b.src.level > src.args.last_level || b.dst.level > dst.args.last_level) {
    return true;
  }
  const Extent se = level_extent(src.args, b.src.level), de = level_extent(dst.args, b.dst.level);
  int32_t h = s.h;
  return clip_axis(s.x, d.x, d.w, se.width, de.width) && (s.w = d.w, true) &&
         clip_axis(s.y, d.y, h, se.height, de.height) && (s.h = d.h = h, true);
}

}  // namespace

void SubmitExecutor::on(const virgl::Blit& command, const virgl::CommandLocation&) {
  take();
  auto dst = attached(command.dst.resource, "blit destination");
  auto src = dst ? attached(command.src.resource, "blit source") : nullptr;
  if (!src) return;
  virgl::Blit cmd = command;
  if (!clip_unscaled(cmd, *src, *dst)) return;  // entirely outside: nothing to write
  std::string why = check_side(*dst, cmd.dst);
  if (why.empty()) why = check_side(*src, cmd.src);
  const GlFormat* dst_format = find_gl_format(cmd.dst.format);
  const GlFormat* src_format = find_gl_format(cmd.src.format);
  if (why.empty() && (dst_format == nullptr || src_format == nullptr ||
                      !view_compatible(*dst_format, *dst->format) ||
                      !view_compatible(*src_format, *src->format))) {
    why = "blit formats are unsupported or incompatible with their resources";
  }
  // A compressed image cannot be a framebuffer attachment: a compressed source is drawn from
  // (draw_blit.h, colour only), a compressed destination cannot be written by a blit at all.
  // (Only once both sides are known textures: a buffer has no format.)
  const bool draw_from_source = why.empty() && src->format->has(kCompressed);
  if (why.empty() && dst->format->has(kCompressed)) {
    why = "a compressed resource cannot be a blit destination (only a copy's)";
  }
  if (why.empty() && cmd.src.box.d != cmd.dst.box.d) why = "3D scaling is not implemented";
  GLbitfield mask = 0;
  if (why.empty()) {
    if ((cmd.mask & kMaskColor) != 0 && !dst_format->is_depth_or_stencil() &&
        !src_format->is_depth_or_stencil()) {
      if (dst_format->has(kInteger) != src_format->has(kInteger)) {
        why = "integer and non-integer formats cannot be blitted into each other";
      }
      mask |= GL_COLOR_BUFFER_BIT;
    }
    if ((cmd.mask & kMaskDepth) != 0 && dst_format->has(kDepth) && src_format->has(kDepth)) {
      mask |= GL_DEPTH_BUFFER_BIT;
    }
    if ((cmd.mask & kMaskStencil) != 0 && dst_format->has(kStencil) &&
        src_format->has(kStencil)) {
      mask |= GL_STENCIL_BUFFER_BIT;
    }
    if ((mask & (GL_DEPTH_BUFFER_BIT | GL_STENCIL_BUFFER_BIT)) != 0 &&
        dst_format->internal_format != src_format->internal_format) {
      why = "depth/stencil blits need equal formats";
    }
  }
  if (!why.empty()) {
    reject(why);
    return;
  }
  if (mask == 0) return;
  reset_write_masks();
  if (cmd.scissor_enable != 0) {
    glEnable(GL_SCISSOR_TEST);
    glScissorIndexed(0, static_cast<GLint>(cmd.scissor_minx), static_cast<GLint>(cmd.scissor_miny),
                     static_cast<GLsizei>(cmd.scissor_maxx - std::min(cmd.scissor_maxx, cmd.scissor_minx)),
                     static_cast<GLsizei>(cmd.scissor_maxy - std::min(cmd.scissor_maxy, cmd.scissor_miny)));
  }
  const bool linear = cmd.filter != 0 && mask == GL_COLOR_BUFFER_BIT && !src_format->has(kInteger);
  const GLenum attachment = mask == GL_COLOR_BUFFER_BIT ? GL_COLOR_ATTACHMENT0
                                                        : depth_stencil_attachment(*dst_format);
  SubContext& s = sub();
  const ConditionalRenderScope condition(s.render_condition, cmd.render_condition_enable != 0);
  for (int32_t layer = 0; layer < std::max(1, cmd.src.box.d); ++layer) {
    // One-layer surfaces of each side, with the blit's formats (views where they differ).
    SurfaceObject from, to;
    from.resource = src;
    from.format = src_format;
    from.level = cmd.src.level;
    from.first_layer = from.last_layer = static_cast<uint32_t>(cmd.src.box.z + layer);
    to.resource = dst;
    to.format = dst_format;
    to.level = cmd.dst.level;
    to.first_layer = to.last_layer = static_cast<uint32_t>(cmd.dst.box.z + layer);
    if (draw_from_source) {
      attach_surface(s.blit_draw, attachment, &to);
      glNamedFramebufferDrawBuffer(s.blit_draw, GL_COLOR_ATTACHMENT0);
      if (glCheckNamedFramebufferStatus(s.blit_draw, GL_DRAW_FRAMEBUFFER) != GL_FRAMEBUFFER_COMPLETE) {
        reject("the blit destination cannot be attached to a framebuffer");
      } else {
        glBindFramebuffer(GL_DRAW_FRAMEBUFFER, s.blit_draw);
        const auto& a = cmd.src.box;
        const auto& b = cmd.dst.box;
        DrawBlit d{src.get(), src_format, cmd.src.level, from.first_layer, a.x, a.y, a.w, a.h,
                   b.x, b.y, b.w, b.h, linear};
        if (std::string failed = draw_blit(core_.blit_program, d); !failed.empty()) reject(failed);
      }
      attach_surface(s.blit_draw, attachment, nullptr);
      continue;
    }
    attach_surface(s.blit_read, attachment, &from);
    attach_surface(s.blit_draw, attachment, &to);
    if (attachment == GL_COLOR_ATTACHMENT0) {
      glNamedFramebufferReadBuffer(s.blit_read, GL_COLOR_ATTACHMENT0);
      glNamedFramebufferDrawBuffer(s.blit_draw, GL_COLOR_ATTACHMENT0);
    }
    if (glCheckNamedFramebufferStatus(s.blit_read, GL_READ_FRAMEBUFFER) != GL_FRAMEBUFFER_COMPLETE ||
        glCheckNamedFramebufferStatus(s.blit_draw, GL_DRAW_FRAMEBUFFER) != GL_FRAMEBUFFER_COMPLETE) {
      reject("a blit side cannot be attached to a framebuffer");
    } else {
      const auto& a = cmd.src.box;
      const auto& b = cmd.dst.box;
      glBlitNamedFramebuffer(s.blit_read, s.blit_draw, a.x, a.y, a.x + a.w, a.y + a.h, b.x, b.y,
                             b.x + b.w, b.y + b.h, mask, linear ? GL_LINEAR : GL_NEAREST);
    }
    attach_surface(s.blit_read, attachment, nullptr);
    attach_surface(s.blit_draw, attachment, nullptr);
  }
  sub().framebuffer_dirty = true;
}

void SubmitExecutor::on(const virgl::ResourceCopyRegion& cmd, const virgl::CommandLocation&) {
  take();
  auto dst = attached(cmd.dst_resource, "copy destination");
  auto src = dst ? attached(cmd.src_resource, "copy source") : nullptr;
  if (!src) return;
  const trace::Box src_box{cmd.src_x, cmd.src_y, cmd.src_z, cmd.src_w, cmd.src_h, cmd.src_d};
  const trace::Box dst_box{cmd.dst_x, cmd.dst_y, cmd.dst_z, cmd.src_w, cmd.src_h, cmd.src_d};
  TransferLayout layout;
  std::string why = core_.layout(*src, cmd.src_level, src_box, 0, 0, layout);
  if (why.empty()) why = core_.layout(*dst, cmd.dst_level, dst_box, 0, 0, layout);
  if (why.empty() && src->is_buffer() != dst->is_buffer()) why = "buffer and texture mixed";
  if (why.empty() && !src->is_buffer() &&
      (!bytes_compatible(*src->format, *dst->format) || src->samples != dst->samples ||
       // glCopyImageSubData copies depth/stencil only between equal formats.
       ((src->format->is_depth_or_stencil() || dst->format->is_depth_or_stencil()) &&
        src->format->internal_format != dst->format->internal_format))) {
    why = "the formats or sample counts are not copy-compatible";
  }
  if (!why.empty()) {
    reject(why);
    return;
  }
  if (src->is_buffer()) {
    glCopyNamedBufferSubData(src->gl_name, dst->gl_name, cmd.src_x, cmd.dst_x, cmd.src_w);
    return;
  }
  glCopyImageSubData(src->gl_name, src->gl_target, static_cast<GLint>(cmd.src_level),
                     static_cast<GLint>(cmd.src_x), static_cast<GLint>(cmd.src_y),
                     static_cast<GLint>(cmd.src_z), dst->gl_name, dst->gl_target,
                     static_cast<GLint>(cmd.dst_level), static_cast<GLint>(cmd.dst_x),
                     static_cast<GLint>(cmd.dst_y), static_cast<GLint>(cmd.dst_z),
                     static_cast<GLsizei>(cmd.src_w), static_cast<GLsizei>(cmd.src_h),
                     static_cast<GLsizei>(cmd.src_d));
}

}  // namespace vgpu::renderer
