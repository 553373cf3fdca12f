#include "replay/report_json.h"

#include <gtest/gtest.h>

#include "replay/checksums.h"
#include "tests/replay/test_traces.h"

namespace vgpu::replay {
namespace {

using testing::corpus_trace;
using testing::replay_file;

// The report as a reader gets it: serialized and parsed back.
nlohmann::json report_of(const ReplayRun& run) {
  return nlohmann::json::parse(report_json(run, {"animation.vtrc", 0}).dump(2));
}

TEST(ReportJson, FramesCarryTheMd5sMesaStyleChecksumsRecord) {
  const nlohmann::json j = report_of(replay_file(corpus_trace("animation")));
  auto file = ChecksumFile::load(std::filesystem::path(VGPU_CORPUS_DIR) / "checksums" /
                                 "replay.json");
  ASSERT_TRUE(file) << file.error().message;
  const FrameChecksums* expected = file->find("animation.vtrc", "renderer/llvmpipe");
  ASSERT_NE(expected, nullptr);

  ASSERT_EQ(j["frames"].size(), 8u);
  for (const auto& f : j["frames"]) {
    const uint64_t number = f["frame"];
    EXPECT_EQ(f["md5"], expected->at(number)) << "frame " << number;
    EXPECT_TRUE(f["matched"]);
    EXPECT_EQ(f["readback"]["recorded_as"], "bytes");
    EXPECT_TRUE(f["readback"]["display_target"]);
    EXPECT_GT(f["readback"]["compared_bytes"].get<uint64_t>(), 0u);
    EXPECT_EQ(f["readback"]["differing_bytes"], 0);
    EXPECT_GE(f["ms"].get<double>(), 0.0);
  }
  EXPECT_EQ(j["result"]["stop"], "complete");
  EXPECT_EQ(j["result"]["frames"], 8);
  EXPECT_EQ(j["result"]["mismatches"], 0);
  EXPECT_GT(j["result"]["events"].get<uint64_t>(), 8u);
  EXPECT_GT(j["timing"]["frames_per_second"].get<double>(), 0.0);
  const auto& timing = j["timing"];
  EXPECT_LE(timing["frame_ms_min"].get<double>(), timing["frame_ms_median"].get<double>());
  EXPECT_LE(timing["frame_ms_median"].get<double>(), timing["frame_ms_max"].get<double>());
}

TEST(ReportJson, NamesTheBackEndAndItsGlStrings) {
  const nlohmann::json j = report_of(replay_file(corpus_trace("triangle")));
  EXPECT_EQ(j["backend"]["name"], "renderer");
  EXPECT_NE(j["backend"]["gl_renderer"].get<std::string>().find("llvmpipe"), std::string::npos);
  EXPECT_FALSE(j["backend"]["gl_vendor"].get<std::string>().empty());
  EXPECT_NE(j["backend"]["gl_version"].get<std::string>().find("4."), std::string::npos);
}

TEST(ReportJson, AMismatchedFrameHasItsMetrics) {
  // Frame 2's recorded image with one channel of one pixel off by 40.
  testing::ScratchDir dir("report-mismatch");
  const auto changed = dir.path() / "changed.vtrc";
  uint64_t frame = 1;
  std::vector<uint8_t> storage;
  testing::rewrite_trace(corpus_trace("animation"), changed, [&](const trace::Event& e) {
    if (std::holds_alternative<trace::FrameEnd>(e.body)) ++frame;
    const auto* readback = std::get_if<trace::TransferFromHost>(&e.body);
    if (!readback || frame != 2) return e;
    storage.assign(readback->data.begin(), readback->data.end());
    storage[0] = static_cast<uint8_t>(storage[0] < 128 ? storage[0] + 40 : storage[0] - 40);
    trace::TransferFromHost changed_readback = *readback;
    changed_readback.data = storage;
    trace::Event out = e;
    out.body = changed_readback;
    return out;
  });
  const nlohmann::json j = report_of(replay_file(changed));
  EXPECT_EQ(j["result"]["mismatches"], 1);
  ASSERT_EQ(j["frames"].size(), 8u);
  const auto& bad = j["frames"][1];
  EXPECT_EQ(bad["frame"], 2);
  EXPECT_FALSE(bad["matched"]);
  EXPECT_EQ(bad["readback"]["differing_bytes"], 1);
  const auto& m = bad["readback"]["metrics"];
  EXPECT_TRUE(m["same_size"]);
  EXPECT_EQ(m["max_channel_error"], 40);
  EXPECT_EQ(m["pixels_beyond_tolerance"], 1);
  EXPECT_GT(m["psnr_db"].get<double>(), 0.0);  // finite: a number, not null
  EXPECT_TRUE(j["frames"][0]["matched"]);
  // The md5 is of the replayed image: the same as when the recording was intact.
  const nlohmann::json intact = report_of(replay_file(corpus_trace("animation")));
  EXPECT_EQ(bad["md5"], intact["frames"][1]["md5"]);
}

}  // namespace
}  // namespace vgpu::replay
