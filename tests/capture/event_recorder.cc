#include "tests/capture/event_recorder.h"

#include <type_traits>

#include "trace/event_format.h"
#include "trace/trace_reader.h"

namespace vgpu::capture::testing {

RecordedEvent record_of(const trace::EventBody& body) {
  RecordedEvent r;
  r.kind = std::string(trace::event_kind_name(body.index()));
  r.fields = trace::event_fields_text(body);
  r.payload = std::visit(
      [](const auto& b) -> std::vector<uint8_t> {
        if constexpr (requires { b.data; }) {
          return {b.data.begin(), b.data.end()};
        } else if constexpr (requires { b.dwords; }) {
          const auto bytes = std::as_bytes(b.dwords);
          const auto* p = reinterpret_cast<const uint8_t*>(bytes.data());
          return {p, p + bytes.size()};
        } else {
          return {};
        }
      },
      body);
  return r;
}

trace::Result<std::unique_ptr<EventRecorder>> EventRecorder::create(const std::filesystem::path& path) {
  trace::CaptureInfo info;
  info.tool_version = "capture_tests";
  info.transport = "vtest";
  auto writer = trace::TraceWriter::create(path, info);
  if (!writer.ok()) return writer.error();
  return std::unique_ptr<EventRecorder>(new EventRecorder(path, std::move(writer.value())));
}

trace::Status EventRecorder::on_event(const trace::Event& event) {
  std::lock_guard lock(mutex_);
  events_.push_back(record_of(event.body));
  return writer_->write(event);
}

trace::Status EventRecorder::finalize() { return writer_->finalize(); }

std::vector<RecordedEvent> EventRecorder::events() const {
  std::lock_guard lock(mutex_);
  return events_;
}

trace::Result<std::vector<RecordedEvent>> read_trace(const std::filesystem::path& path) {
  auto reader = trace::TraceReader::open(path);
  if (!reader.ok()) return reader.error();
  std::vector<RecordedEvent> out;
  trace::Event event;
  for (;;) {
    auto more = reader.value()->next(event);
    if (!more.ok()) return more.error();
    if (!more.value()) break;
    out.push_back(record_of(event.body));
  }
  if (!reader.value()->warnings().empty()) {
    return trace::Error{trace::ErrorCode::Corrupt, reader.value()->warnings().front()};
  }
  return out;
}

std::vector<std::string> kinds_of(const std::vector<RecordedEvent>& events) {
  std::vector<std::string> out;
  for (const auto& e : events) out.push_back(e.kind);
  return out;
}

}  // namespace vgpu::capture::testing
