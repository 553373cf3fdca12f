#include "capture/interposer/guarded_writer.h"

#include <cstdio>

#include "capture/log.h"

namespace vgpu::interposer {

using capture::log_line;

namespace {

// The writer's messages usually name the file already; say it once.
std::string naming(const std::string& path, const std::string& message) {
  return message.find(path) == std::string::npos ? path + ": " + message : message;
}

}  // namespace

std::unique_ptr<GuardedWriter> GuardedWriter::open(const std::string& path,
                                                  const trace::CaptureInfo& info,
                                                  const trace::WriterOptions& options) {
  auto writer = trace::TraceWriter::create(path, info, options);
  if (!writer.ok()) {
    log_line("vgpu-capture-virgl: recording disabled: " + naming(path, writer.error().message));
    return nullptr;
  }
  return std::unique_ptr<GuardedWriter>(new GuardedWriter(path, std::move(writer.value())));
}

GuardedWriter::GuardedWriter(std::string path, std::unique_ptr<trace::TraceWriter> writer)
    : path_(std::move(path)), writer_(std::move(writer)) {}

trace::Status GuardedWriter::on_event(const trace::Event& event) {
  if (failed_ || finalized_) return {};
  if (trace::Status s = writer_->write(event); !s.ok()) fail(s.error());
  return {};
}

void GuardedWriter::checkpoint() {
  if (failed_ || finalized_) return;
  if (trace::Status s = writer_->flush(); !s.ok()) fail(s.error());
}

void GuardedWriter::finalize() {
  if (finalized_) return;
  finalized_ = true;
  // A failed writer is finalized too: the file then keeps every block written before the failure.
  const trace::Status s = writer_->finalize();
  if (failed_) return;  // already reported
  if (!s.ok()) {
    fail(s.error());
    return;
  }
  const trace::WriterStats stats = writer_->stats();
  char line[160];
  std::snprintf(line, sizeof line, ": %llu events, %llu frames, %llu bytes",
                static_cast<unsigned long long>(stats.events),
                static_cast<unsigned long long>(stats.frames),
                static_cast<unsigned long long>(stats.file_bytes));
  log_line("vgpu-capture-virgl: wrote " + path_ + line);
}

void GuardedWriter::fail(const trace::Error& error) {
  failed_ = true;
  log_line("vgpu-capture-virgl: recording disabled: " + naming(path_, error.message) +
           " (the trace keeps what was written before)");
}

}  // namespace vgpu::interposer
