// Helpers of the translator's tests: see shader_test_util.h.
#include "tests/shader/shader_test_util.h"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "decoder/tgsi/validator.h"
#include "tests/shader/gl_fixture.h"

namespace vgpu::shader::testing {

TranslatedShader translate_text(const std::string& tgsi, std::string* error, const ShaderKey& key,
                                const StreamOutputInfo& so) {
  const tgsi::CheckedShader checked = tgsi::parse_and_validate(tgsi);
  if (!checked.ok()) {
    *error = "TGSI: " + checked.error.to_string();
    return {};
  }
  auto result = translate(checked.shader, key, so);
  if (!result.ok()) {
    *error = "translate: " + result.error().message;
    return {};
  }
  return std::move(result.value());
}

std::string read_corpus_shader(const std::string& name) {
  std::ifstream in(std::filesystem::path(VGPU_CORPUS_DIR) / "shaders" / name);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

GLuint bind_constant_buffer(Stage stage, uint32_t slot, const std::vector<uint32_t>& words) {
  GLuint buffer = 0;
  glGenBuffers(1, &buffer);
  glBindBuffer(GL_UNIFORM_BUFFER, buffer);
  glBufferData(GL_UNIFORM_BUFFER, static_cast<GLsizeiptr>(words.size() * 4), words.data(),
               GL_STATIC_DRAW);
  glBindBufferBase(GL_UNIFORM_BUFFER, uniform_block_binding(stage, slot), buffer);
  return buffer;
}

std::string compute_shader(const std::string& decls, const std::string& body) {
  return "COMP\nPROPERTY CS_FIXED_BLOCK_WIDTH 1\nPROPERTY CS_FIXED_BLOCK_HEIGHT 1\n"
         "PROPERTY CS_FIXED_BLOCK_DEPTH 1\nDCL BUFFER[0]\n" +
         decls + body + "END\n";
}

std::vector<uint32_t> run_compute(const std::string& glsl, std::vector<uint32_t> words,
                                  std::string* error) {
  GlContext* gl = GlContext::get(error);
  if (!gl) return {};
  const GLuint program = gl->link({{GL_COMPUTE_SHADER, glsl}}, error);
  if (!program) return {};
  GLuint buffer = 0;
  glGenBuffers(1, &buffer);
  glBindBuffer(GL_SHADER_STORAGE_BUFFER, buffer);
  glBufferData(GL_SHADER_STORAGE_BUFFER, static_cast<GLsizeiptr>(words.size() * 4), words.data(),
               GL_DYNAMIC_COPY);
  glBindBufferBase(GL_SHADER_STORAGE_BUFFER, shader_buffer_binding(Stage::COMPUTE, 0), buffer);
  glUseProgram(program);
  glDispatchCompute(1, 1, 1);
  glMemoryBarrier(GL_BUFFER_UPDATE_BARRIER_BIT);
  glGetBufferSubData(GL_SHADER_STORAGE_BUFFER, 0, static_cast<GLsizeiptr>(words.size() * 4),
                     words.data());
  glDeleteBuffers(1, &buffer);
  glDeleteProgram(program);
  for (const std::string& e : gl->take_errors()) *error += "GL error: " + e + "\n";
  if (!error->empty()) return {};
  return words;
}

namespace {

// The vertices of a triangle that covers the whole window, from gl_VertexID alone.
constexpr const char* kCoverWindowVertexShader = R"(#version 430 core
void main() {
  gl_Position = vec4(gl_VertexID == 1 ? 3.0 : -1.0, gl_VertexID == 2 ? 3.0 : -1.0, 0.0, 1.0);
}
)";

}  // namespace

std::vector<std::array<uint32_t, 4>> run_fragment(const std::string& fs_glsl, int width,
                                                  int height, std::string* error) {
  return run_draw({{GL_FRAGMENT_SHADER, fs_glsl}}, GL_TRIANGLES, width, height, error);
}

std::vector<std::array<uint32_t, 4>> run_draw(std::vector<std::pair<GLenum, std::string>> stages,
                                              GLenum mode, int width, int height,
                                              std::string* error) {
  GlContext* gl = GlContext::get(error);
  if (!gl) return {};
  if (std::none_of(stages.begin(), stages.end(),
                   [](const auto& s) { return s.first == GL_VERTEX_SHADER; })) {
    stages.emplace_back(GL_VERTEX_SHADER, kCoverWindowVertexShader);
  }
  const GLuint program = gl->link(stages, error);
  if (!program) return {};
  GLuint texture = 0, fbo = 0, vao = 0;
  glGenTextures(1, &texture);
  glBindTexture(GL_TEXTURE_2D, texture);
  glTexStorage2D(GL_TEXTURE_2D, 1, GL_RGBA32UI, width, height);
  glGenFramebuffers(1, &fbo);
  glBindFramebuffer(GL_FRAMEBUFFER, fbo);
  glFramebufferTexture2D(GL_FRAMEBUFFER, GL_COLOR_ATTACHMENT0, GL_TEXTURE_2D, texture, 0);
  const GLuint clear[4] = {kClearWord, kClearWord, kClearWord, kClearWord};
  glClearBufferuiv(GL_COLOR, 0, clear);
  glViewport(0, 0, width, height);
  glGenVertexArrays(1, &vao);
  glBindVertexArray(vao);
  glUseProgram(program);
  if (mode == GL_PATCHES) glPatchParameteri(GL_PATCH_VERTICES, 3);
  glDrawArrays(mode, 0, 3);
  std::vector<std::array<uint32_t, 4>> pixels(static_cast<size_t>(width * height));
  glReadPixels(0, 0, width, height, GL_RGBA_INTEGER, GL_UNSIGNED_INT, pixels.data());
  glBindFramebuffer(GL_FRAMEBUFFER, 0);
  glDeleteFramebuffers(1, &fbo);
  glDeleteTextures(1, &texture);
  glDeleteVertexArrays(1, &vao);
  glDeleteProgram(program);
  for (const std::string& e : gl->take_errors()) *error += "GL error: " + e + "\n";
  if (!error->empty()) return {};
  return pixels;
}

std::vector<TranslatedShader> translate_chain(const std::vector<std::string>& tgsi,
                                              std::string* error) {
  std::vector<TranslatedShader> out(tgsi.size());
  for (int pass = 0; pass < 2; ++pass) {
    for (size_t i = 0; i < tgsi.size(); ++i) {
      ShaderKey key;
      if (i > 0) {
        key.has_prev_stage = true;
        key.prev_stage_outputs = out[i - 1].outputs;
        key.prev_stage = out[i - 1].stage;
      }
      if (i + 1 < tgsi.size() && pass == 1) {
        key.has_next_stage = true;
        key.next_stage_inputs = out[i + 1].inputs;
      }
      if (i + 1 == tgsi.size()) key.color_uint_mask = 1;
      out[i] = translate_text(tgsi[i], error, key);
      if (out[i].glsl.empty()) return {};
    }
  }
  return out;
}

GLenum gl_stage(Stage s) {
  switch (s) {
    case Stage::VERTEX: return GL_VERTEX_SHADER;
    case Stage::GEOMETRY: return GL_GEOMETRY_SHADER;
    case Stage::TESS_CTRL: return GL_TESS_CONTROL_SHADER;
    case Stage::TESS_EVAL: return GL_TESS_EVALUATION_SHADER;
    case Stage::FRAGMENT: return GL_FRAGMENT_SHADER;
    default: return GL_COMPUTE_SHADER;
  }
}

std::vector<std::array<uint32_t, 4>> draw_chain(const std::vector<std::string>& tgsi, GLenum mode,
                                                std::string* error) {
  const auto chain = translate_chain(tgsi, error);
  if (chain.empty()) return {};
  std::vector<std::pair<GLenum, std::string>> stages;
  for (const TranslatedShader& t : chain) stages.emplace_back(gl_stage(t.stage), t.glsl);
  return run_draw(stages, mode, 4, 4, error);
}

}  // namespace vgpu::shader::testing
