// SET_FRAMEBUFFER_STATE(_NO_ATTACH), CLEAR and CLEAR_TEXTURE.
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
    const auto buffer = static_cast<GLint>(i);
    if (!s->format->has(kInteger)) {
      std::array<float, 4> color;
      std::memcpy(color.data(), cmd.color.data(), sizeof(color));
      glClearNamedFramebufferfv(fb, GL_COLOR, buffer, color.data());
    } else if (is_signed_integer(*s->format)) {
      std::array<GLint, 4> color;
      std::memcpy(color.data(), cmd.color.data(), sizeof(color));
      glClearNamedFramebufferiv(fb, GL_COLOR, buffer, color.data());
    } else {
      glClearNamedFramebufferuiv(fb, GL_COLOR, buffer, cmd.color.data());
    }
  }
  const SurfaceObject* z = sub().zsurf.get();
  if (z == nullptr) return;
  const bool depth = (cmd.buffers & kClearDepth) != 0 && z->format->has(kDepth);
  const bool stencil = (cmd.buffers & kClearStencil) != 0 && z->format->has(kStencil);
  const auto depth_value = static_cast<GLfloat>(cmd.depth);
  const auto stencil_value = static_cast<GLint>(cmd.stencil & 0xff);
  if (depth && stencil) {
    glClearNamedFramebufferfi(fb, GL_DEPTH_STENCIL, 0, depth_value, stencil_value);
  } else if (depth) {
    glClearNamedFramebufferfv(fb, GL_DEPTH, 0, &depth_value);
  } else if (stencil) {
    glClearNamedFramebufferiv(fb, GL_STENCIL, 0, &stencil_value);
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
