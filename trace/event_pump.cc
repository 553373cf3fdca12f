#include "trace/event_pump.h"

namespace vgpu::trace {

Result<uint64_t> pump_events(TraceReader& reader, EventSink& sink, uint64_t max_events) {
  uint64_t n = 0;
  Event event;
  while (n < max_events) {
    auto more = reader.next(event);
    if (!more) return more.error();
    if (!more.value()) break;
    if (Status s = sink.on_event(event); !s) return s.error();
    ++n;
  }
  return n;
}

}  // namespace vgpu::trace
