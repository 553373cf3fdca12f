#include "replay/report_json.h"

#include <algorithm>
#include <cmath>

namespace vgpu::replay {
namespace {

nlohmann::json metrics_json(const ImageMetrics& m) {
  nlohmann::json j;
  j["same_size"] = m.same_size;
  j["max_channel_error"] = m.max_channel_error;
  j["pixels"] = m.pixels;
  j["pixels_beyond_tolerance"] = m.pixels_beyond_tolerance;
  // JSON has no infinity: identical images report null, as "no noise to measure".
  j["psnr_db"] = std::isinf(m.psnr_db) ? nlohmann::json(nullptr) : nlohmann::json(m.psnr_db);
  return j;
}

nlohmann::json readback_json(const ReadbackOutcome& r) {
  nlohmann::json j;
  j["event"] = r.event;
  j["frame"] = r.frame;
  j["res_id"] = r.res_id;
  j["recorded_as"] = r.digest ? "digest" : "bytes";
  j["display_target"] = r.display;
  j["matched"] = r.matched;
  j["compared_bytes"] = r.compared_bytes;
  if (!r.digest) j["differing_bytes"] = r.differing_bytes;
  if (r.metrics) j["metrics"] = metrics_json(*r.metrics);
  if (!r.error.empty()) j["error"] = r.error;
  return j;
}

}  // namespace

const char* stop_reason_name(StopReason reason) {
  switch (reason) {
    case StopReason::Complete: return "complete";
    case StopReason::DamagedInput: return "damaged input";
    case StopReason::BackendFailed: return "back end failed";
  }
  return "unknown";
}

FrameTimes frame_times(const ReplayRun& run) {
  FrameTimes t;
  std::vector<double> ms(run.frame_ms.begin(), run.frame_ms.end());
  if (ms.empty()) return t;
  std::sort(ms.begin(), ms.end());
  t.frames = ms.size();
  t.min_ms = ms.front();
  t.max_ms = ms.back();
  t.median_ms = ms.size() % 2 ? ms[ms.size() / 2]
                              : (ms[ms.size() / 2 - 1] + ms[ms.size() / 2]) / 2;
  double total = 0;
  for (double v : ms) total += v;
  t.frames_per_second = total > 0 ? 1000.0 * static_cast<double>(ms.size()) / total : 0;
  return t;
}

nlohmann::json report_json(const ReplayRun& run, const ReportContext& context) {
  nlohmann::json j;
  j["trace"] = context.trace;
  j["tolerance"] = context.tolerance;
  j["backend"] = {{"name", run.backend.name},
                  {"gl_vendor", run.backend.gl_vendor},
                  {"gl_renderer", run.backend.gl_renderer},
                  {"gl_version", run.backend.gl_version}};
  j["result"] = {{"stop", stop_reason_name(run.stop)},
                 {"stop_message", run.stop_message},
                 {"events", run.events},
                 {"frames", run.frames_checked},
                 {"mismatches", run.mismatches()},
                 {"warnings", run.warnings}};
  const FrameTimes t = frame_times(run);
  j["timing"] = {{"seconds", run.seconds},           {"frames_per_second", t.frames_per_second},
                 {"frame_ms_min", t.min_ms},          {"frame_ms_median", t.median_ms},
                 {"frame_ms_max", t.max_ms}};
  auto& frames = j["frames"] = nlohmann::json::array();
  for (const auto& f : run.frames) {
    nlohmann::json fj;
    fj["frame"] = f.number;
    fj["loop"] = f.loop;
    fj["end_event"] = f.end_event;
    fj["ms"] = f.ms;
    fj["matched"] = f.matched();
    fj["md5"] = f.md5;
    if (f.has_image) fj["readback"] = readback_json(f.readback);
    frames.push_back(std::move(fj));
  }
  auto& readbacks = j["readbacks"] = nlohmann::json::array();
  for (const auto& r : run.readbacks) readbacks.push_back(readback_json(r));
  auto& diagnostics = j["diagnostics"] = nlohmann::json::array();
  for (const auto& d : run.diagnostics) {
    diagnostics.push_back({{"frame", d.frame},
                           {"kind", d.diagnostic.kind},
                           {"ctx_id", d.diagnostic.ctx_id},
                           {"event", d.diagnostic.event_number},
                           {"dword_offset", d.diagnostic.dword_offset},
                           {"message", d.diagnostic.message}});
  }
  j["diagnostics_dropped"] = run.diagnostics_dropped;
  return j;
}

}  // namespace vgpu::replay
