// vgpu-replay (tools/vgpu_replay/main.cc) run as a user runs it: options, files it writes, exit
// status and messages.
#include <gtest/gtest.h>
#include <sys/wait.h>

#include <cstdio>
#include <fstream>
#include <iterator>
#include <nlohmann/json.hpp>
#include <regex>

#include "replay/png_codec.h"
#include "tests/replay/test_traces.h"

namespace vgpu::replay {
namespace {

using testing::corpus_trace;
using testing::ScratchDir;

struct CommandResult {
  int status = -1;
  std::string output;  // stdout and stderr together
};

CommandResult vgpu_replay(const std::string& arguments) {
  // As for the CLI ctests (tests/replay/CMakeLists.txt): in sanitizer builds the child's leak
  // check is off; its leaks are Mesa's, and LSan's tracer itself can crash stopping llvmpipe's
  // threads at exit.  Memory errors are still caught.
  const std::string command = "ASAN_OPTIONS=\"${ASAN_OPTIONS:-}:detect_leaks=0\" " +
                              std::string(VGPU_BINARY_DIR) + "/tools/vgpu-replay " + arguments +
                              " 2>&1";
  CommandResult result;
  FILE* pipe = popen(command.c_str(), "r");
  if (!pipe) return result;
  char buffer[4096];
  size_t n;
  while ((n = fread(buffer, 1, sizeof buffer, pipe)) > 0) result.output.append(buffer, n);
  const int status = pclose(pipe);
  result.status = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return result;
}

std::string read_text(const std::filesystem::path& path) {
  std::ifstream in(path);
  return {std::istreambuf_iterator<char>(in), {}};
}

// The documented name of a dumped frame (docs/replay.md), which --reference looks up.
std::string frame_png(uint64_t frame) {
  char name[32];
  std::snprintf(name, sizeof name, "frame-%06llu.png", static_cast<unsigned long long>(frame));
  return name;
}

size_t count(const std::string& text, const std::string& what) {
  size_t n = 0;
  for (size_t at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) ++n;
  return n;
}

// What `vgpu-replay --quiet OPTION FILE TRACE` writes into FILE (it must exit 0).
std::string written_by(const std::string& option, const std::string& trace) {
  ScratchDir dir("cli-output");
  const auto file = dir.path() / "output";
  const auto r = vgpu_replay("--quiet " + option + " " + file.string() + " " +
                             corpus_trace(trace).string());
  EXPECT_EQ(r.status, 0) << r.output;
  return read_text(file);
}

class VgpuReplayReference : public ::testing::Test {
 protected:
  // The animation's frames as PNGs, from an earlier replay.
  void SetUp() override {
    const auto r = vgpu_replay("--quiet --dump-frames " + frames_.string() + " " +
                               corpus_trace("animation").string());
    ASSERT_EQ(r.status, 0) << r.output;
  }
  ScratchDir dir_{"cli-reference"};
  std::filesystem::path frames_ = dir_.path() / "frames";
};

TEST_F(VgpuReplayReference, ItsOwnDumpMatches) {
  for (uint64_t f = 1; f <= 8; ++f) {
    EXPECT_TRUE(std::filesystem::exists(frames_ / frame_png(f))) << f;
  }
  const auto r = vgpu_replay("--reference " + frames_.string() + " " +
                             corpus_trace("animation").string());
  EXPECT_EQ(r.status, 0) << r.output;
  EXPECT_EQ(count(r.output, "MISMATCH"), 0u) << r.output;
}

TEST_F(VgpuReplayReference, AChangedReferenceIsAMismatchOfThatFrame) {
  const auto png = frames_ / frame_png(5);
  auto image = read_png(png);
  ASSERT_TRUE(image) << image.error().message;
  uint8_t* pixel = image->at(10, 10);
  pixel[1] = static_cast<uint8_t>(pixel[1] < 128 ? pixel[1] + 60 : pixel[1] - 60);
  ASSERT_TRUE(write_png(png, *image));

  const auto strict = vgpu_replay("--reference " + frames_.string() + " " +
                                  corpus_trace("animation").string());
  EXPECT_EQ(strict.status, 1) << strict.output;
  EXPECT_EQ(count(strict.output, "MISMATCH"), 1u) << strict.output;
  EXPECT_NE(strict.output.find("frame 5 MISMATCH: max channel error 60, 1 pixels"),
            std::string::npos)
      << strict.output;
  // Within the tolerance it matches again.
  const auto tolerant = vgpu_replay("--tolerance 60 --reference " + frames_.string() + " " +
                                    corpus_trace("animation").string());
  EXPECT_EQ(tolerant.status, 0) << tolerant.output;
}

TEST(VgpuReplay, HtmlReportIsSelfContained) {
  const std::string page = written_by("--html", "animation");
  ASSERT_FALSE(page.empty());
  // Every resource the page loads is inline; nothing points outside the file.
  const std::regex reference(R"((src|href)\s*=\s*["']?([^"' >]*))", std::regex::icase);
  size_t images = 0;
  for (auto it = std::sregex_iterator(page.begin(), page.end(), reference);
       it != std::sregex_iterator(); ++it) {
    const std::string target = (*it)[2];
    EXPECT_EQ(target.rfind("data:image/png;base64,", 0), 0u)
        << "external: " << target.substr(0, 80);
    ++images;
  }
  EXPECT_GE(images, 3u * 8);  // reference | replay | diff of each frame
  EXPECT_EQ(count(page, "<link"), 0u);
  EXPECT_EQ(count(page, "url("), 0u);
  EXPECT_EQ(count(page, "@import"), 0u);
}

TEST(VgpuReplay, JsonReportNamesTheBackEnd) {
  const auto j = nlohmann::json::parse(written_by("--report", "triangle"));
  EXPECT_EQ(j["trace"], corpus_trace("triangle").string());
  EXPECT_EQ(j["backend"]["name"], "renderer");
  EXPECT_NE(j["backend"]["gl_renderer"].get<std::string>().find("llvmpipe"), std::string::npos);
  ASSERT_EQ(j["frames"].size(), 1u);
  EXPECT_EQ(j["frames"][0]["md5"].get<std::string>().size(), 32u);
}

TEST(VgpuReplay, DamagedTraceReplaysTheWholePartThenExits2WithTheOffset) {
  ScratchDir dir("cli-damaged");
  const auto damaged = dir.path() / "damaged.vtrc";
  testing::write_damaged_trace(corpus_trace("animation"), damaged);
  const auto r = vgpu_replay(damaged.string());
  EXPECT_EQ(r.status, 2) << r.output;
  std::smatch m;
  ASSERT_TRUE(std::regex_search(r.output, m, std::regex(R"(stopped after (\d+) events)")))
      << r.output;
  EXPECT_GT(std::stoul(m[1]), 0u) << r.output;
  EXPECT_TRUE(std::regex_search(r.output, std::regex(R"(offset \d+)"))) << r.output;
}

}  // namespace
}  // namespace vgpu::replay
