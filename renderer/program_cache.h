// Shader programs: TGSI text parsed once per shader object, translated to GLSL once per
// (shader, ShaderKey) variant, and linked once per distinct set of GLSL sources, the program
// cache being keyed by the sources' content (so equal shaders of different contexts share a
// program: all contexts are in one share group).  Every cache is bounded.
//
// A program is any graphics stage set gallium can bind: VS [+ TCS] [+ TES] [+ GS] [+ FS].  The
// stages are translated in pipeline order, each knowing the outputs of the stage before it
// (ShaderKey::prev_stage*), so varyings link by semantic across every pair of stages.
#pragma once

#include <epoxy/gl.h>

#include <array>
#include <memory>
#include <string>
#include <unordered_map>
#include <vector>

#include "renderer/state_objects.h"

namespace vgpu::renderer {

// The stages a draw runs, in pipeline order (COMPUTE is never part of a draw).
inline constexpr std::array<shader::Stage, 5> kGraphicsStages = {
    shader::Stage::VERTEX, shader::Stage::TESS_CTRL, shader::Stage::TESS_EVAL,
    shader::Stage::GEOMETRY, shader::Stage::FRAGMENT};

// Limits on stage properties, checked before GL sees a shader (GL's minimums for 4.x hosts;
// the capsets advertise the same).
inline constexpr uint32_t kMaxGeometryOutputVertices = 256;   // GL_MAX_GEOMETRY_OUTPUT_VERTICES
inline constexpr uint32_t kMaxGeometryInvocations = 32;       // GL_MAX_GEOMETRY_SHADER_INVOCATIONS
inline constexpr uint32_t kMaxPatchVertices = 32;             // GL_MAX_PATCH_VERTICES

// The shader objects bound for a draw, by stage_index(); nullptr where none is bound.
using StageShaders = std::array<ShaderObject*, shader::kStageCount>;

struct LinkedProgram {
  GLuint program = 0;
  // The translation of each linked stage, by stage_index(); empty for stages not in the program.
  std::array<std::shared_ptr<const shader::TranslatedShader>, shader::kStageCount> stages;
  LinkedProgram() = default;
  LinkedProgram(const LinkedProgram&) = delete;
  LinkedProgram& operator=(const LinkedProgram&) = delete;
  ~LinkedProgram() {
    if (program != 0) glDeleteProgram(program);
  }
  [[nodiscard]] const shader::TranslatedShader* stage(shader::Stage s) const {
    return stages[shader::stage_index(s)].get();
  }
  // The last stage before the rasterizer: GS, else TES, else VS (stream output comes from it).
  [[nodiscard]] const shader::TranslatedShader* last_vertex_stage() const {
    for (shader::Stage s : {shader::Stage::GEOMETRY, shader::Stage::TESS_EVAL}) {
      if (stage(s) != nullptr) return stage(s);
    }
    return stage(shader::Stage::VERTEX);
  }
};

// What the draw state contributes to the shader keys.
struct DrawKeys {
  shader::ShaderKey vertex;    // attribute masks
  shader::ShaderKey fragment;  // colour masks, flat shading, alpha test...
  // User clip planes, for the last stage before the rasterizer (VS, TES or GS).
  uint8_t clip_plane_enable = 0;
  // Swizzles (shader::pack_swizzle) of the sampler views bound to each stage, by slot: they go
  // into the key of the shadow samplers among them (ShaderKey::shadow_swizzles), which are
  // known only once the shader is translated.
  // Unbound slots are XYZW.  Fixed arrays: built on every draw, so nothing is allocated.
  using ViewSwizzles = std::array<uint16_t, virgl::kMaxSamplerViews>;
  std::array<ViewSwizzles, shader::kStageCount> view_swizzles = identity_swizzles();

  static std::array<ViewSwizzles, shader::kStageCount> identity_swizzles() {
    std::array<ViewSwizzles, shader::kStageCount> s;
    for (ViewSwizzles& stage : s) stage.fill(shader::kIdentitySwizzle);
    return s;
  }
};

// Parses and validates `s`'s TGSI once (property limits included); false with `why` set when
// it cannot be used.
[[nodiscard]] bool parse_shader(ShaderObject& s, std::string& why);

class ProgramCache {
 public:
  static constexpr size_t kMaxPrograms = 1024;
  static constexpr size_t kMaxVariantsPerShader = 16;

  // The program of the bound `shaders` under `keys`, or nullptr with `why` set.  A vertex
  // shader is required; a tessellation control shader requires an evaluation shader.
  [[nodiscard]] const LinkedProgram* get(const StageShaders& shaders, const DrawKeys& keys,
                                         std::string& why);
  void clear() { programs_.clear(); }

 private:
  std::unordered_map<std::string, std::unique_ptr<LinkedProgram>> programs_;
};

}  // namespace vgpu::renderer
