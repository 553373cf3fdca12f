#include "renderer/diagnostics.h"

#include <utility>

namespace vgpu::renderer {

void DiagnosticLog::add(Diagnostic::Tier tier, const EventOrigin& at, std::string message) {
  if (entries_.size() == kCapacity) {
    entries_.pop_front();
    ++dropped_;
  }
  entries_.push_back(Diagnostic{tier, at.ctx_id, at.event_number, at.dword_offset,
                                std::move(message)});
}

std::vector<Diagnostic> DiagnosticLog::take() {
  std::vector<Diagnostic> out;
  out.reserve(entries_.size() + 1);
  if (dropped_ != 0) {
    // Said first, so a reader knows the list that follows is not the whole story.
    out.push_back(Diagnostic{Diagnostic::Tier::InvalidCommand, 0, 0, 0,
                             std::to_string(dropped_) + " older diagnostics were dropped"});
    dropped_ = 0;
  }
  for (auto& d : entries_) out.push_back(std::move(d));
  entries_.clear();
  return out;
}

}  // namespace vgpu::renderer
