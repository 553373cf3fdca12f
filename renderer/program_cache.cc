#include "renderer/program_cache.h"

#include <vector>

#include "decoder/tgsi/validator.h"

namespace vgpu::renderer {
namespace {

bool parse(ShaderObject& s, std::string& why) {
  if (!s.parsed) {
    s.parsed = true;
    tgsi::CheckedShader checked = tgsi::parse_and_validate(s.text);
    if (checked.ok()) {
      s.ir = std::make_shared<const tgsi::Shader>(std::move(checked.shader));
    } else {
      s.parse_error = "TGSI " + checked.error.to_string();
    }
  }
  if (!s.ir) why = s.parse_error;
  return s.ir != nullptr;
}

std::shared_ptr<const shader::TranslatedShader> variant(ShaderObject& s,
                                                        const shader::ShaderKey& key,
                                                        std::string& why) {
  if (!parse(s, why)) return nullptr;
  for (const auto& [k, translated] : s.variants) {
    if (k == key) return translated;
  }
  auto translated = shader::translate(*s.ir, key, shader::StreamOutputInfo{});
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

bool link_status(GLuint program, std::string& why) {
  GLint ok = GL_FALSE;
  glGetProgramiv(program, GL_LINK_STATUS, &ok);
  if (ok == GL_TRUE) return true;
  std::vector<char> log(2048);
  glGetProgramInfoLog(program, static_cast<GLsizei>(log.size()), nullptr, log.data());
  why = std::string("GLSL link: ") + log.data();
  return false;
}

std::unique_ptr<LinkedProgram> link(std::shared_ptr<const shader::TranslatedShader> vs,
                                    std::shared_ptr<const shader::TranslatedShader> fs,
                                    std::string& why) {
  const GLuint vertex = compile(GL_VERTEX_SHADER, vs->glsl, why);
  if (vertex == 0) return nullptr;
  const GLuint fragment = compile(GL_FRAGMENT_SHADER, fs->glsl, why);
  if (fragment == 0) {
    glDeleteShader(vertex);
    return nullptr;
  }
  auto linked = std::make_unique<LinkedProgram>();
  linked->program = glCreateProgram();
  glAttachShader(linked->program, vertex);
  glAttachShader(linked->program, fragment);
  glLinkProgram(linked->program);
  glDeleteShader(vertex);
  glDeleteShader(fragment);
  if (!link_status(linked->program, why)) return nullptr;
  linked->vertex = std::move(vs);
  linked->fragment = std::move(fs);
  return linked;
}

}  // namespace

const LinkedProgram* ProgramCache::get(ShaderObject& vs, ShaderObject& fs, DrawKeys keys,
                                       std::string& why) {
  // The fragment shader's inputs decide the vertex shader's output qualifiers, and the vertex
  // shader's outputs decide which fragment inputs exist: translate FS alone first, then VS
  // knowing its reader, then FS knowing its writer.
  auto fs_alone = variant(fs, keys.fragment, why);
  if (!fs_alone) return nullptr;
  keys.vertex.has_next_stage = true;
  keys.vertex.next_stage_inputs = fs_alone->inputs;
  auto vertex = variant_for_views(vs, keys.vertex, keys.vertex_view_swizzles, why);
  if (!vertex) return nullptr;
  keys.fragment.has_prev_stage = true;
  keys.fragment.prev_stage_outputs = vertex->outputs;
  auto fragment = variant_for_views(fs, keys.fragment, keys.fragment_view_swizzles, why);
  if (!fragment) return nullptr;
  std::string sources = vertex->glsl;
  sources.push_back('\0');
  sources += fragment->glsl;
  if (auto it = programs_.find(sources); it != programs_.end()) return it->second.get();
  auto linked = link(std::move(vertex), std::move(fragment), why);
  if (!linked) return nullptr;
  if (programs_.size() >= kMaxPrograms) programs_.clear();
  return programs_.emplace(std::move(sources), std::move(linked)).first->second.get();
}

// ---- Compute ---------------------------------------------------------------------------------
// One stage and no key: the shader's one variant carries the shared memory size the guest asked
// for (req_local_mem), which TGSI's SHARED declaration does not state.
const ComputeProgram* ProgramCache::get_compute(ShaderObject& cs, std::string& why) {
  if (!parse(cs, why)) return nullptr;
  std::shared_ptr<const shader::TranslatedShader> translated;
  if (!cs.variants.empty()) translated = cs.variants.front().second;
  if (!translated) {
    shader::StreamOutputInfo info;
    info.shared_memory_bytes = cs.header.shared_memory_size;
    auto result = shader::translate(*cs.ir, shader::ShaderKey{}, info);
    if (!result) {
      why = "GLSL translation: " + result.error().message;
      return nullptr;
    }
    translated = std::make_shared<const shader::TranslatedShader>(std::move(*result));
    cs.variants.emplace_back(shader::ShaderKey{}, translated);
  }
  if (auto it = compute_programs_.find(translated->glsl); it != compute_programs_.end()) {
    return it->second.get();
  }
  const GLuint stage = compile(GL_COMPUTE_SHADER, translated->glsl, why);
  if (stage == 0) return nullptr;
  auto linked = std::make_unique<ComputeProgram>();
  linked->program = glCreateProgram();
  glAttachShader(linked->program, stage);
  glLinkProgram(linked->program);
  glDeleteShader(stage);
  if (!link_status(linked->program, why)) return nullptr;
  linked->compute = std::move(translated);
  if (compute_programs_.size() >= kMaxPrograms) compute_programs_.clear();
  std::string key = linked->compute->glsl;
  return compute_programs_.emplace(std::move(key), std::move(linked)).first->second.get();
}

}  // namespace vgpu::renderer
