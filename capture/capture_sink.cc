#include "capture/capture_sink.h"

#include <utility>

namespace vgpu::capture {

CaptureSink::CaptureSink(std::string name, std::unique_ptr<trace::TraceWriter> writer)
    : name_(std::move(name)), writer_(std::move(writer)), sink_(writer_.get()) {}

CaptureSink::CaptureSink(std::string name, trace::EventSink& downstream)
    : name_(std::move(name)), sink_(&downstream) {}

void CaptureSink::emit(trace::EventBody body) {
  std::lock_guard lock(mutex_);
  emit_locked(std::move(body));
}

void CaptureSink::end_frame() {
  std::lock_guard lock(mutex_);
  emit_locked(trace::FrameEnd{frames_++});
}

void CaptureSink::emit_locked(trace::EventBody body) {
  if (!failure_.ok() || finalized_) return;
  const auto now = std::chrono::steady_clock::now();
  if (first_) start_ = now;
  first_ = false;
  const auto now_us = static_cast<uint64_t>(
      std::chrono::duration_cast<std::chrono::microseconds>(now - start_).count());
  trace::Event event;
  event.delta_ns = (now_us - last_us_) * 1000;
  last_us_ = now_us;
  event.body = std::move(body);
  if (trace::Status s = sink_->on_event(event); !s.ok()) failure_ = s;
}

trace::Status CaptureSink::finalize() {
  std::lock_guard lock(mutex_);
  if (!finalized_) {
    finalized_ = true;
    if (writer_) {
      if (trace::Status s = writer_->finalize(); !s.ok() && failure_.ok()) failure_ = s;
    }
  }
  return failure_;
}

uint64_t CaptureSink::frames() const {
  std::lock_guard lock(mutex_);
  return frames_;
}

trace::WriterStats CaptureSink::stats() const {
  return writer_ ? writer_->stats() : trace::WriterStats{};
}

}  // namespace vgpu::capture
