// Every real shader of corpus/shaders (captured from Mesa's virgl driver running piglit, and
// extracted by tests/tgsi/write_tgsi_fuzz_files) translates and the GLSL compiles and links on
// llvmpipe as a one-stage program, except those corpus/shaders/README.md lists as refused: for
// each of those the translator's message must be exactly the one the README gives.
#include <gtest/gtest.h>

#include <filesystem>

#include "tests/shader/gl_fixture.h"
#include "tests/shader/shader_test_util.h"
#include "tests/tgsi/corpus_refusals.h"

namespace vgpu::shader::testing {
namespace {

const std::filesystem::path kDir = std::filesystem::path(VGPU_CORPUS_DIR) / "shaders";

TEST(CorpusShaders, EveryShaderTranslatesAndCompilesOrIsAListedRefusal) {
  std::string why;
  GlContext* gl = GlContext::get(&why);
  ASSERT_NE(gl, nullptr) << why;
  const auto refusals = tgsi::testing::corpus_refusals(kDir);
  int compiled = 0, refused = 0;
  for (const auto& entry : std::filesystem::directory_iterator(kDir)) {
    if (entry.path().extension() != ".tgsi") continue;
    const std::string name = entry.path().filename().string();
    std::string error;
    const TranslatedShader t = translate_text(read_corpus_shader(name), &error);
    if (const auto it = refusals.find(name); it != refusals.end()) {
      EXPECT_TRUE(t.glsl.empty()) << name << " is listed as refused but translates";
      EXPECT_EQ(error, it->second) << name;
      ++refused;
      continue;
    }
    EXPECT_FALSE(t.glsl.empty()) << name << ": " << error;
    if (t.glsl.empty()) continue;
    const GLuint program = gl->link({{gl_stage(t.stage), t.glsl}}, &error, /*separable=*/true);
    EXPECT_NE(program, 0u) << name << ": " << error;
    glDeleteProgram(program);
    const auto errors = gl->take_errors();
    EXPECT_TRUE(errors.empty()) << name << ": " << errors.front();
    ++compiled;
  }
  EXPECT_EQ(refused, static_cast<int>(refusals.size())) << "README lists a file that is gone";
  EXPECT_GE(compiled, 10) << "corpus/shaders should hold the traces' shaders";
  std::cout << "corpus shaders: " << compiled << " compiled, " << refused << " refused\n";
}

}  // namespace
}  // namespace vgpu::shader::testing
