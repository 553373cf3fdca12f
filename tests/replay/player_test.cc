#include "replay/player.h"

#include <gtest/gtest.h>

#include "tests/replay/test_traces.h"

namespace vgpu::replay {
namespace {

using testing::corpus_trace;
using testing::replay_file;
using testing::ScratchDir;

TEST(Player, CorpusTraceMatchesItsRecordedFrames) {
  const ReplayRun run = replay_file(corpus_trace("animation"));
  EXPECT_EQ(run.stop, StopReason::Complete) << run.stop_message;
  ASSERT_EQ(run.frames.size(), 8u);
  for (const auto& f : run.frames) {
    EXPECT_TRUE(f.has_image) << "frame " << f.number;
    EXPECT_TRUE(f.matched()) << "frame " << f.number;
    EXPECT_FALSE(f.readback.digest);
    EXPECT_EQ(f.md5.size(), 32u);
  }
  EXPECT_EQ(run.mismatches(), 0u);
}

// Both digest algorithms: XXH3-64 (what capture writes now) and the content hash of traces
// written before format 1.4, which must keep replaying.
class PlayerDigest : public ::testing::TestWithParam<trace::DigestAlgorithm> {};

TEST_P(PlayerDigest, FramesMatchByTheirDigest) {
  ScratchDir dir("digest-match");
  testing::write_digest_trace(corpus_trace("animation"), dir.path() / "digests.vtrc", 0, GetParam());
  const ReplayRun bytes = replay_file(corpus_trace("animation"));
  const ReplayRun digests = replay_file(dir.path() / "digests.vtrc");
  EXPECT_EQ(digests.stop, StopReason::Complete) << digests.stop_message;
  ASSERT_EQ(digests.frames.size(), 8u);
  for (size_t i = 0; i < digests.frames.size(); ++i) {
    const FrameOutcome& f = digests.frames[i];
    EXPECT_TRUE(f.readback.digest) << "frame " << f.number;
    EXPECT_TRUE(f.matched()) << "frame " << f.number << ": " << f.readback.error;
    EXPECT_EQ(f.readback.compared_bytes, bytes.frames[i].readback.compared_bytes);
    EXPECT_EQ(f.md5, bytes.frames[i].md5);  // the same replayed image either way
  }
}

TEST_P(PlayerDigest, DigestOfOtherBytesIsAMismatchOfThatFrameOnly) {
  ScratchDir dir("digest-mismatch");
  testing::write_digest_trace(corpus_trace("animation"), dir.path() / "digests.vtrc", 3, GetParam());
  const ReplayRun run = replay_file(dir.path() / "digests.vtrc");
  EXPECT_EQ(run.stop, StopReason::Complete) << run.stop_message;
  ASSERT_EQ(run.frames.size(), 8u);
  for (const auto& f : run.frames) {
    EXPECT_EQ(f.matched(), f.number != 3) << "frame " << f.number;
  }
  EXPECT_EQ(run.mismatches(), 1u);
}

INSTANTIATE_TEST_SUITE_P(Algorithms, PlayerDigest,
                         ::testing::Values(trace::DigestAlgorithm::Xxh3_64,
                                           trace::DigestAlgorithm::ContentHash),
                         [](const auto& p) {
                           return p.param == trace::DigestAlgorithm::Xxh3_64 ? "Xxh3"
                                                                              : "ContentHash";
                         });

TEST(Player, WithoutEveryOutcomeOnlyMismatchesAreKeptButAllAreCounted) {
  ScratchDir dir("keep-mismatches");
  testing::write_digest_trace(corpus_trace("animation"), dir.path() / "digests.vtrc", 3);
  PlayerOptions options;
  options.keep_all_outcomes = false;
  const ReplayRun run = replay_file(dir.path() / "digests.vtrc", options);
  EXPECT_EQ(run.frames_checked, 8u);
  EXPECT_EQ(run.frame_ms.size(), 8u);
  EXPECT_EQ(run.mismatches(), 1u);
  ASSERT_EQ(run.frames.size(), 1u);  // only the mismatch: memory does not follow the length
  EXPECT_EQ(run.frames[0].number, 3u);

  options.max_kept_mismatches = 0;
  const ReplayRun none_kept = replay_file(dir.path() / "digests.vtrc", options);
  EXPECT_TRUE(none_kept.frames.empty());
  EXPECT_EQ(none_kept.mismatches(), 1u);  // still counted
}

TEST(Player, PaceTakesAtLeastTheCapturedDuration) {
  // The triangle's events stretched to 0.1 s each: ~1.6 s captured, far above what replaying it
  // takes unpaced (tens of ms with the back end's start), so only pacing can make it last.
  ScratchDir dir("pace");
  const auto slow = dir.path() / "slow.vtrc";
  uint64_t captured_ns = 0;
  testing::rewrite_trace(corpus_trace("triangle"), slow, [&](const trace::Event& e) {
    trace::Event out = e;
    out.delta_ns = 100'000'000;
    captured_ns += out.delta_ns;
    return out;
  });
  PlayerOptions options;
  options.pace = true;
  const ReplayRun run = replay_file(slow, options);
  EXPECT_EQ(run.stop, StopReason::Complete) << run.stop_message;
  EXPECT_EQ(run.events, captured_ns / 100'000'000);
  EXPECT_GE(run.seconds * 1e9, static_cast<double>(captured_ns));
}

TEST(Player, DamagedMiddleReplaysTheWholeBlocksThenSaysWhere) {
  ScratchDir dir("damaged");
  const ReplayRun whole = replay_file(corpus_trace("animation"));
  const auto damaged = dir.path() / "damaged.vtrc";
  testing::write_damaged_trace(corpus_trace("animation"), damaged);

  const ReplayRun run = replay_file(damaged);
  EXPECT_EQ(run.stop, StopReason::DamagedInput);
  EXPECT_GT(run.events, 0u);             // the blocks before the damage were replayed
  EXPECT_LT(run.events, whole.events);   // and nothing after it
  EXPECT_FALSE(run.frames.empty());
  EXPECT_NE(run.stop_message.find("offset"), std::string::npos) << run.stop_message;
  for (const auto& f : run.frames) EXPECT_TRUE(f.matched()) << "frame " << f.number;
}

}  // namespace
}  // namespace vgpu::replay
