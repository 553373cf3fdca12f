// capture/interposer/guarded_writer.h: a trace that cannot be written disables recording with one
// logged line, and never stops the producer.
#include "capture/interposer/guarded_writer.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <vector>

#include "trace/trace_reader.h"

namespace vgpu::interposer {
namespace {

size_t count_lines(const std::string& text) { return static_cast<size_t>(std::count(text.begin(), text.end(), '\n')); }

trace::Event submit_event(const std::vector<uint32_t>& dwords) {
  trace::Event e;
  e.body = trace::Submit{1, dwords};
  return e;
}

TEST(GuardedWriter, UnwritablePathIsOneLogLine) {
  ::testing::internal::CaptureStderr();
  auto w = GuardedWriter::open("/nonexistent-vgpu-dir/t.vtrc", {}, {});
  const std::string log = ::testing::internal::GetCapturedStderr();
  EXPECT_EQ(w, nullptr);
  EXPECT_EQ(count_lines(log), 1u) << log;
  EXPECT_NE(log.find("recording disabled: /nonexistent-vgpu-dir/t.vtrc"), std::string::npos) << log;
}

TEST(GuardedWriter, FullDiskIsOneLogLineAndEventsAreStillAccepted) {
  ASSERT_TRUE(std::filesystem::exists("/dev/full"));
  ::testing::internal::CaptureStderr();
  auto w = GuardedWriter::open("/dev/full", {}, {});
  std::string log = ::testing::internal::GetCapturedStderr();
  if (w) {
    // The header fit in a buffer: the failure must then show on the first block or at the end.
    ::testing::internal::CaptureStderr();
    std::vector<uint32_t> dwords(1 << 16, 7);
    for (int i = 0; i < 64; ++i) EXPECT_TRUE(w->on_event(submit_event(dwords)).ok());
    w->finalize();
    log = ::testing::internal::GetCapturedStderr();
    EXPECT_TRUE(w->failed());
  }
  EXPECT_EQ(count_lines(log), 1u) << log;
  EXPECT_NE(log.find("recording disabled"), std::string::npos) << log;
}

TEST(GuardedWriter, CheckpointPutsEveryEventOnDisk) {
  const auto path = std::filesystem::temp_directory_path() /
                    ("vgpu-guarded-" + std::to_string(getpid()) + ".vtrc");
  auto w = GuardedWriter::open(path, {}, {});
  ASSERT_NE(w, nullptr);
  EXPECT_TRUE(w->on_event(submit_event({1, 2, 3})).ok());
  w->checkpoint();
  {
    // Without finalize (a process killed now), a reader recovers the checkpointed event.
    auto reader = trace::TraceReader::open(path);
    ASSERT_TRUE(reader.ok()) << reader.error().message;
    trace::Event e;
    auto more = reader.value()->next(e);
    ASSERT_TRUE(more.ok() && more.value());
    EXPECT_EQ(trace::event_kind_name(e), "Submit");
  }
  ::testing::internal::CaptureStderr();
  w->finalize();
  w->finalize();
  const std::string log = ::testing::internal::GetCapturedStderr();
  EXPECT_EQ(count_lines(log), 1u) << log;
  EXPECT_NE(log.find("wrote " + path.string() + ": 1 events"), std::string::npos) << log;
  std::filesystem::remove(path);
}

}  // namespace
}  // namespace vgpu::interposer
