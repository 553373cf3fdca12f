// Shader programs: TGSI text parsed once per shader object, translated to GLSL once per
// (shader, ShaderKey) variant, and linked once per distinct set of GLSL sources, the program
// cache being keyed by the sources' content (so equal shaders of different contexts share a
// program: all contexts are in one share group).  Every cache is bounded.
#pragma once

#include <epoxy/gl.h>

#include <array>
#include <memory>
#include <string>
#include <unordered_map>
#include <vector>

#include "renderer/state_objects.h"

namespace vgpu::renderer {

struct LinkedProgram {
  GLuint program = 0;
  std::shared_ptr<const shader::TranslatedShader> vertex, fragment;
  LinkedProgram() = default;
  LinkedProgram(const LinkedProgram&) = delete;
  LinkedProgram& operator=(const LinkedProgram&) = delete;
  ~LinkedProgram() {
    if (program != 0) glDeleteProgram(program);
  }
};

// What the draw state contributes to the shader keys.
struct DrawKeys {
  shader::ShaderKey vertex;    // attribute masks, clip planes
  shader::ShaderKey fragment;  // colour masks, flat shading, alpha test...
  // Swizzles (shader::pack_swizzle) of the sampler views bound to each stage, by slot: they go
  // into the key of the shadow samplers among them (ShaderKey::shadow_swizzles), which are
  // known only once the shader is translated.
  // Unbound slots are XYZW.  Fixed arrays: built on every draw, so nothing is allocated.
  using ViewSwizzles = std::array<uint16_t, virgl::kMaxSamplerViews>;
  ViewSwizzles vertex_view_swizzles = identity_swizzles();
  ViewSwizzles fragment_view_swizzles = identity_swizzles();

  static ViewSwizzles identity_swizzles() {
    ViewSwizzles s;
    s.fill(shader::kIdentitySwizzle);
    return s;
  }
};

// A compute program: one stage, kept apart from the graphics programs (LAUNCH_GRID).
struct ComputeProgram {
  GLuint program = 0;
  std::shared_ptr<const shader::TranslatedShader> compute;
  ComputeProgram() = default;
  ComputeProgram(const ComputeProgram&) = delete;
  ComputeProgram& operator=(const ComputeProgram&) = delete;
  ~ComputeProgram() {
    if (program != 0) glDeleteProgram(program);
  }
};

class ProgramCache {
 public:
  static constexpr size_t kMaxPrograms = 1024;
  static constexpr size_t kMaxVariantsPerShader = 16;

  // The program for `vs` + `fs` under `keys`, or nullptr with `why` set.
  [[nodiscard]] const LinkedProgram* get(ShaderObject& vs, ShaderObject& fs, DrawKeys keys,
                                         std::string& why);
  // The program for compute shader `cs` (translated with its CREATE_OBJECT shared memory size),
  // or nullptr with `why` set.
  [[nodiscard]] const ComputeProgram* get_compute(ShaderObject& cs, std::string& why);
  void clear() {
    programs_.clear();
    compute_programs_.clear();
  }

 private:
  std::unordered_map<std::string, std::unique_ptr<LinkedProgram>> programs_;
  std::unordered_map<std::string, std::unique_ptr<ComputeProgram>> compute_programs_;
};

}  // namespace vgpu::renderer
