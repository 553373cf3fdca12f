#include "renderer/program_cache.h"

#include <vector>

#include "decoder/tgsi/validator.h"

namespace vgpu::renderer {
namespace {

// "" when the stage properties of `shader` are within what GL promises, the reason otherwise.
std::string property_limits(const tgsi::Shader& shader) {
  struct Limit {
    tgsi::PropertyId id;
    const char* name;
    uint32_t max;
  };
  constexpr Limit kLimits[] = {
      {tgsi::PropertyId::GS_MAX_OUTPUT_VERTICES, "GS_MAX_OUTPUT_VERTICES",
       kMaxGeometryOutputVertices},
      {tgsi::PropertyId::GS_INVOCATIONS, "GS_INVOCATIONS", kMaxGeometryInvocations},
      {tgsi::PropertyId::TCS_VERTICES_OUT, "TCS_VERTICES_OUT", kMaxPatchVertices},
  };
  for (const tgsi::Property& p : shader.properties) {
    for (const Limit& limit : kLimits) {
      if (p.id == limit.id && p.value > limit.max) {
        return std::string(limit.name) + " " + std::to_string(p.value) + " exceeds " +
               std::to_string(limit.max);
      }
    }
  }
  return {};
}

std::shared_ptr<const shader::TranslatedShader> variant(ShaderObject& s,
                                                        const shader::ShaderKey& key,
                                                        std::string& why) {
  if (!parse_shader(s, why)) return nullptr;
  for (const auto& [k, translated] : s.variants) {
    if (k == key) return translated;
  }
  auto translated = shader::translate(*s.ir, key, stream_output_info(s));
  if (!translated) {
    why = "GLSL translation: " + translated.error().message;
    return nullptr;
  }
  if (s.variants.size() >= ProgramCache::kMaxVariantsPerShader) s.variants.erase(s.variants.begin());
  auto shared = std::make_shared<const shader::TranslatedShader>(std::move(*translated));
  s.variants.emplace_back(key, shared);
  return shared;
}

// `s` under `key`, translated again with its shadow samplers' view swizzles in the key when one
// of them is not XYZW (legacy GL's depth texture modes; rare, so most shaders translate once).
std::shared_ptr<const shader::TranslatedShader> variant_for_views(
    ShaderObject& s, shader::ShaderKey key, const DrawKeys::ViewSwizzles& view_swizzles,
    std::string& why) {
  auto translated = variant(s, key, why);
  if (!translated) return nullptr;
  std::vector<uint16_t> wanted;
  for (const shader::SamplerInfo& info : translated->samplers) {
    if (!info.shadow || info.slot >= view_swizzles.size() ||
        view_swizzles[info.slot] == shader::kIdentitySwizzle) {
      continue;
    }
    if (wanted.size() <= info.slot) wanted.resize(info.slot + 1, shader::kIdentitySwizzle);
    wanted[info.slot] = view_swizzles[info.slot];
  }
  if (wanted.empty()) return translated;
  key.shadow_swizzles = std::move(wanted);
  return variant(s, key, why);
}

GLuint compile(GLenum type, const std::string& source, std::string& why) {
  const GLuint shader = glCreateShader(type);
  const char* text = source.c_str();
  glShaderSource(shader, 1, &text, nullptr);
  glCompileShader(shader);
  GLint ok = GL_FALSE;
  glGetShaderiv(shader, GL_COMPILE_STATUS, &ok);
  if (ok == GL_TRUE) return shader;
  std::vector<char> log(2048);
  glGetShaderInfoLog(shader, static_cast<GLsizei>(log.size()), nullptr, log.data());
  why = std::string("GLSL compile: ") + log.data();
  glDeleteShader(shader);
  return 0;
}

GLenum gl_shader_type(shader::Stage stage) {
  switch (stage) {
    case shader::Stage::VERTEX: return GL_VERTEX_SHADER;
    case shader::Stage::FRAGMENT: return GL_FRAGMENT_SHADER;
    case shader::Stage::GEOMETRY: return GL_GEOMETRY_SHADER;
    case shader::Stage::TESS_CTRL: return GL_TESS_CONTROL_SHADER;
    case shader::Stage::TESS_EVAL: return GL_TESS_EVALUATION_SHADER;
    default: return GL_COMPUTE_SHADER;
  }
}

// Compiles and links every stage of `linked` (its `stages` set); false with `why` otherwise.
bool link(LinkedProgram& linked, std::string& why) {
  linked.program = glCreateProgram();
  bool compiled = true;
  for (const auto& ts : linked.stages) {
    if (!ts) continue;
    const GLuint shader = compile(gl_shader_type(ts->stage), ts->glsl, why);
    if (shader == 0) {
      compiled = false;
      break;
    }
    glAttachShader(linked.program, shader);
    glDeleteShader(shader);  // freed with the program
  }
  if (!compiled) return false;
  // Stream output is part of the program: GL fixes the captured varyings at link time, from the
  // last stage before the rasterizer (the only one whose stream-out info Mesa fills).
  if (const shader::TranslatedShader* last = linked.last_vertex_stage();
      last != nullptr && !last->stream_out_varyings.empty()) {
    std::vector<const char*> names;
    for (const std::string& name : last->stream_out_varyings) names.push_back(name.c_str());
    glTransformFeedbackVaryings(linked.program, static_cast<GLsizei>(names.size()), names.data(),
                                GL_INTERLEAVED_ATTRIBS);
  }
  glLinkProgram(linked.program);
  GLint ok = GL_FALSE;
  glGetProgramiv(linked.program, GL_LINK_STATUS, &ok);
  if (ok == GL_TRUE) return true;
  std::vector<char> log(2048);
  glGetProgramInfoLog(linked.program, static_cast<GLsizei>(log.size()), nullptr, log.data());
  why = std::string("GLSL link: ") + log.data();
  return false;
}

}  // namespace

bool parse_shader(ShaderObject& s, std::string& why) {
  if (!s.parsed) {
    s.parsed = true;
    tgsi::CheckedShader checked = tgsi::parse_and_validate(s.text);
    if (!checked.ok()) {
      s.parse_error = "TGSI " + checked.error.to_string();
    } else if (std::string limits = property_limits(checked.shader); !limits.empty()) {
      s.parse_error = limits;
    } else {
      s.ir = std::make_shared<const tgsi::Shader>(std::move(checked.shader));
    }
  }
  if (!s.ir) why = s.parse_error;
  return s.ir != nullptr;
}

const LinkedProgram* ProgramCache::get(const StageShaders& shaders, const DrawKeys& keys,
                                       std::string& why) {
  using shader::Stage;
  auto bound = [&](Stage s) { return shaders[shader::stage_index(s)]; };
  if (bound(Stage::VERTEX) == nullptr) {
    why = "no vertex shader is bound";
    return nullptr;
  }
  if (bound(Stage::TESS_CTRL) != nullptr && bound(Stage::TESS_EVAL) == nullptr) {
    why = "a tessellation control shader is bound without an evaluation shader";
    return nullptr;
  }
  // The last stage before the rasterizer takes the user clip planes and, facing the fragment
  // shader, that shader's interpolation qualifiers.
  Stage last_vertex_stage = Stage::VERTEX;
  for (Stage s : {Stage::TESS_EVAL, Stage::GEOMETRY}) {
    if (bound(s) != nullptr) last_vertex_stage = s;
  }
  // The fragment shader's inputs decide the qualifiers of its writer's outputs, and the
  // writer's outputs decide which fragment inputs exist: translate FS alone first, then every
  // stage in order knowing the outputs of the one before.
  std::shared_ptr<const shader::TranslatedShader> fs_alone;
  if (ShaderObject* fs = bound(Stage::FRAGMENT)) {
    fs_alone = variant(*fs, keys.fragment, why);
    if (!fs_alone) return nullptr;
  }
  std::array<std::shared_ptr<const shader::TranslatedShader>, shader::kStageCount> stages;
  const shader::TranslatedShader* previous = nullptr;
  std::string sources;  // every stage's GLSL, "" for absent stages: the program's identity
  for (Stage s : kGraphicsStages) {
    sources.push_back('\0');
    ShaderObject* object = bound(s);
    if (object == nullptr) continue;
    shader::ShaderKey key = s == Stage::VERTEX     ? keys.vertex
                            : s == Stage::FRAGMENT ? keys.fragment
                                                   : shader::ShaderKey{};
    if (s == last_vertex_stage) {
      key.clip_plane_enable = keys.clip_plane_enable;
      if (fs_alone) {
        key.has_next_stage = true;
        key.next_stage_inputs = fs_alone->inputs;
      }
    }
    if (previous != nullptr) {
      key.has_prev_stage = true;
      key.prev_stage = previous->stage;
      key.prev_stage_outputs = previous->outputs;
    }
    auto translated =
        variant_for_views(*object, std::move(key), keys.view_swizzles[shader::stage_index(s)], why);
    if (!translated) return nullptr;
    sources += translated->glsl;
    previous = translated.get();
    stages[shader::stage_index(s)] = std::move(translated);
  }
  // Equal GLSL may capture into different buffer layouts (offsets and strides only show in
  // the varyings list).
  for (const auto& stage : stages) {
    if (!stage) continue;
    for (const std::string& name : stage->stream_out_varyings) {
      sources.push_back('\0');
      sources += name;
    }
  }
  if (auto it = programs_.find(sources); it != programs_.end()) return it->second.get();
  auto linked = std::make_unique<LinkedProgram>();
  linked->stages = std::move(stages);
  if (!link(*linked, why)) return nullptr;
  if (programs_.size() >= kMaxPrograms) programs_.clear();
  return programs_.emplace(std::move(sources), std::move(linked)).first->second.get();
}

}  // namespace vgpu::renderer
