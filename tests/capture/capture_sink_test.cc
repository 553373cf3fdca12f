// CaptureSink's stamps: whole microseconds, taken from the time since the first event, so that
// the deltas add up to the elapsed time without drift.
#include "capture/capture_sink.h"

#include <gtest/gtest.h>

#include <chrono>
#include <thread>
#include <vector>

namespace vgpu::capture {
namespace {

struct DeltaRecorder final : trace::EventSink {
  std::vector<uint64_t> deltas;
  trace::Status on_event(const trace::Event& event) override {
    deltas.push_back(event.delta_ns);
    return {};
  }
};

TEST(CaptureSink, StampsAreWholeMicrosecondsThatAddUpToTheElapsedTime) {
  DeltaRecorder recorder;
  CaptureSink sink("test", recorder);
  const auto start = std::chrono::steady_clock::now();
  for (int i = 0; i < 200; ++i) {
    sink.emit(trace::Marker{});
    // A mix of bursts (several events within a microsecond) and pauses of odd lengths.
    if (i % 7 == 0) std::this_thread::sleep_for(std::chrono::microseconds(137 * (i % 5 + 1)));
  }
  const auto elapsed_ns = static_cast<uint64_t>(
      std::chrono::duration_cast<std::chrono::nanoseconds>(std::chrono::steady_clock::now() - start).count());
  ASSERT_EQ(recorder.deltas.size(), 200u);
  EXPECT_EQ(recorder.deltas[0], 0u);
  uint64_t sum = 0;
  for (uint64_t d : recorder.deltas) {
    EXPECT_EQ(d % 1000, 0u) << d;
    sum += d;
  }
  // Rounding down the time since the first event, not each delta: at most 1 us short, never more
  // than what really elapsed.
  EXPECT_LE(sum, elapsed_ns);
  EXPECT_GT(sum, 0u);
  // 28 pauses of >= 137 us each.
  EXPECT_GE(sum, 28u * 137'000u);
}

}  // namespace
}  // namespace vgpu::capture
