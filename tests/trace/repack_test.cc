// A trace pumped through a new writer with another level and block size reads back identically.
#include <gtest/gtest.h>

#include "tests/trace/trace_test_util.h"
#include "trace/event_pump.h"

namespace vgpu::trace {
namespace {

using testing::EventSet;
using testing::TempDir;

TEST(Repack, ReadsBackIdentically) {
  TempDir dir;
  EventSet set;
  const std::vector<uint8_t> tex = testing::pattern(100000, 5);
  for (uint32_t i = 0; i < 40; ++i) {
    testing::add_every_kind(set, i);
    set.add(TransferToHost{1, 9, 0, Box{0, 0, 0, 100, 250, 1}, 400, 0, 0, tex});
  }
  testing::write_events(dir / "in.vtrc", set.events);

  for (auto [level, block] : {std::pair{19, size_t{4096}}, std::pair{1, size_t{8u << 20}}}) {
    SCOPED_TRACE("level " + std::to_string(level));
    auto in = TraceReader::open(dir / "in.vtrc");
    ASSERT_TRUE(in.ok());
    WriterOptions o;
    o.level = level;
    o.block_size = block;
    auto out = TraceWriter::create(dir / "out.vtrc", in.value()->capture_info(), o);
    ASSERT_TRUE(out.ok());
    auto n = pump_events(*in.value(), *out.value());
    ASSERT_TRUE(n.ok()) << n.error().message;
    EXPECT_EQ(n.value(), set.events.size());
    ASSERT_TRUE(out.value()->finalize().ok());

    auto back = testing::read_all(dir / "out.vtrc");
    ASSERT_FALSE(back->error) << back->error->message;
    EXPECT_TRUE(back->warnings.empty());
    testing::expect_same_events(set.events, back->copies.events);
    auto r = TraceReader::open(dir / "out.vtrc");
    EXPECT_EQ(r.value()->capture_info(), testing::sample_info());
    EXPECT_EQ(r.value()->index()->frames.size(), 41u);  // 40 FrameEnds, then one more upload
  }
}

}  // namespace
}  // namespace vgpu::trace
