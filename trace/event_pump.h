// Feeds every event of a reader into a sink: replay, repack and dump are all this loop.
#pragma once

#include <cstdint>

#include "trace/event_sink.h"
#include "trace/result.h"
#include "trace/trace_reader.h"

namespace vgpu::trace {

// Reads events until the end of the trace (or `max_events`) and hands each to `sink`.  Stops at
// the first reader error or sink failure and returns it; returns the number of events passed.
[[nodiscard]] Result<uint64_t> pump_events(TraceReader& reader, EventSink& sink,
                                           uint64_t max_events = UINT64_MAX);

}  // namespace vgpu::trace
