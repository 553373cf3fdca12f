// BLIT by drawing, for sources glBlitFramebuffer cannot read: block-compressed textures cannot
// be framebuffer attachments, yet guests blit from them (Mesa's glGetTexImage of a compressed
// texture blits it into a plain one).  The source level and layer are sampled through a
// 2D-array texture view and drawn as one rectangle into the framebuffer bound for drawing;
// the pipeline state this sets is re-applied from the sub-context by the next draw.
#pragma once

#include <epoxy/gl.h>

#include <cstdint>
#include <string>

#include "renderer/resource.h"

namespace vgpu::renderer {

struct DrawBlit {
  const Resource* source = nullptr;
  const GlFormat* format = nullptr;  // the blit's source format (a view of the resource's)
  uint32_t level = 0, layer = 0;
  // Gallium boxes in texels; a negative size mirrors.
  int32_t src_x = 0, src_y = 0, src_w = 0, src_h = 0;
  int32_t dst_x = 0, dst_y = 0, dst_w = 0, dst_h = 0;
  bool linear = false;
};

// Draws `blit` into the current draw framebuffer's colour attachment 0 with the program in
// `program` (made on first use, kept by the caller for its share group).  Returns why not.
[[nodiscard]] std::string draw_blit(GLuint& program, const DrawBlit& blit);

}  // namespace vgpu::renderer
