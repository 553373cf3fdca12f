// Every real shader of corpus/shaders (extracted from the traces by the TGSI helper) translates
// and the GLSL compiles and links on llvmpipe as a one-stage program.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "tests/shader/gl_fixture.h"
#include "tests/shader/shader_test_util.h"

namespace vgpu::shader::testing {
namespace {

GLenum gl_stage(Stage s) {
  switch (s) {
    case Stage::VERTEX: return GL_VERTEX_SHADER;
    case Stage::FRAGMENT: return GL_FRAGMENT_SHADER;
    case Stage::GEOMETRY: return GL_GEOMETRY_SHADER;
    case Stage::TESS_CTRL: return GL_TESS_CONTROL_SHADER;
    case Stage::TESS_EVAL: return GL_TESS_EVALUATION_SHADER;
    default: return GL_COMPUTE_SHADER;
  }
}

TEST(CorpusShaders, EveryShaderTranslatesAndCompiles) {
  const std::filesystem::path dir = std::filesystem::path(VGPU_CORPUS_DIR) / "shaders";
  std::string why;
  GlContext* gl = GlContext::get(&why);
  ASSERT_NE(gl, nullptr) << why;
  int count = 0;
  for (const auto& entry : std::filesystem::directory_iterator(dir)) {
    if (entry.path().extension() != ".tgsi") continue;
    std::ifstream in(entry.path());
    std::stringstream text;
    text << in.rdbuf();
    std::string error;
    const TranslatedShader t = translate_text(text.str(), &error);
    ASSERT_FALSE(t.glsl.empty()) << entry.path() << ": " << error;
    const GLuint program = gl->link({{gl_stage(t.stage), t.glsl}}, &error);
    EXPECT_NE(program, 0u) << entry.path() << ": " << error;
    glDeleteProgram(program);
    const auto errors = gl->take_errors();
    EXPECT_TRUE(errors.empty()) << entry.path() << ": " << errors.front();
    ++count;
  }
  EXPECT_GE(count, 10) << "corpus/shaders should hold the traces' shaders";
}

}  // namespace
}  // namespace vgpu::shader::testing
