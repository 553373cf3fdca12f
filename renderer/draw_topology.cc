#include "renderer/draw_topology.h"

#include "decoder/tgsi/ir.h"

namespace vgpu::renderer {
namespace {

using shader::Stage;
using tgsi::PropertyId;

// What a primitive is made of, as far as the next stage is concerned.
enum class Assembly : uint8_t { Points, Lines, LinesAdjacency, Triangles, TrianglesAdjacency,
                                Patches, None };
constexpr const char* kAssemblyNames[] = {"points", "lines", "lines with adjacency",
                                          "triangles", "triangles with adjacency", "patches",
                                          "nothing drawable"};

Assembly assembly_of(uint32_t prim) {
  switch (prim) {
    case 0: return Assembly::Points;
    case 1: case 2: case 3: return Assembly::Lines;
    case 4: case 5: case 6: return Assembly::Triangles;
    case 10: case 11: return Assembly::LinesAdjacency;
    case 12: case 13: return Assembly::TrianglesAdjacency;
    case 14: return Assembly::Patches;
    default: return Assembly::None;
  }
}

uint32_t property(const ShaderObject& s, PropertyId id, uint32_t fallback) {
  for (const tgsi::Property& p : s.ir->properties) {
    if (p.id == id) return p.value;
  }
  return fallback;
}

// What the geometry shader's input layout accepts: the translator declares anything that is
// not points, lines or an adjacency primitive as triangles (shader/stage_layout.cc).
Assembly geometry_input(const ShaderObject& gs) {
  const Assembly a = assembly_of(property(gs, PropertyId::GS_INPUT_PRIMITIVE, 4));
  return a == Assembly::None || a == Assembly::Patches ? Assembly::Triangles : a;
}

// What the tessellator emits: points in point mode, lines for isolines, else triangles.
Assembly tessellation_output(const ShaderObject& tes) {
  if (property(tes, PropertyId::TES_POINT_MODE, 0) != 0) return Assembly::Points;
  return property(tes, PropertyId::TES_PRIM_MODE, 4) == 1 ? Assembly::Lines : Assembly::Triangles;
}

const ShaderObject* bound(const StageShaders& shaders, Stage s) {
  return shaders[shader::stage_index(s)];
}

}  // namespace

std::string parse_stages(const StageShaders& shaders) {
  std::string why;
  for (ShaderObject* s : shaders) {
    if (s != nullptr && !parse_shader(*s, why)) return why;
  }
  return {};
}

bool rasterizes_points(const StageShaders& shaders, uint32_t mode) {
  if (const ShaderObject* gs = bound(shaders, Stage::GEOMETRY)) {
    return property(*gs, PropertyId::GS_OUTPUT_PRIMITIVE, 5) == kPrimPoints;
  }
  if (const ShaderObject* tes = bound(shaders, Stage::TESS_EVAL)) {
    return tessellation_output(*tes) == Assembly::Points;
  }
  return mode == kPrimPoints;
}

uint32_t rasterized_class(const StageShaders& shaders, uint32_t mode) {
  Assembly a = assembly_of(mode);
  if (const ShaderObject* gs = bound(shaders, Stage::GEOMETRY)) {
    a = assembly_of(property(*gs, PropertyId::GS_OUTPUT_PRIMITIVE, 5));
  } else if (const ShaderObject* tes = bound(shaders, Stage::TESS_EVAL)) {
    a = tessellation_output(*tes);
  }
  if (a == Assembly::Points) return 0;
  return a == Assembly::Lines || a == Assembly::LinesAdjacency ? 1u : 4u;
}

const ShaderObject* last_vertex_stage(const StageShaders& shaders) {
  for (Stage s : {Stage::GEOMETRY, Stage::TESS_EVAL}) {
    if (const ShaderObject* o = bound(shaders, s)) return o;
  }
  return bound(shaders, Stage::VERTEX);
}

std::string check_topology(const StageShaders& shaders, const virgl::DrawVbo& d) {
  if (d.mode >= 32 || ((kDrawablePrimitives >> d.mode) & 1) == 0) {
    return "primitive " + std::to_string(d.mode) + " is not offered (capset prim_mask)";
  }
  Assembly reaching = assembly_of(d.mode);
  const ShaderObject* tes = bound(shaders, Stage::TESS_EVAL);
  if ((reaching == Assembly::Patches) != (tes != nullptr)) {
    return tes != nullptr ? "a tessellation evaluation shader is bound: the draw must be PATCHES"
                          : "PATCHES are drawn only with a tessellation evaluation shader";
  }
  if (tes != nullptr) {
    if (d.vertices_per_patch == 0 || d.vertices_per_patch > kMaxPatchVertices) {
      return "vertices_per_patch " + std::to_string(d.vertices_per_patch) + " is outside 1.." +
             std::to_string(kMaxPatchVertices);
    }
    reaching = tessellation_output(*tes);
  }
  if (const ShaderObject* gs = bound(shaders, Stage::GEOMETRY)) {
    const Assembly wanted = geometry_input(*gs);
    if (wanted != reaching) {
      return std::string("the geometry shader takes ") +
             kAssemblyNames[static_cast<uint32_t>(wanted)] + " but the draw gives it " +
             kAssemblyNames[static_cast<uint32_t>(reaching)];
    }
  }
  return {};
}

void apply_tessellation(const SubContext& sub, const StageShaders& shaders,
                        const virgl::DrawVbo& d) {
  if (bound(shaders, Stage::TESS_EVAL) == nullptr) return;
  glPatchParameteri(GL_PATCH_VERTICES, static_cast<GLint>(d.vertices_per_patch));
  // Without a control shader the levels come from here (gallium's set_tess_state).
  glPatchParameterfv(GL_PATCH_DEFAULT_OUTER_LEVEL, sub.tess_outer.data());
  glPatchParameterfv(GL_PATCH_DEFAULT_INNER_LEVEL, sub.tess_inner.data());
}

}  // namespace vgpu::renderer
