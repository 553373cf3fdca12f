#include "replay/player.h"

#include <chrono>
#include <optional>
#include <thread>
#include <unordered_map>

#include "replay/md5.h"

namespace vgpu::replay {
namespace {

using Clock = std::chrono::steady_clock;

double ms_since(Clock::time_point start) {
  return std::chrono::duration<double, std::milli>(Clock::now() - start).count();
}

std::string where(const trace::TraceReader& reader) {
  const auto& p = reader.position();
  return "event " + std::to_string(p.event) + " (block " + std::to_string(p.block) +
         " at byte " + std::to_string(p.block_offset) + ")";
}

// One pass over the trace with one back end.
class Pass {
 public:
  Pass(trace::TraceReader& reader, Backend& backend, const PlayerOptions& options,
       PlayerObserver& observer, ReplayRun& run, uint32_t loop)
      : reader_(reader), backend_(backend), options_(options), observer_(observer), run_(run),
        loop_(loop), memory_(options.memory_budget) {}

  void run() {
    const uint64_t total = reader_.index() ? reader_.index()->event_count : 0;
    const auto start = Clock::now();
    frame_start_ = start;
    uint64_t paced_ns = 0;
    trace::Event event;
    while (frame_ <= options_.frames.last()) {
      auto more = reader_.next(event);
      if (!more) {
        stop(StopReason::DamagedInput,
             "stopped after " + std::to_string(run_.events) + " events: " + more.error().message);
        break;
      }
      if (!*more) break;
      if (options_.pace) {
        paced_ns += event.delta_ns;
        std::this_thread::sleep_until(start + std::chrono::nanoseconds(paced_ns));
      }
      ++run_.events;
      if (!handle(event)) break;
      collect_diagnostics();
      if (run_.events % 64 == 0) observer_.on_progress(run_.events, total);
    }
    collect_diagnostics();
    if (pending_) finish_readback(std::move(*pending_));  // a last image without a FrameEnd
    observer_.on_progress(run_.events, total);
  }

 private:
  // False when the pass must stop.
  bool handle(const trace::Event& event) {
    if (auto s = backend_.on_event(event); !s) {
      stop(StopReason::BackendFailed,
           "the back end stopped at " + where(reader_) + ": " + s.error().message);
      return false;
    }
    std::visit(trace::Overloaded{
                   [&](const trace::ResourceCreate& e) { resources_[e.res_id] = e; },
                   [&](const trace::ResourceUnref& e) {
                     resources_.erase(e.res_id);
                     memory_.forget(e.res_id);
                   },
                   [&](const trace::BackingWrite& e) {
                     // Over the budget: the digests that needed these bytes will say so.
                     if (options_.compare) (void)memory_.write(e.res_id, e.offset, e.data);
                   },
                   [&](const trace::TransferFromHost& e) { readback(event, e, e.data, nullptr); },
                   [&](const trace::ReadbackDigest& e) { readback(event, e, {}, &e); },
                   [&](const trace::FrameEnd&) { end_frame(event); },
                   [](const auto&) {},
               },
               event.body);
    return true;
  }

  void readback(const trace::Event& event, const trace::Transfer& t, trace::Bytes recorded,
                const trace::ReadbackDigest* digest) {
    const auto res = resources_.find(t.res_id);
    ReadbackRequest request;
    request.resource = res == resources_.end() ? nullptr : &res->second;
    request.transfer = &t;
    request.recorded = recorded;
    request.digest = digest;
    request.tolerance = options_.tolerance;
    const bool selected = options_.frames.contains(frame_);
    request.compare = options_.compare && selected;
    request.want_images = selected && (options_.readback_images || options_.frame_images);
    request.buffer = &readback_buffer_;
    request.track_memory = options_.compare;  // no frame is ever compared: no copies to keep
    CheckedReadback checked = check_readback(backend_, memory_, request);
    checked.outcome.event = event.number;
    checked.outcome.frame = frame_;
    if (!request.compare) return;
    if (checked.outcome.display) {
      if (pending_) finish_readback(std::move(*pending_));
      pending_ = std::move(checked);
    } else {
      finish_readback(std::move(checked));
    }
  }

