// What replay drives: events in, readbacks out.  The built-in renderer and libvirglrenderer (the
// reference implementation, for differential testing) both sit behind it, so the player, the
// comparisons and the reports never know which one ran.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <span>
#include <string>
#include <vector>

#include "trace/event_sink.h"
#include "trace/events.h"
#include "trace/result.h"

namespace vgpu::replay {

// An invalid command or a host GL error the back end reported while consuming an event; replay
// goes on (the two-tier rule of DESIGN.md), the report lists it with its frame.
struct BackendDiagnostic {
  std::string kind;  // "invalid command", "malformed stream", "GL error", "context lost"
  uint32_t ctx_id = 0;
  uint64_t event_number = 0;
  uint32_t dword_offset = 0;  // inside a Submit
  std::string message;
};

// What the report prints about the back end.
struct BackendIdentity {
  std::string name;        // "renderer", "virglrenderer"
  std::string gl_vendor;   // GL_VENDOR of its context ("" when unknown)
  std::string gl_renderer; // GL_RENDERER
  std::string gl_version;  // GL_VERSION
};

class Backend : public trace::EventSink {
 public:
  // The byte size of a readback of `where` (its box with its strides), or why it is invalid.
  [[nodiscard]] virtual trace::Result<uint64_t> transfer_size(const trace::Transfer& where) = 0;
  // Writes the rows of `where`'s box into `out` (transfer_size() bytes) at where's strides;
  // bytes between rows are left as they are, as a host leaves the guest's memory.
  [[nodiscard]] virtual trace::Status read_back(const trace::Transfer& where,
                                                std::span<uint8_t> out) = 0;
  // Waits for every command so far (benchmarks time finished work, not queued work).
  [[nodiscard]] virtual trace::Status finish() = 0;
  [[nodiscard]] virtual std::vector<BackendDiagnostic> take_diagnostics() = 0;
  [[nodiscard]] virtual BackendIdentity identity() = 0;
};

// Makes a fresh back end: one per pass over the trace (--loop replays from a clean device).
using BackendFactory = std::function<trace::Result<std::unique_ptr<Backend>>()>;

}  // namespace vgpu::replay
