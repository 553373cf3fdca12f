// Damaged files: a trace cut at every byte offset gives back exactly its whole blocks with a
// warning; a single flipped bit anywhere is reported.  Neither ever crashes (run under ASan in CI).
#include <gtest/gtest.h>

#include <cstring>

#include "tests/trace/trace_test_util.h"
#include "trace/format.h"

namespace vgpu::trace {
namespace {

using testing::EventSet;
using testing::TempDir;

struct SmallTrace {
  EventSet set;
  std::vector<uint8_t> bytes;
  TraceIndex index;
  uint64_t index_offset = 0;
};

// A few small blocks, large payloads deduplicated across blocks.
std::unique_ptr<SmallTrace> make_small_trace(const TempDir& dir, uint32_t frames) {
  auto t = std::make_unique<SmallTrace>();
  for (uint32_t i = 0; i < frames; ++i) testing::add_every_kind(t->set, i % 2);
  WriterOptions o;
  o.block_size = 2048;
  testing::write_events(dir / "small.vtrc", t->set.events, o);
  t->bytes = testing::read_file(dir / "small.vtrc");
  auto r = TraceReader::open(dir / "small.vtrc");
  EXPECT_TRUE(r.ok());
  t->index = *r.value()->index();
  format::Trailer tr;
  std::memcpy(&tr, t->bytes.data() + t->bytes.size() - sizeof tr, sizeof tr);
  t->index_offset = tr.index_offset;
  return t;
}

TEST(Damage, CutAtEveryOffsetReturnsEveryWholeBlock) {
  TempDir dir;
  auto t = make_small_trace(dir, 3);
  ASSERT_GE(t->index.blocks.size(), 3u);
  const uint64_t header_end = t->index.blocks.front().file_offset;
  for (size_t cut = 0; cut < t->bytes.size(); ++cut) {
    SCOPED_TRACE("cut at " + std::to_string(cut));
    auto back = testing::read_all_memory(std::span(t->bytes).first(cut));
    if (cut < header_end) {
      EXPECT_FALSE(back->opened);  // no whole header: nothing to recover, a clear error
      ASSERT_TRUE(back->error);
      EXPECT_FALSE(back->error->message.empty());
      continue;
    }
    ASSERT_FALSE(back->error) << back->error->message;
    // Events of every block that ends at or before the cut.
    uint64_t expected = 0;
    for (size_t b = 0; b < t->index.blocks.size(); ++b) {
      const uint64_t end =
          b + 1 < t->index.blocks.size() ? t->index.blocks[b + 1].file_offset : t->index_offset;
      if (end <= cut) expected += t->index.blocks[b].event_count;
    }
    ASSERT_EQ(back->copies.events.size(), expected);
    for (size_t i = 0; i < expected; ++i) {
      ASSERT_TRUE(same_event(t->set.events[i], back->copies.events[i])) << "event " << i;
    }
    ASSERT_FALSE(back->warnings.empty());  // a cut file always says so
    EXPECT_NE(back->warnings.front().find("mem.vtrc"), std::string::npos);
  }
  // The whole file: no warning.
  auto whole = testing::read_all_memory(t->bytes);
  EXPECT_TRUE(whole->warnings.empty());
  EXPECT_EQ(whole->copies.events.size(), t->set.events.size());
}

TEST(Damage, CutWarningNamesTheOffsetOfTheDamage) {
  TempDir dir;
  auto t = make_small_trace(dir, 3);
  const uint64_t second = t->index.blocks[1].file_offset;
  auto back = testing::read_all_memory(std::span(t->bytes).first(second + 40));
  ASSERT_FALSE(back->error);
  ASSERT_EQ(back->warnings.size(), 2u);  // no index, then where the cut block starts
  EXPECT_NE(back->warnings[1].find("offset " + std::to_string(second)), std::string::npos)
      << back->warnings[1];
  EXPECT_NE(back->warnings[1].find("cut"), std::string::npos);
}

TEST(Damage, EverySingleBitFlipIsReported) {
  TempDir dir;
  auto t = make_small_trace(dir, 1);
  size_t silent = 0;
  for (size_t byte = 0; byte < t->bytes.size(); ++byte) {
    for (int bit = 0; bit < 8; ++bit) {
      std::vector<uint8_t> damaged = t->bytes;
      damaged[byte] ^= static_cast<uint8_t>(1u << bit);
      auto back = testing::read_all_memory(damaged);
      const bool reported = !back->opened || back->error || !back->warnings.empty();
      if (!reported) {
        ++silent;
        ADD_FAILURE() << "flip of bit " << bit << " at byte " << byte << " went unnoticed";
      }
      if (back->error) {
        EXPECT_NE(back->error->message.find("mem.vtrc"), std::string::npos)
            << back->error->message;
      }
    }
    if (silent > 5) break;
  }
}

TEST(Damage, BlockChecksumErrorNamesBlockAndOffset) {
  TempDir dir;
  auto t = make_small_trace(dir, 3);
  const auto& b1 = t->index.blocks[1];
  std::vector<uint8_t> damaged = t->bytes;
  damaged[b1.file_offset + sizeof(format::BlockHeader) + 5] ^= 0x10;
  auto back = testing::read_all_memory(damaged);
  ASSERT_TRUE(back->error);
  EXPECT_EQ(back->error->code, ErrorCode::Corrupt);
  EXPECT_NE(back->error->message.find("block 1 at offset " + std::to_string(b1.file_offset)),
            std::string::npos)
      << back->error->message;
  EXPECT_NE(back->error->message.find("checksum"), std::string::npos);
  EXPECT_EQ(back->copies.events.size(), t->index.blocks[0].event_count);  // block 0 was fine
}

TEST(Damage, ImpossibleBlockSizeIsRefusedBeforeAllocating) {
  TempDir dir;
  auto t = make_small_trace(dir, 1);
  std::vector<uint8_t> damaged = t->bytes;
  format::BlockHeader h;
  const size_t at = t->index.blocks[0].file_offset;
  std::memcpy(&h, damaged.data() + at, sizeof h);
  h.uncompressed_size = 0xfffffff0u;
  std::memcpy(damaged.data() + at, &h, sizeof h);
  auto back = testing::read_all_memory(damaged);
  ASSERT_TRUE(back->error);
  EXPECT_NE(back->error->message.find("block 0 at offset " + std::to_string(at)),
            std::string::npos);
  EXPECT_NE(back->error->message.find("over the limit"), std::string::npos)
      << back->error->message;
}

}  // namespace
}  // namespace vgpu::trace
