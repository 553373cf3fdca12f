// The machine-readable report of a replay (--report FILE.json): per-frame metrics and md5s,
// every other readback, diagnostics with their frame, timings, the back end and its GL strings.
// Field names are documented in docs/replay.md.
#pragma once

#include <nlohmann/json.hpp>
#include <string>

#include "replay/player.h"

namespace vgpu::replay {

struct ReportContext {
  std::string trace;  // the path as given
  uint32_t tolerance = 0;
};

[[nodiscard]] nlohmann::json report_json(const ReplayRun& run, const ReportContext& context);

// Frame-time statistics in milliseconds (also printed by --benchmark).
struct FrameTimes {
  uint64_t frames = 0;
  double min_ms = 0, median_ms = 0, max_ms = 0;
  double frames_per_second = 0;  // frames / the sum of their times
};
[[nodiscard]] FrameTimes frame_times(const ReplayRun& run);

[[nodiscard]] const char* stop_reason_name(StopReason reason);

}  // namespace vgpu::replay
