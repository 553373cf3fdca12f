// Helpers of the translator's tests: see shader_test_util.h.
#include "tests/shader/shader_test_util.h"

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

}  // namespace vgpu::shader::testing
