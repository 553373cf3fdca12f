// Stage layouts: see stage_layout.h.
#include "renderer/shader/stage_layout.h"

#include <string>

namespace vgpu::shader {
namespace {

using tgsi::PropertyId;

// PIPE_PRIM_* -> GLSL layout names (geometry input / output, tessellation domain).
const char* gs_input(uint32_t prim) {
  switch (prim) {
    case 0: return "points";
    case 1: case 2: case 3: return "lines";
    case 10: case 11: return "lines_adjacency";
    case 12: case 13: return "triangles_adjacency";
    default: return "triangles";
  }
}
const char* gs_output(uint32_t prim) {
  switch (prim) {
    case 0: return "points";
    case 1: case 2: case 3: return "line_strip";
    default: return "triangle_strip";
  }
}
const char* tes_domain(uint32_t prim) {
  switch (prim) {
    case 7: return "quads";
    case 1: return "isolines";
    default: return "triangles";
  }
}
const char* tes_spacing(uint32_t spacing) {
  switch (spacing) {
    case 0: return "fractional_odd_spacing";
    case 1: return "fractional_even_spacing";
    default: return "equal_spacing";
  }
}

}  // namespace

void declare_stage(Context& ctx) {
  if (ctx.shader.stage != tgsi::Stage::Compute) return;
  ctx.info.local_size = {ctx.property(PropertyId::CS_FIXED_BLOCK_WIDTH, 1),
                         ctx.property(PropertyId::CS_FIXED_BLOCK_HEIGHT, 1),
                         ctx.property(PropertyId::CS_FIXED_BLOCK_DEPTH, 1)};
  for (uint32_t& n : ctx.info.local_size) {
    if (n == 0 || n > 1024) {
      ctx.fail({}, "compute block size " + std::to_string(n) + " is outside 1..1024");
      return;
    }
  }
}

std::string stage_layout(Context& ctx) {
  switch (ctx.shader.stage) {
    case tgsi::Stage::Geometry: {
      std::string s = std::string("layout(") +
                      gs_input(ctx.property(PropertyId::GS_INPUT_PRIMITIVE, 4)) + ") in;\n";
      s += std::string("layout(") + gs_output(ctx.property(PropertyId::GS_OUTPUT_PRIMITIVE, 5)) +
           ", max_vertices = " +
           std::to_string(ctx.property(PropertyId::GS_MAX_OUTPUT_VERTICES, 1)) + ") out;\n";
      if (const uint32_t n = ctx.property(PropertyId::GS_INVOCATIONS, 0); n > 1) {
        s += "layout(invocations = " + std::to_string(n) + ") in;\n";
      }
      return s;
    }
    case tgsi::Stage::TessControl:
      return "layout(vertices = " +
             std::to_string(ctx.property(PropertyId::TCS_VERTICES_OUT, 1)) + ") out;\n";
    case tgsi::Stage::TessEvaluation:
      return std::string("layout(") + tes_domain(ctx.property(PropertyId::TES_PRIM_MODE, 4)) +
             ", " + tes_spacing(ctx.property(PropertyId::TES_SPACING, 2)) + ", " +
             (ctx.property(PropertyId::TES_VERTEX_ORDER_CW, 0) ? "cw" : "ccw") +
             (ctx.property(PropertyId::TES_POINT_MODE, 0) ? ", point_mode" : "") + ") in;\n";
    case tgsi::Stage::Compute:
      return "layout(local_size_x = " + std::to_string(ctx.info.local_size[0]) +
             ", local_size_y = " + std::to_string(ctx.info.local_size[1]) +
             ", local_size_z = " + std::to_string(ctx.info.local_size[2]) + ") in;\n";
    default:
      return {};
  }
}

}  // namespace vgpu::shader
