// Frame seeks through the footer index, and the same seeks on a file that lost its index.
#include <gtest/gtest.h>

#include "tests/trace/trace_test_util.h"

namespace vgpu::trace {
namespace {

using testing::EventSet;
using testing::TempDir;

// Frame k's first event, counted the slow way.
size_t first_event_of_frame(const std::vector<Event>& events, uint64_t frame) {
  uint64_t seen = 0;
  for (size_t i = 0; i < events.size(); ++i) {
    if (seen == frame) return i;
    if (std::holds_alternative<FrameEnd>(events[i].body)) ++seen;
  }
  return events.size();
}

void check_seeks(TraceReader& r, const std::vector<Event>& events, uint64_t frames) {
  for (uint64_t k : {uint64_t{0}, frames - 1, frames / 2, uint64_t{1}, frames - 2, uint64_t{0}}) {
    SCOPED_TRACE("frame " + std::to_string(k));
    ASSERT_TRUE(r.seek_frame(k).ok());
    Event e;
    const size_t want = first_event_of_frame(events, k);
    for (size_t i = want; i < std::min(events.size(), want + 30); ++i) {
      auto more = r.next(e);
      ASSERT_TRUE(more.ok()) << more.error().message;
      ASSERT_TRUE(more.value());
      EXPECT_EQ(e.number, i);
      EXPECT_TRUE(same_event(events[i], e)) << "event " << i;
    }
  }
  Status past = r.seek_frame(frames + 1);
  ASSERT_FALSE(past.ok());
  EXPECT_EQ(past.error().code, ErrorCode::InvalidArgument);
}

TEST(IndexSeek, SeeksToEveryKindOfFrameStart) {
  TempDir dir;
  EventSet set;
  const uint32_t frames = 60;
  for (uint32_t i = 0; i < frames; ++i) testing::add_every_kind(set, i);
  WriterOptions o;
  o.block_size = 8192;  // many frames per block and frames across block boundaries
  testing::write_events(dir / "t.vtrc", set.events, o);
  auto r = TraceReader::open(dir / "t.vtrc");
  ASSERT_TRUE(r.ok());
  ASSERT_NE(r.value()->index(), nullptr);
  ASSERT_EQ(r.value()->index()->frames.size(), frames);
  ASSERT_GT(r.value()->index()->blocks.size(), 3u);
  check_seeks(*r.value(), set.events, frames);
  // Every frame entry points at the event after a FrameEnd.
  for (uint64_t k = 0; k < frames; ++k) {
    EXPECT_EQ(r.value()->index()->frames[k].first_event, first_event_of_frame(set.events, k));
  }
}

TEST(IndexSeek, SeekWithoutIndexScans) {
  TempDir dir;
  EventSet set;
  const uint32_t frames = 20;
  for (uint32_t i = 0; i < frames; ++i) testing::add_every_kind(set, i);
  WriterOptions o;
  o.block_size = 8192;
  testing::write_events(dir / "t.vtrc", set.events, o);
  std::vector<uint8_t> bytes = testing::read_file(dir / "t.vtrc");
  bytes.resize(bytes.size() - 1);  // the trailer is gone: no index
  auto r = TraceReader::open_memory(bytes, "cut.vtrc");
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r.value()->index(), nullptr);
  ASSERT_FALSE(r.value()->warnings().empty());
  // The last frame is complete in the file, frames-1 FrameEnds precede it.
  check_seeks(*r.value(), set.events, frames);
}

TEST(IndexSeek, RefsIntoEarlierBlocksResolveAfterASeek) {
  TempDir dir;
  EventSet set;
  std::vector<uint8_t> texture = testing::pattern(64 * 1024, 42);
  for (uint32_t i = 0; i < 30; ++i) {
    set.add(TransferToHost{1, 5, 0, Box{0, 0, 0, 128, 128, 1}, 512, 0, 0, texture});
    testing::add_every_kind(set, i);
  }
  WriterOptions o;
  o.block_size = 16384;
  testing::write_events(dir / "t.vtrc", set.events, o);
  ReaderOptions ro;
  ro.cached_blocks = 1;
  auto r = TraceReader::open(dir / "t.vtrc", ro);
  ASSERT_TRUE(r.ok());
  ASSERT_TRUE(r.value()->seek_frame(25).ok());
  Event e;
  ASSERT_TRUE(r.value()->next(e).value());
  const auto& t = std::get<TransferToHost>(e.body);
  EXPECT_TRUE(r.value()->position().payload_was_ref);
  ASSERT_EQ(t.data.size(), texture.size());
  EXPECT_TRUE(std::equal(t.data.begin(), t.data.end(), texture.begin()));
}

}  // namespace
}  // namespace vgpu::trace
