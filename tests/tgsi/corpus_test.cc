// The real shaders: every shader Mesa 22.3's virgl driver sent in the corpus traces, and the
// extracted corpus/shaders/*.tgsi, parse and validate.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "decoder/tgsi/validator.h"
#include "tests/tgsi/corpus_refusals.h"
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

// corpus/shaders (extracted) and corpus/fuzz/tgsi_parse (those plus hand-written seeds that
// reach indirect, 2D, memory and control-flow code): all valid, so fuzzing starts deep; except
// the shaders corpus/shaders/README.md lists as rejected by the validator, which must fail with
// exactly the message listed, and the seeds named invalid-*, written to start the fuzzer on the
// parser's and validator's error paths, which must be rejected with a position.
void expect_all_valid(const std::filesystem::path& dir, size_t at_least) {
  size_t files = 0;
  const auto refusals = testing::corpus_refusals(dir);
  for (const auto& entry : std::filesystem::directory_iterator(dir)) {
    if (entry.path().extension() != ".tgsi") continue;
    std::ifstream in(entry.path(), std::ios::binary);
    std::stringstream text;
    text << in.rdbuf();
    const CheckedShader c = parse_and_validate(text.str());
    const auto refused = refusals.find(entry.path().filename().string());
    if (refused != refusals.end() && refused->second.rfind("TGSI: ", 0) == 0) {
      EXPECT_FALSE(c.ok()) << entry.path() << " is listed as rejected but validates";
      EXPECT_EQ("TGSI: " + c.error.to_string(), refused->second) << entry.path();
      ++files;
      continue;
    }
    if (entry.path().filename().string().rfind("invalid-", 0) == 0) {
      EXPECT_FALSE(c.ok()) << entry.path() << " is meant to be invalid but validates";
      EXPECT_GT(c.error.where.line, 0u) << entry.path() << ": " << c.error.to_string();
      ++files;
      continue;
    }
    ASSERT_TRUE(c.ok()) << entry.path() << ": " << c.error.to_string();
    EXPECT_FALSE(c.shader.instructions.empty()) << entry.path();
    ++files;
  }
  EXPECT_GE(files, at_least) << dir;
}

TEST(TgsiCorpus, EveryExtractedShaderValidates) { expect_all_valid(kCorpus / "shaders", 17); }
TEST(TgsiCorpus, EveryFuzzSeedValidates) { expect_all_valid(kCorpus / "fuzz" / "tgsi_parse", 20); }

}  // namespace
}  // namespace vgpu::tgsi
