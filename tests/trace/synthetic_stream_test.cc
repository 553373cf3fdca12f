// The synthetic stream that seeds the fuzzer and feeds the benchmark is itself valid: its
// submits decode without error and it round-trips.  With VGPU_WRITE_SEEDS=<dir> set, this test
// also (re)writes the fuzz seed traces of corpus/fuzz/vtrc_read/ into <dir>.
#include <gtest/gtest.h>

#include <cstdlib>

#include "tests/trace/synthetic_stream.h"
#include "tests/trace/trace_test_util.h"
#include "trace/trace_reader.h"
#include "trace/trace_summary.h"

namespace vgpu::trace {
namespace {

using testing::TempDir;

TEST(SyntheticStream, DecodesAndRoundTrips) {
  TempDir dir;
  const synthetic::Stream s = synthetic::make_stream(12, 64, 64, 320);  // 16 KiB of commands: deduplicated
  testing::write_events(dir / "s.vtrc", s.events);
  auto r = TraceReader::open(dir / "s.vtrc");
  ASSERT_TRUE(r.ok());
  SummaryOptions o;
  o.check_payload_hashes = true;
  const TraceSummary sum = summarize(*r.value(), o);
  ASSERT_FALSE(sum.error) << sum.error->message;
  for (const auto& p : sum.problems) ADD_FAILURE() << p;
  EXPECT_EQ(sum.events, s.events.size());
  EXPECT_EQ(sum.frames, 12u);
  EXPECT_EQ(sum.commands.at(8), 12u * 320);  // DRAW_VBO
  EXPECT_EQ(sum.commands.at(7), 12u);       // CLEAR
  EXPECT_EQ(sum.contexts.size(), 1u);
  EXPECT_EQ(sum.resources.size(), 3u);
  EXPECT_GT(sum.payload_refs, 0u);  // the command buffer re-sent every frame
  auto back = testing::read_all(dir / "s.vtrc");
  testing::expect_same_events(s.events, back->copies.events);
}

// Small seeds (< 20 KiB each) covering: every event kind, many blocks with references across
// them, a cut file, a file without dedup.  Always runs (into a temporary folder, checking every
// seed is written, small, and readable by the fuzzer's entry point); VGPU_WRITE_SEEDS=<dir>
// writes them where the committed seeds live instead.
TEST(SyntheticStream, WriteFuzzSeeds) {
  const char* out = std::getenv("VGPU_WRITE_SEEDS");
  const std::filesystem::path dir =
      out ? std::filesystem::path(out)
          : std::filesystem::temp_directory_path() /
                ("vgpu-seeds-" + std::to_string(::testing::UnitTest::GetInstance()->random_seed()));
  std::filesystem::create_directories(dir);
  {
    testing::EventSet set;
    testing::add_every_kind(set, 0);
    testing::add_every_kind(set, 1);
    testing::write_events(dir / "every_kind.vtrc", set.events);
  }
  WriterOptions small;
  small.block_size = 2048;
  small.dedup_min_size = 256;
  const synthetic::Stream s = synthetic::make_stream(6, 16, 16, 4, 16);
  testing::write_events(dir / "frames_small_blocks.vtrc", s.events, small);
  std::vector<uint8_t> bytes = testing::read_file(dir / "frames_small_blocks.vtrc");
  bytes.resize(bytes.size() * 2 / 3);
  testing::write_file(dir / "cut.vtrc", bytes);
  WriterOptions raw;
  raw.dedup_min_size = 0;
  raw.level = 1;
  const synthetic::Stream t = synthetic::make_stream(2, 8, 8, 2, 8);
  testing::write_events(dir / "no_dedup.vtrc", t.events, raw);
  {  // filtered blocks whose Submits are delta-coded (format 1.3)
    const testing::EventSet anim = testing::animated_frames(6, 128);
    testing::write_events(dir / "filtered_frames.vtrc", anim.events);
  }
  // The fuzzer's input is a config byte then the trace: each trace becomes two seeds, with
  // checksums verified (0) and not (1).
  for (const auto& f : std::filesystem::directory_iterator(dir)) {
    if (f.path().extension() != ".vtrc") continue;
    const std::vector<uint8_t> trace = testing::read_file(f.path());
    for (int config : {0, 1}) {
      std::vector<uint8_t> seed(trace.size() + 1);
      seed[0] = static_cast<uint8_t>(config);
      std::copy(trace.begin(), trace.end(), seed.begin() + 1);
      EXPECT_LT(seed.size(), 20u * 1024) << f.path();
      testing::write_file(dir / (f.path().stem().string() + "-" + std::to_string(config) + ".seed"),
                          seed);
    }
    std::filesystem::remove(f.path());
  }
  size_t seeds = 0;
  for (const auto& f : std::filesystem::directory_iterator(dir)) {
    if (f.path().extension() != ".seed") continue;
    const std::vector<uint8_t> seed = testing::read_file(f.path());
    ASSERT_GT(seed.size(), 1u);
    ReaderOptions options;
    options.verify_checksums = (seed[0] & 1) == 0;
    auto reader = TraceReader::open_memory(std::span(seed).subspan(1), f.path().string(), options);
    // The cut trace has no valid index but still opens; every seed must at least open.
    EXPECT_TRUE(reader.ok()) << f.path();
    ++seeds;
  }
  EXPECT_EQ(seeds, 10u);  // 5 traces x {checksums verified, not}
  if (!out) std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace vgpu::trace
