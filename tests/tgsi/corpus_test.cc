// The real shaders: every shader Mesa 22.3's virgl driver sent in the corpus traces, and the
// extracted corpus/shaders/*.tgsi, parse and validate.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "decoder/tgsi/validator.h"
#include "tests/tgsi/trace_shaders.h"

namespace vgpu::tgsi {
namespace {

const std::filesystem::path kCorpus = VGPU_CORPUS_DIR;

TEST(TgsiCorpus, EveryShaderOfTheCorpusTracesValidates) {
  size_t shaders = 0;
  for (const auto& entry : std::filesystem::directory_iterator(kCorpus / "traces")) {
    if (entry.path().extension() != ".vtrc") continue;
    const testing::TraceShaders found = testing::shaders_of_trace(entry.path());
    EXPECT_EQ(found.error, "") << entry.path();
    for (const testing::TraceShader& s : found.shaders) {
      const CheckedShader c = parse_and_validate(s.text);
      EXPECT_TRUE(c.ok()) << entry.path() << " handle " << s.handle << ": " << c.error.to_string() << "\n" << s.text;
      ++shaders;
    }
  }
  EXPECT_GE(shaders, 16u);  // the 8 traces hold at least one VS/FS pair each
}

TEST(TgsiCorpus, EveryExtractedShaderValidatesAndEndsInEnd) {
  size_t files = 0;
  for (const auto& entry : std::filesystem::directory_iterator(kCorpus / "shaders")) {
    if (entry.path().extension() != ".tgsi") continue;
    std::ifstream in(entry.path(), std::ios::binary);
    std::stringstream text;
    text << in.rdbuf();
    const CheckedShader c = parse_and_validate(text.str());
    ASSERT_TRUE(c.ok()) << entry.path() << ": " << c.error.to_string();
    EXPECT_FALSE(c.shader.instructions.empty()) << entry.path();
    ++files;
  }
  EXPECT_GE(files, 17u);
}

}  // namespace
}  // namespace vgpu::tgsi
