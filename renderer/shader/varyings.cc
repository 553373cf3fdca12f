// Varying names and qualifiers: see varyings.h.
#include "renderer/shader/varyings.h"

#include <algorithm>
#include <string>

#include "renderer/shader/linkage.h"

namespace vgpu::shader {

using tgsi::Semantic;

std::string varying_name(uint32_t semantic, uint32_t index) {
  std::string name(tgsi::semantic_name(static_cast<Semantic>(semantic)));
  if (name.empty()) name = "semantic" + std::to_string(semantic);
  std::transform(name.begin(), name.end(), name.begin(),
                 [](char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; });
  return "vgpu_" + name + std::to_string(index);
}

std::string stage_varying_name(const Context& ctx, uint32_t semantic, uint32_t index,
                               bool output) {
  const std::string name = varying_name(semantic, index);
  const Stage writer = output ? ctx.info.stage : ctx.key.prev_stage;
  const char* infix = writer == Stage::TESS_CTRL   ? "tcs_"
                      : writer == Stage::TESS_EVAL ? "tes_"
                      : writer == Stage::GEOMETRY  ? "gs_"
                                                   : "";
  return name.substr(0, 5) + infix + name.substr(5);  // after "vgpu_"
}

bool is_user_varying(Semantic s) {
  switch (s) {
    case Semantic::POSITION:
    case Semantic::PSIZE:
    case Semantic::CLIPDIST:
    case Semantic::CLIPVERTEX:
    case Semantic::PRIM_ID:
    case Semantic::LAYER:
    case Semantic::VIEWPORT_INDEX:
    case Semantic::FACE:
    case Semantic::PCOORD:
    case Semantic::TESSOUTER:
    case Semantic::TESSINNER:
    case Semantic::EDGEFLAG:
    case Semantic::SAMPLEID:
    case Semantic::SAMPLEMASK:
    case Semantic::SAMPLEPOS:
    case Semantic::STENCIL:
    case Semantic::INSTANCEID:
    case Semantic::VERTEXID:
      return false;
    default:
      return true;
  }
}

bool replaced_by_point_coord(const Context& ctx, const IoRegister& io) {
  return (io.semantic == Semantic::GENERIC || io.semantic == Semantic::TEXCOORD) &&
         io.index < 32 && (ctx.key.point_sprite_coord_mask >> io.index & 1u);
}

bool next_stage_reads(const Context& ctx, Semantic semantic, uint32_t index) {
  if (!ctx.key.has_next_stage) return false;
  return std::any_of(ctx.key.next_stage_inputs.begin(), ctx.key.next_stage_inputs.end(),
                     [&](const Varying& v) {
                       return v.semantic == static_cast<uint32_t>(semantic) && v.index == index;
                     });
}

bool is_clip_vertex_varying(const Context& ctx, Semantic semantic) {
  return semantic == Semantic::CLIPVERTEX && ctx.shader.stage != tgsi::Stage::Fragment;
}

bool prev_stage_writes(const Context& ctx, Semantic semantic, uint32_t index) {
  if (!ctx.key.has_prev_stage) return true;
  return std::any_of(ctx.key.prev_stage_outputs.begin(), ctx.key.prev_stage_outputs.end(),
                     [&](const Varying& v) {
                       return v.semantic == static_cast<uint32_t>(semantic) && v.index == index;
                     });
}

void set_fragment_interpolation(const Context& ctx, const tgsi::Declaration& decl,
                                Varying& varying) {
  auto interp = static_cast<Interpolation>(decl.interpolation);
  if (interp == Interpolation::Color) {
    interp = ctx.key.flatshade ? Interpolation::Constant : Interpolation::Perspective;
  }
  varying.interpolation = interp;
  varying.location = static_cast<InterpolationLocation>(decl.location);
}

namespace {

std::string qualifiers(const Varying& v) {
  std::string q;
  if (v.interpolation == Interpolation::Constant) q += "flat ";
  if (v.interpolation == Interpolation::Linear) q += "noperspective ";
  if (v.location == InterpolationLocation::Centroid) q += "centroid ";
  if (v.location == InterpolationLocation::Sample) q += "sample ";
  return q;
}

}  // namespace

void declare_varying(Context& ctx, Varying varying, bool output, bool array) {
  const std::string name = stage_varying_name(ctx, varying.semantic, varying.index, output);
  const bool patch = varying.semantic == static_cast<uint32_t>(Semantic::PATCH);
  const std::string suffix = array ? "[]" : "";
  if (!output && !prev_stage_writes(ctx, static_cast<Semantic>(varying.semantic), varying.index)) {
    // Per-vertex arrays of an unwritten input are left without initialiser (read as zero by
    // the GL implementations we run on; there is nothing meaningful to read either way).
    ctx.declarations += array ? "vec4 " + name + "[32];\n"
                              : "vec4 " + name + " = vec4(0.0, 0.0, 0.0, 1.0);\n";
    return;
  }
  if (output && ctx.key.has_next_stage) {
    for (const Varying& next : ctx.key.next_stage_inputs) {
      if (next.semantic == varying.semantic && next.index == varying.index) {
        varying.interpolation = next.interpolation;
        varying.location = next.location;
      }
    }
  }
  // Qualifiers matter only on the interface with the fragment shader: elsewhere both sides
  // leave them at the default.
  const bool fs_facing = ctx.shader.stage == tgsi::Stage::Fragment || output;
  ctx.declarations += (patch ? "patch " : "") + (fs_facing ? qualifiers(varying) : "") +
                      (output ? "out vec4 " : "in vec4 ") + name + suffix + ";\n";
}

}  // namespace vgpu::shader
