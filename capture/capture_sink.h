// Where one trace's events go during capture: stamps each event with the time since the previous
// one, numbers FrameEnd events, and serializes producers (every client session writing into this
// trace) so that stamps and order agree.  Owns the trace writer when capture writes a file.
//
// Stamps are whole microseconds (delta_ns a multiple of 1000), taken from the time since the first
// event rounded down, so that rounding never accumulates.  Replay's pacing cannot sleep finer than
// tens of microseconds, and the nanoseconds below were scheduler noise that zstd cannot shrink:
// ~2 bytes a frame of a 1,000-FPS trace (docs/benchmarks.md).
#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>

#include "trace/event_sink.h"
#include "trace/trace_writer.h"

namespace vgpu::capture {

class CaptureSink {
 public:
  // `writer` may be null when `downstream` is another sink (tests; the built-in renderer later).
  CaptureSink(std::string name, std::unique_ptr<trace::TraceWriter> writer);
  CaptureSink(std::string name, trace::EventSink& downstream);

  // A failed write is remembered (first error kept) and later events are dropped: the guest keeps
  // running, the trace keeps everything before the failure, and the summary reports it.
  void emit(trace::EventBody body);
  // FrameEnd with this trace's next frame number.
  void end_frame();

  // Seals the trace (writers only); idempotent.  Returns the first error seen, if any.
  [[nodiscard]] trace::Status finalize();

  [[nodiscard]] const std::string& name() const { return name_; }
  [[nodiscard]] uint64_t frames() const;
  [[nodiscard]] trace::WriterStats stats() const;

 private:
  void emit_locked(trace::EventBody body);

  std::string name_;
  std::unique_ptr<trace::TraceWriter> writer_;
  trace::EventSink* sink_;
  mutable std::mutex mutex_;
  std::chrono::steady_clock::time_point start_;  // the first event's time
  uint64_t last_us_ = 0;                         // the previous event's, in us since start_
  bool first_ = true;
  uint64_t frames_ = 0;
  trace::Status failure_;
  bool finalized_ = false;
};

}  // namespace vgpu::capture
