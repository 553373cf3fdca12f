// The player: a trace's events into a back end, every readback checked, frames delimited.
//
// A frame ends at each FrameEnd event; its image is the last readback of a display target
// before it.  Every other readback (glReadPixels of an FBO, piglit's probes) is checked too and
// reported on its own.  Whatever goes wrong is reported, never thrown: the trace's damage stops
// the replay where the whole part ends (StopReason::DamagedInput), a back end that cannot go
// on stops it too (BackendFailed), and an invalid command is a diagnostic: replay goes on.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "replay/backend.h"
#include "replay/frame_selection.h"
#include "replay/readback_check.h"
#include "trace/trace_reader.h"

namespace vgpu::replay {

struct PlayerOptions {
  FrameSelection frames;        // frames to check (every event is still replayed)
  uint32_t tolerance = 0;       // max channel error still counted as a match
  bool compare = true;          // false: benchmarks (readbacks replayed, nothing checked)
  bool frame_images = true;     // decode each selected frame's image (md5, PNGs, report)
  bool readback_images = false; // also decode every other readback (--dump-readbacks)
  bool pace = false;            // wait Event::delta_ns before each event
  bool finish_frames = false;   // wait for the back end at each FrameEnd (honest frame times)
  uint32_t loops = 1;
  uint64_t memory_budget = 1ull << 30;  // guest memory copies (guest_memory.h)
  size_t max_diagnostics = 1000;        // kept; the rest are counted
  // Every frame's and readback's outcome is kept for the reports.  false: only mismatched ones
  // (up to max_kept_mismatches each), so that a long trace's replay does not grow with its
  // length; counts and frame times are kept either way.
  bool keep_all_outcomes = true;
  size_t max_kept_mismatches = 1000;
};

struct FrameOutcome {
  uint64_t number = 0;  // 1-based
  uint32_t loop = 0;
  uint64_t end_event = 0;   // the FrameEnd's event number
  bool has_image = false;   // a display readback preceded it
  ReadbackOutcome readback; // that readback
  std::string md5;          // of the replayed image (md5.h); empty without one
  double ms = 0;            // wall time since the previous frame ended
  [[nodiscard]] bool matched() const { return !has_image || readback.matched; }
};

struct FrameDiagnostic {
  uint64_t frame = 0;
  BackendDiagnostic diagnostic;
};

enum class StopReason { Complete, DamagedInput, BackendFailed };

struct ReplayRun {
  BackendIdentity backend;
  // Selected frames of every loop and the checked readbacks that are not a frame's image (every
  // one, or only mismatches: PlayerOptions::keep_all_outcomes).
  std::vector<FrameOutcome> frames;
  std::vector<ReadbackOutcome> readbacks;
  uint64_t frames_checked = 0, frame_mismatches = 0;        // all of them, kept or not
  uint64_t readbacks_checked = 0, readback_mismatches = 0;
  std::vector<float> frame_ms;  // every selected frame's time (4 bytes a frame: statistics)
  std::vector<FrameDiagnostic> diagnostics;
  uint64_t diagnostics_dropped = 0;
  uint64_t events = 0;
  StopReason stop = StopReason::Complete;
  std::string stop_message;           // where and why it stopped early
  std::vector<std::string> warnings;  // the reader's (a damaged trailer, a cut file)
  double seconds = 0;

  [[nodiscard]] uint64_t mismatches() const { return frame_mismatches + readback_mismatches; }
};

class PlayerObserver {
 public:
  virtual ~PlayerObserver() = default;
  // Images are null when not decoded (not asked for, undecodable format, a digest's reference).
  virtual void on_readback(const ReadbackOutcome&, const RgbaImage* /*reference*/,
                           const RgbaImage* /*replayed*/) {}
  virtual void on_frame(const FrameOutcome&, const RgbaImage* /*reference*/,
                        const RgbaImage* /*replayed*/) {}
  // Called every few events and at each frame end.
  virtual void on_progress(uint64_t /*events_done*/, uint64_t /*events_total*/) {}
};

// Replays `reader` from its current position `options.loops` times (rewinding in between), with
// a fresh back end from `make_backend` each time.
[[nodiscard]] ReplayRun play(trace::TraceReader& reader, const BackendFactory& make_backend,
                             const PlayerOptions& options, PlayerObserver& observer);

}  // namespace vgpu::replay
