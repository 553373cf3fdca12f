// Inputs and system values: declarations and the uvec4 bits each register reads as.
#include <string>

#include "renderer/shader/linkage.h"
#include "renderer/shader/varyings.h"

namespace vgpu::shader {
namespace {

using tgsi::Semantic;

std::string float_bits(const std::string& vec4_expr) {
  return "floatBitsToUint(" + vec4_expr + ")";
}
std::string int_bits(const std::string& int_expr) {
  return "uvec4(uint(" + int_expr + "), 0u, 0u, 0u)";
}

// A GS, TCS or TES input is a per-vertex array unless it is per-patch, whether or not its DCL
// writes the `[]`: Mesa's TGSI parser reads `DCL IN[0]` and `DCL IN[][0]` alike in those stages,
// and GLSL has no other kind of input there (a plain `in vec4` fails to compile: the renderer
// fuzzer's finding, corpus/regressions/renderer/gs-input-without-brackets).  A reference without
// a vertex index reads vertex 0.
bool per_vertex_input(const Context& ctx, const IoRegister& io) {
  const tgsi::Stage s = ctx.shader.stage;
  return (s == tgsi::Stage::Geometry || s == tgsi::Stage::TessControl ||
          s == tgsi::Stage::TessEvaluation) &&
         io.semantic != Semantic::PATCH;
}

std::string frag_coord(Context& ctx) {
  const bool lower_left = ctx.property(tgsi::PropertyId::FS_COORD_ORIGIN, 0) == 1;
  if (!lower_left) return float_bits("gl_FragCoord");
  // Gallium's upper-left origin is GL's lower-left one here (glsl_translator.h): flip.
  ctx.info.uses_driver_state = true;
  const bool integer = ctx.property(tgsi::PropertyId::FS_COORD_PIXEL_CENTER, 0) == 1;
  return float_bits(std::string("vec4(gl_FragCoord.x, vgpu_driver.framebuffer_height - ") +
                    (integer ? "1.0 - " : "") + "gl_FragCoord.y, gl_FragCoord.zw)");
}

std::string face() { return float_bits("vec4(gl_FrontFacing ? 1.0 : -1.0, 0.0, 0.0, 1.0)"); }

std::string vec_of_array(const std::string& array, uint32_t first, uint32_t count) {
  std::string v = "vec4(";
  for (uint32_t c = 0; c < 4; ++c) {
    if (c) v += ", ";
    v += first + c < count ? array + "[" + std::to_string(first + c) + "]" : "0.0";
  }
  return v + ")";
}

void declare_vertex_attribute(Context& ctx, uint32_t r) {
  const uint32_t bit = 1u << (r & 31);
  const char* type = (ctx.key.vertex_attrib_int_mask & bit)    ? "ivec4"
                     : (ctx.key.vertex_attrib_uint_mask & bit) ? "uvec4"
                                                               : "vec4";
  ctx.declarations += "layout(location = " + std::to_string(vertex_attrib_location(r)) + ") in " +
                      type + " vgpu_attr" + std::to_string(r) + ";\n";
  ctx.info.vertex_attrib_mask |= bit;
}

}  // namespace

// `varying` (an FS input variable) interpolated as `at` says.
std::string interpolated(const std::string& varying, const InterpolateAt* at) {
  if (!at) return varying;
  return at->function + "(" + varying + (at->argument.empty() ? "" : ", " + at->argument) + ")";
}

std::string input_bits(Context& ctx, uint32_t index, const std::string& vertex,
                       const InterpolateAt* at) {
  const IoRegister* found = find_register(ctx, ctx.inputs, "IN", index);
  if (!found) return "uvec4(0u)";
  const IoRegister& io = *found;
  const tgsi::Stage stage = ctx.shader.stage;
  if (stage == tgsi::Stage::Vertex) {
    const uint32_t bit = 1u << (index & 31);
    const std::string name = "vgpu_attr" + std::to_string(index);
    return (ctx.key.vertex_attrib_int_mask | ctx.key.vertex_attrib_uint_mask) & bit
               ? "uvec4(" + name + ")"
               : float_bits(name);
  }
  const std::string v = vertex.empty() ? "0" : vertex;
  if (stage == tgsi::Stage::Fragment) {
    switch (io.semantic) {
      case Semantic::POSITION: return frag_coord(ctx);
      case Semantic::FACE: return face();
      case Semantic::PRIM_ID: return int_bits("gl_PrimitiveID");
      case Semantic::LAYER: return int_bits("gl_Layer");
      case Semantic::VIEWPORT_INDEX: return int_bits("gl_ViewportIndex");
      case Semantic::SAMPLEID: return int_bits("gl_SampleID");
      case Semantic::PCOORD: return float_bits("vec4(gl_PointCoord, 0.0, 1.0)");
      case Semantic::CLIPDIST:
        return float_bits(vec_of_array("gl_ClipDistance", 4 * io.index, ctx.clip_count));
      default: break;
    }
    if (replaced_by_point_coord(ctx, io)) {
      return float_bits("vec4(gl_PointCoord, 0.0, 1.0)");
    }
    // An input nobody writes is a private constant: nothing to interpolate.
    if (!prev_stage_writes(ctx, io.semantic, io.index)) at = nullptr;
    if (io.semantic == Semantic::COLOR && ctx.key.two_sided_color &&
        prev_stage_writes(ctx, Semantic::BCOLOR, io.index)) {
      return float_bits("(gl_FrontFacing ? " +
                        interpolated(stage_varying_name(ctx, 1, io.index, false), at) + " : " +
                        interpolated(stage_varying_name(ctx, 2, io.index, false), at) + ")");
    }
    return float_bits(interpolated(
        stage_varying_name(ctx, static_cast<uint32_t>(io.semantic), io.index, false), at));
  }
  // GS, TCS, TES.
  switch (io.semantic) {
    case Semantic::POSITION:
      return float_bits("gl_in[" + v + "].gl_Position");
    case Semantic::PSIZE:
      return float_bits("vec4(gl_in[" + v + "].gl_PointSize, 0.0, 0.0, 1.0)");
    case Semantic::CLIPDIST:
      return float_bits(vec_of_array("gl_in[" + v + "].gl_ClipDistance", 4 * io.index, 8));
    case Semantic::PRIM_ID:
      return int_bits(stage == tgsi::Stage::Geometry ? "gl_PrimitiveIDIn" : "gl_PrimitiveID");
    case Semantic::TESSOUTER:
      return float_bits(vec_of_array("gl_TessLevelOuter", 0, 4));
    case Semantic::TESSINNER:
      return float_bits(vec_of_array("gl_TessLevelInner", 0, 2));
    default:
      break;
  }
  const std::string name =
      stage_varying_name(ctx, static_cast<uint32_t>(io.semantic), io.index, false);
  return float_bits(per_vertex_input(ctx, io) ? name + "[" + v + "]" : name);
}

std::string system_value_bits(Context& ctx, uint32_t index) {
  const IoRegister* io = find_register(ctx, ctx.system_values, "SV", index);
  if (!io) return "uvec4(0u)";
  switch (io->semantic) {
    case Semantic::INSTANCEID: return int_bits("gl_InstanceID");
    case Semantic::VERTEXID: return int_bits("gl_VertexID");
    case Semantic::VERTEXID_NOBASE:
      ctx.extensions.insert("GL_ARB_shader_draw_parameters");
      return int_bits("gl_VertexID - gl_BaseVertexARB");
    case Semantic::BASEVERTEX:
      ctx.extensions.insert("GL_ARB_shader_draw_parameters");
      return int_bits("gl_BaseVertexARB");
    case Semantic::DRAWID:
      ctx.extensions.insert("GL_ARB_shader_draw_parameters");
      return int_bits("gl_DrawIDARB");
    case Semantic::PRIM_ID: return int_bits("gl_PrimitiveID");
    case Semantic::INVOCATIONID: return int_bits("gl_InvocationID");
    case Semantic::FACE: return face();
    case Semantic::POSITION: return frag_coord(ctx);
    case Semantic::SAMPLEID: return int_bits("gl_SampleID");
    case Semantic::SAMPLEPOS: return float_bits("vec4(gl_SamplePosition, 0.0, 0.0)");
    case Semantic::SAMPLEMASK: return int_bits("gl_SampleMaskIn[0]");
    case Semantic::THREAD_ID: return "uvec4(gl_LocalInvocationID, 0u)";
    case Semantic::BLOCK_ID: return "uvec4(gl_WorkGroupID, 0u)";
    case Semantic::GRID_SIZE: return "uvec4(gl_NumWorkGroups, 0u)";
    case Semantic::BLOCK_SIZE: return "uvec4(gl_WorkGroupSize, 0u)";
    case Semantic::TESSCOORD: return float_bits("vec4(gl_TessCoord, 0.0)");
    case Semantic::TESSOUTER: return float_bits(vec_of_array("gl_TessLevelOuter", 0, 4));
    case Semantic::TESSINNER: return float_bits(vec_of_array("gl_TessLevelInner", 0, 2));
    case Semantic::VERTICESIN: return int_bits("gl_PatchVerticesIn");
    default:
      ctx.fail(io->declaration ? io->declaration->where : tgsi::SourcePosition{},
               "system value " + std::string(tgsi::semantic_name(io->semantic)) +
                   " is not supported");
      return "uvec4(0u)";
  }
}

void declare_input(Context& ctx, uint32_t r, const IoRegister& io) {
  const tgsi::Stage stage = ctx.shader.stage;
  if (stage == tgsi::Stage::Vertex) {
    declare_vertex_attribute(ctx, r);
    return;
  }
  if (!is_user_varying(io.semantic) && !is_clip_vertex_varying(ctx, io.semantic)) return;
  if (stage == tgsi::Stage::Fragment && replaced_by_point_coord(ctx, io)) return;
  const bool array = per_vertex_input(ctx, io);
  Varying varying;
  varying.semantic = static_cast<uint32_t>(io.semantic);
  varying.index = io.index;
  if (stage == tgsi::Stage::Fragment) set_fragment_interpolation(ctx, *io.declaration, varying);
  ctx.info.inputs.push_back(varying);
  declare_varying(ctx, varying, /*output=*/false, array);
  if (stage == tgsi::Stage::Fragment && io.semantic == Semantic::COLOR &&
      ctx.key.two_sided_color && prev_stage_writes(ctx, Semantic::BCOLOR, io.index)) {
    Varying back = varying;
    back.semantic = static_cast<uint32_t>(Semantic::BCOLOR);
    ctx.info.inputs.push_back(back);
    declare_varying(ctx, back, false, false);
  }
}

}  // namespace vgpu::shader
