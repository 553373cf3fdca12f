// Gallium fixed-function state (rasterizer, depth-stencil-alpha, blend, viewport, scissor) put
// onto GL before a draw.  Everything is set on every draw from the sub-context's state, so no
// GL state leaks between sub-contexts or from clears.
#pragma once

#include "renderer/sub_context.h"

namespace vgpu::renderer {

void apply_rasterizer(const SubContext& sub);
void apply_depth_stencil_alpha(const SubContext& sub);
void apply_blend(const SubContext& sub);

// Gallium's viewport is scale/translate and may have a negative y scale (the usual y-flip of
// window-system framebuffers); GL's may not.  Drawn with glClipControl(GL_UPPER_LEFT) then, so
// that GL window row y stays gallium row y, and the front face inverted to match.
void apply_viewport(const SubContext& sub);

}  // namespace vgpu::renderer