  // A checked readback that is not (or no longer) the image of a frame.
  void finish_readback(CheckedReadback checked) {
    observer_.on_readback(checked.outcome, checked.reference ? &*checked.reference : nullptr,
                          checked.replayed ? &*checked.replayed : nullptr);
    ++run_.readbacks_checked;
    run_.readback_mismatches += !checked.outcome.matched;
    if (keep(checked.outcome.matched, run_.readbacks.size())) {
      run_.readbacks.push_back(std::move(checked.outcome));
    }
    pending_.reset();
  }

  [[nodiscard]] bool keep(bool matched, size_t kept) const {
    return options_.keep_all_outcomes || (!matched && kept < options_.max_kept_mismatches);
  }

  void end_frame(const trace::Event& event) {
    if (options_.finish_frames) {
      if (auto s = backend_.finish(); !s) {
        stop(StopReason::BackendFailed, "the back end failed at " + where(reader_) + ": " +
                                            s.error().message);
      }
    }
    FrameOutcome frame;
    frame.number = frame_;
    frame.loop = loop_;
    frame.end_event = event.number;
    frame.ms = ms_since(frame_start_);
    frame_start_ = Clock::now();
    std::optional<CheckedReadback> image = std::move(pending_);
    pending_.reset();
    if (image) {
      frame.has_image = true;
      frame.readback = image->outcome;
      if (image->replayed) frame.md5 = image_md5(*image->replayed);
    }
    if (options_.frames.contains(frame_)) {
      observer_.on_frame(frame, image && image->reference ? &*image->reference : nullptr,
                         image && image->replayed ? &*image->replayed : nullptr);
      ++run_.frames_checked;
      run_.frame_mismatches += !frame.matched();
      run_.frame_ms.push_back(static_cast<float>(frame.ms));
      if (keep(frame.matched(), run_.frames.size())) run_.frames.push_back(std::move(frame));
    }
    ++frame_;
  }

  void collect_diagnostics() {
    for (auto& d : backend_.take_diagnostics()) {
      if (run_.diagnostics.size() >= options_.max_diagnostics) {
        ++run_.diagnostics_dropped;
        continue;
      }
      run_.diagnostics.push_back({frame_, std::move(d)});
    }
  }

  void stop(StopReason reason, std::string message) {
    run_.stop = reason;
    run_.stop_message = std::move(message);
  }

  trace::TraceReader& reader_;
  Backend& backend_;
  const PlayerOptions& options_;
  PlayerObserver& observer_;
  ReplayRun& run_;
  uint32_t loop_;
  GuestMemory memory_;
  std::unordered_map<uint32_t, trace::ResourceCreate> resources_;
  std::optional<CheckedReadback> pending_;  // the current frame's image so far
  std::vector<uint8_t> readback_buffer_;
  uint64_t frame_ = 1;
  Clock::time_point frame_start_;
};

}  // namespace

ReplayRun play(trace::TraceReader& reader, const BackendFactory& make_backend,
               const PlayerOptions& options, PlayerObserver& observer) {
  ReplayRun run;
  const auto start = Clock::now();
  for (uint32_t loop = 0; loop < std::max(1u, options.loops); ++loop) {
    if (loop > 0) {
      if (auto s = reader.rewind(); !s) {
        run.stop = StopReason::DamagedInput;
        run.stop_message = s.error().message;
        break;
      }
    }
    auto backend = make_backend();
    if (!backend) {
      run.stop = StopReason::BackendFailed;
      run.stop_message = backend.error().message;
      break;
    }
    Pass(reader, **backend, options, observer, run, loop).run();
    if (run.backend.name.empty()) run.backend = (*backend)->identity();
    if (run.stop != StopReason::Complete) break;
  }
  run.warnings = reader.warnings();
  if (run.stop == StopReason::Complete && !run.warnings.empty()) {
    run.stop = StopReason::DamagedInput;
    run.stop_message = "the trace is damaged; replayed the " + std::to_string(run.events) +
                       " events before the damage: " + run.warnings.front();
  }
  run.seconds = ms_since(start) / 1000.0;
  return run;
}

}  // namespace vgpu::replay
