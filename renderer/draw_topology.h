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

// "" when `draw.mode` can be drawn with `program`'s stages (the shaders' IR is parsed: the
// program linked), the reason otherwise.
[[nodiscard]] std::string check_topology(const StageShaders& shaders, const virgl::DrawVbo& draw);

// Patch size and default tessellation levels (SET_TESS_STATE), when the draw tessellates.
void apply_tessellation(const SubContext& sub, const StageShaders& shaders,
                        const virgl::DrawVbo& draw);

}  // namespace vgpu::renderer
