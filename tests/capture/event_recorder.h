// Where the in-process capture tests send a session's events: kept in memory (owned copies, for
// assertions) and written to a real .vtrc at the same time, so that each test also proves the
// trace file of a failed session is whole and holds the same events.
#pragma once

#include <cstdint>
#include <filesystem>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "trace/event_sink.h"
#include "trace/trace_writer.h"

namespace vgpu::capture::testing {

// One event, owning what it shows.
struct RecordedEvent {
  std::string kind;              // "TransferToHost"
  std::string fields;            // trace::event_fields_text()
  std::vector<uint8_t> payload;  // the bytes it carries (transfer data, submit dwords...), if any
  friend bool operator==(const RecordedEvent&, const RecordedEvent&) = default;
};

[[nodiscard]] RecordedEvent record_of(const trace::EventBody& body);

class EventRecorder final : public trace::EventSink {
 public:
  // Also writes a trace at `path`.
  [[nodiscard]] static trace::Result<std::unique_ptr<EventRecorder>> create(
      const std::filesystem::path& path);

  [[nodiscard]] trace::Status on_event(const trace::Event& event) override;
  // Seals the trace file.
  [[nodiscard]] trace::Status finalize();
  [[nodiscard]] std::vector<RecordedEvent> events() const;
  [[nodiscard]] const std::filesystem::path& path() const { return path_; }

 private:
  EventRecorder(std::filesystem::path path, std::unique_ptr<trace::TraceWriter> writer)
      : path_(std::move(path)), writer_(std::move(writer)) {}
  std::filesystem::path path_;
  std::unique_ptr<trace::TraceWriter> writer_;
  mutable std::mutex mutex_;
  std::vector<RecordedEvent> events_;
};

// Every event of a trace file; an error if the reader fails or warns (a damaged file).
[[nodiscard]] trace::Result<std::vector<RecordedEvent>> read_trace(const std::filesystem::path& path);

// The kinds, in order: {"CapsetInfo", "ContextCreate", ...}.
[[nodiscard]] std::vector<std::string> kinds_of(const std::vector<RecordedEvent>& events);

}  // namespace vgpu::capture::testing
