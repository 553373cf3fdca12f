// Primitive topology of a draw: which gallium primitive modes GL can draw with the bound
// stages, and the tessellation state (patch size, default levels) a draw with patches needs.
// GL raises INVALID_OPERATION when the primitive reaching a geometry shader does not match its
// input layout, or when patches and tessellation shaders do not come together: these are
// checked here before any GL call instead.
#pragma once

#include <string>

#include "decoder/payloads_draw.h"
#include "renderer/program_cache.h"
#include "renderer/sub_context.h"

namespace vgpu::renderer {

// PIPE_PRIM_* values this renderer draws: the GL core profile's primitives, whose GL enums
// have the same numbers (GL_POINTS 0 ... GL_TRIANGLE_FAN 6, GL_LINES_ADJACENCY 0xA ...
// GL_PATCHES 0xE).  QUADS, QUAD_STRIP and POLYGON (7..9) are not among them.
inline constexpr uint32_t kDrawablePrimitives = 0x7f | 0x1f << 10;
inline constexpr uint32_t kPrimPoints = 0, kPrimPatches = 14;

// Parses every bound shader (parse_shader); "" or the first reason one cannot be used.
[[nodiscard]] std::string parse_stages(const StageShaders& shaders);

// "" when `draw.mode` can be drawn with the bound (parsed) stages, the reason otherwise.
[[nodiscard]] std::string check_topology(const StageShaders& shaders, const virgl::DrawVbo& draw);

// Whether the rasterizer gets points (the GS output, the tessellator's point mode, or the
// draw's own mode): the rasterizer's sprite coordinates apply then.
[[nodiscard]] bool rasterizes_points(const StageShaders& shaders, uint32_t mode);

// The gallium primitive standing for what reaches the rasterizer: POINTS (0), LINES (1) or
// TRIANGLES (4), from the GS output, the tessellator's output, or the draw's own mode (the
// class stream-out captures in).
[[nodiscard]] uint32_t rasterized_class(const StageShaders& shaders, uint32_t mode);

// The last bound stage before the rasterizer (GS, else TES, else VS); the VS must be bound.
[[nodiscard]] const ShaderObject* last_vertex_stage(const StageShaders& shaders);

// Patch size and default tessellation levels (SET_TESS_STATE), when the draw tessellates.
void apply_tessellation(const SubContext& sub, const StageShaders& shaders,
                        const virgl::DrawVbo& draw);

}  // namespace vgpu::renderer
