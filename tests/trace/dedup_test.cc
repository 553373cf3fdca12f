// Large payloads are stored once: re-sending a texture or a command buffer costs a reference.
#include <gtest/gtest.h>

#include "tests/trace/trace_test_util.h"

namespace vgpu::trace {
namespace {

using testing::EventSet;
using testing::TempDir;

// Incompressible bytes, so that only dedup (not zstd) can make repeats cheap.
std::vector<uint8_t> noise(size_t n, uint32_t seed) {
  std::vector<uint8_t> v(n);
  std::mt19937 rng(seed);
  for (auto& b : v) b = static_cast<uint8_t>(rng());
  return v;
}

TEST(Dedup, PayloadWrittenHundredTimesIsStoredOnce) {
  TempDir dir;
  const std::vector<uint8_t> texture = noise(256 * 1024, 1);
  std::vector<uint32_t> cmds(4096);
  for (size_t i = 0; i < cmds.size(); ++i) cmds[i] = static_cast<uint32_t>(i * 2654435761u);
  EventSet set;
  for (int i = 0; i < 100; ++i) {
    set.add(TransferToHost{1, 2, 0, Box{0, 0, 0, 256, 256, 1}, 1024, 0, 0, texture});
    set.add(Submit{1, cmds});
    set.add(FrameEnd{static_cast<uint64_t>(i)});
  }
  WriterOptions o;
  o.block_size = 64 * 1024;  // many blocks: references cross block boundaries
  auto w = TraceWriter::create(dir / "d.vtrc", testing::sample_info(), o);
  ASSERT_TRUE(w.ok());
  for (const Event& e : set.events) ASSERT_TRUE(w.value()->write(e).ok());
  ASSERT_TRUE(w.value()->finalize().ok());
  const WriterStats st = w.value()->stats();
  EXPECT_EQ(st.dedup_hits, 198u);

  const uint64_t once = texture.size() + cmds.size() * 4;
  const uint64_t size = std::filesystem::file_size(dir / "d.vtrc");
  EXPECT_LT(size, once + 40 * 1024) << "100 copies must cost about one";
  EXPECT_GT(size, once);  // noise does not compress: the one copy is really there
  EXPECT_EQ(size, st.file_bytes);

  ReaderOptions ro;
  ro.cached_blocks = 1;  // references must also resolve when their block is not cached
  auto back = testing::read_all(dir / "d.vtrc", ro);
  ASSERT_FALSE(back->error) << back->error->message;
  testing::expect_same_events(set.events, back->copies.events);
}

TEST(Dedup, DisabledAndBelowThresholdStoreInline) {
  TempDir dir;
  const std::vector<uint8_t> small = noise(1000, 2);
  EventSet set;
  for (int i = 0; i < 50; ++i) set.add(TransferFromHost{1, 2, 0, {}, 0, 0, 0, small});
  auto w = TraceWriter::create(dir / "s.vtrc", testing::sample_info());
  ASSERT_TRUE(w.ok());
  for (const Event& e : set.events) ASSERT_TRUE(w.value()->write(e).ok());
  ASSERT_TRUE(w.value()->finalize().ok());
  EXPECT_EQ(w.value()->stats().dedup_hits, 0u);

  WriterOptions off;
  off.dedup_min_size = 0;
  const std::vector<uint8_t> big = noise(8192, 3);
  EventSet set2;
  for (int i = 0; i < 5; ++i) set2.add(TransferToHost{1, 2, 0, {}, 0, 0, 0, big});
  auto w2 = TraceWriter::create(dir / "o.vtrc", testing::sample_info(), off);
  ASSERT_TRUE(w2.ok());
  for (const Event& e : set2.events) ASSERT_TRUE(w2.value()->write(e).ok());
  ASSERT_TRUE(w2.value()->finalize().ok());
  EXPECT_EQ(w2.value()->stats().dedup_hits, 0u);
  auto back = testing::read_all(dir / "o.vtrc");
  ASSERT_FALSE(back->error);
  testing::expect_same_events(set2.events, back->copies.events);
}

TEST(Dedup, SameHashDifferentContentIsNotMerged) {
  // Same size, one byte apart: both must come back as written.
  TempDir dir;
  std::vector<uint8_t> a = noise(10000, 4), b = a;
  b[9999] ^= 1;
  EventSet set;
  set.add(TransferToHost{1, 2, 0, {}, 0, 0, 0, a});
  set.add(TransferToHost{1, 2, 0, {}, 0, 0, 0, b});
  set.add(TransferToHost{1, 2, 0, {}, 0, 0, 0, a});
  testing::write_events(dir / "t.vtrc", set.events);
  auto back = testing::read_all(dir / "t.vtrc");
  ASSERT_FALSE(back->error);
  testing::expect_same_events(set.events, back->copies.events);
}

}  // namespace
}  // namespace vgpu::trace
