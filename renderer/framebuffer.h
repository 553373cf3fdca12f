// Puts a sub-context's framebuffer state (colour and depth/stencil surfaces) onto its GL
// framebuffer object before a clear or draw.
#pragma once

#include <string>

#include "renderer/sub_context.h"

namespace vgpu::renderer {

// Attaches what changed since the last call; an empty string when the framebuffer is complete,
// otherwise why it cannot be drawn to (then no GL draw may follow).
[[nodiscard]] std::string apply_framebuffer(SubContext& sub);

// The GL texture a surface renders into: the resource itself, or a texture view when the
// surface's format differs from the resource's (sRGB / UNORM pairs and similar).
[[nodiscard]] GLuint surface_texture(SurfaceObject& surface);

// Whether `surface` spans several layers (or 3D slices) of its level but not all of them: GL
// attaches one layer of a texture or every layer, so such a surface needs a view (arrays, cubes)
// or a pass per slice (3D).
[[nodiscard]] bool spans_some_layers(const SurfaceObject& surface);

// Attaches one surface (nullptr detaches) to `framebuffer` at `attachment`.
void attach_surface(GLuint framebuffer, GLenum attachment, SurfaceObject* surface);
// The attachment point of a depth and/or stencil format.
[[nodiscard]] GLenum depth_stencil_attachment(const GlFormat& format);
// Gallium clears and blits ignore the scissor (unless told) and every write mask; GL's obey
// them: reset before one.
void reset_write_masks();

}  // namespace vgpu::renderer
