// The bounded list of diagnostics a Renderer hands out through take_diagnostics().
#pragma once

#include <cstdint>
#include <deque>
#include <string>
#include <vector>

#include "renderer/renderer.h"

namespace vgpu::renderer {

// Where the event being handled sits, so that every diagnostic can name it.
struct EventOrigin {
  uint32_t ctx_id = 0;
  uint64_t event_number = 0;
  uint32_t dword_offset = 0;
};

class DiagnosticLog {
 public:
  static constexpr size_t kCapacity = 1024;  // a hostile stream could raise millions

  void add(Diagnostic::Tier tier, const EventOrigin& at, std::string message);
  [[nodiscard]] std::vector<Diagnostic> take();
  [[nodiscard]] size_t size() const { return entries_.size(); }

 private:
  std::deque<Diagnostic> entries_;
  uint64_t dropped_ = 0;
};

}  // namespace vgpu::renderer
