// The trace file of one process, behind a guard: the first failure (full disk, I/O error, no
// memory) is logged in one line and every later event is dropped, because the host process we
// live in must go on as if we were not there.
#pragma once

#include <memory>
#include <string>

#include "trace/event_sink.h"
#include "trace/trace_writer.h"

namespace vgpu::interposer {

class GuardedWriter final : public trace::EventSink {
 public:
  // Null (after logging why) when the file cannot be created.
  [[nodiscard]] static std::unique_ptr<GuardedWriter> open(const std::string& path,
                                                          const trace::CaptureInfo& info,
                                                          const trace::WriterOptions& options);

  // Always ok: a failure disables this writer instead of stopping the producer.
  [[nodiscard]] trace::Status on_event(const trace::Event& event) override;

  // Seals the block in progress so that a crash after this loses nothing recorded so far.
  void checkpoint();
  // Writes the index and closes the file; idempotent.  Logs the outcome in one line.
  void finalize();

  [[nodiscard]] bool failed() const { return failed_; }
  [[nodiscard]] const std::string& path() const { return path_; }

 private:
  GuardedWriter(std::string path, std::unique_ptr<trace::TraceWriter> writer);
  void fail(const trace::Error& error);

  std::string path_;
  std::unique_ptr<trace::TraceWriter> writer_;
  bool failed_ = false;
  bool finalized_ = false;
};

}  // namespace vgpu::interposer
