// Several producers write at once: every event comes back, each producer's order is kept, and a
// producer only waits when the compression queue is full.
#include <gtest/gtest.h>

#include <atomic>
#include <thread>

#include "tests/trace/trace_test_util.h"

namespace vgpu::trace {
namespace {

using testing::TempDir;

TEST(WriterConcurrency, EveryEventBackInPerProducerOrder) {
  TempDir dir;
  constexpr uint32_t kThreads = 6;
  constexpr uint32_t kPerThread = 5000;
  WriterOptions o;
  o.block_size = 32 * 1024;
  o.queue_blocks = 2;
  o.level = 1;
  auto w = TraceWriter::create(dir / "c.vtrc", testing::sample_info(), o);
  ASSERT_TRUE(w.ok());
  TraceWriter& writer = *w.value();
  std::vector<std::thread> threads;
  std::atomic<int> failures{0};
  for (uint32_t t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      std::vector<uint32_t> dwords(64);
      std::vector<uint8_t> big(6000, static_cast<uint8_t>(t));  // deduplicated per thread
      for (uint32_t i = 0; i < kPerThread; ++i) {
        // (producer, sequence) in the ctx id and the first dword.
        dwords[0] = t;
        dwords[1] = i;
        Status s;
        if (i % 10 == 0) {
          s = writer.write(Event{i, 0, TransferToHost{t, i, 0, {}, 0, 0, 0, big}});
        } else {
          s = writer.write(Event{i, 0, Submit{t, dwords}});
        }
        if (!s.ok()) ++failures;
      }
    });
  }
  for (auto& th : threads) th.join();
  EXPECT_EQ(failures.load(), 0);
  ASSERT_TRUE(writer.finalize().ok());

  auto back = testing::read_all(dir / "c.vtrc");
  ASSERT_FALSE(back->error) << back->error->message;
  ASSERT_EQ(back->copies.events.size(), size_t{kThreads} * kPerThread);
  std::vector<uint32_t> next(kThreads, 0);
  for (const Event& e : back->copies.events) {
    uint32_t t = 0, i = 0;
    if (const auto* s = std::get_if<Submit>(&e.body)) {
      ASSERT_EQ(s->dwords.size(), 64u);
      t = s->dwords[0];
      i = s->dwords[1];
      ASSERT_EQ(s->ctx_id, t);
    } else {
      const auto& x = std::get<TransferToHost>(e.body);
      t = x.ctx_id;
      i = x.res_id;
      ASSERT_EQ(x.data.size(), 6000u);
      ASSERT_EQ(x.data[5999], t);
    }
    ASSERT_LT(t, kThreads);
    ASSERT_EQ(i, next[t]) << "producer " << t << " out of order";
    ASSERT_EQ(e.delta_ns, i);
    ++next[t];
  }
  for (uint32_t t = 0; t < kThreads; ++t) EXPECT_EQ(next[t], kPerThread);
}

TEST(WriterConcurrency, FlushPutsEveryFinishedEventOnDisk) {
  // After flush(), a reader of the unfinalized file (a crash right now) sees every event.
  TempDir dir;
  auto w = TraceWriter::create(dir / "f.vtrc", testing::sample_info());
  ASSERT_TRUE(w.ok());
  for (uint32_t i = 0; i < 100; ++i) {
    ASSERT_TRUE(w.value()->write(Event{1, 0, FrameEnd{i}}).ok());
  }
  ASSERT_TRUE(w.value()->flush().ok());
  auto back = testing::read_all(dir / "f.vtrc");
  ASSERT_FALSE(back->error);
  EXPECT_EQ(back->copies.events.size(), 100u);
  EXPECT_FALSE(back->warnings.empty());  // no index yet
  ASSERT_TRUE(w.value()->finalize().ok());
  auto done = testing::read_all(dir / "f.vtrc");
  EXPECT_TRUE(done->warnings.empty());
  EXPECT_EQ(done->copies.events.size(), 100u);
}

}  // namespace
}  // namespace vgpu::trace
