#include "tests/capture/capture_check.h"

#include <map>
#include <optional>
#include <set>
#include <type_traits>

#include "tests/capture/readback_compare.h"
#include "trace/event_sink.h"
#include "trace/trace_reader.h"

namespace vgpu::capture_check {
namespace {

using trace::Overloaded;

// State carried through one pass over the trace.
class Checker {
 public:
  Checker(const Dump& dump, const CheckOptions& options, CheckReport& report)
      : dump_(dump), options_(options), report_(report) {}

  void on_event(const trace::Event& e) {
    std::visit(Overloaded{
                   [&](const trace::ContextCreate& c) {
                     ++context_creates_;
                     if (!contexts_.insert(c.ctx_id).second) error(e, "context " + std::to_string(c.ctx_id) + " created twice");
                   },
                   [&](const trace::ContextDestroy& c) {
                     ++context_destroys_;
                     if (!contexts_.erase(c.ctx_id)) error(e, "context " + std::to_string(c.ctx_id) + " destroyed but not open");
                   },
                   [&](const trace::ResourceCreate& r) { create(e, r.res_id, r); },
                   [&](const trace::ResourceCreateBlob& r) { create(e, r.res_id, std::nullopt); },
                   [&](const trace::ResourceUnref& r) {
                     ++unrefs_;
                     if (!live_.erase(r.res_id)) error(e, "resource " + std::to_string(r.res_id) + " released but not live");
                   },
                   [&](const trace::Submit&) { ++submits_; },
                   [&](const trace::FrameEnd&) { ++frame_ends_; },
                   [&](const trace::TransferFromHost& t) { readback(e, t); },
                   [](const auto&) {},
               },
               e.body);
  }

  void finish(const std::vector<std::string>& warnings) {
    for (const auto& w : warnings) report_.errors.push_back("trace warning: " + w);
    if (context_creates_ == 0) report_.errors.push_back("no ContextCreate");
    if (context_destroys_ == 0) report_.errors.push_back("no ContextDestroy");
    for (uint32_t ctx : contexts_) report_.errors.push_back("context " + std::to_string(ctx) + " never destroyed");
    if (submits_ == 0) report_.errors.push_back("no Submit");
    for (const auto& [id, res] : live_) report_.errors.push_back("resource " + std::to_string(id) + " never released");

    const uint64_t dumped = dump_.readbacks.size();
    if (!options_.partial) {
      if (next_ < dumped) missing(next_);
      for (const auto& u : unmatched_) report_.errors.push_back(u.text);
    } else {
      if (next_ < options_.min_readbacks) {
        report_.errors.push_back("only " + std::to_string(next_) + " readbacks matched, at least " +
                                 std::to_string(options_.min_readbacks) + " required");
        if (next_ < dumped) missing(next_);
      }
      // Unmatched readbacks are allowed only in the cut-off tail, after the last match.
      for (const auto& u : unmatched_) {
        if (u.event < last_match_event_) report_.errors.push_back(u.text);
      }
    }
    uint64_t dumped_default = 0;
    for (uint64_t i = 0; i < (options_.partial ? next_ : dumped); ++i) {
      dumped_default += dump_.readbacks[i].default_framebuffer;
    }
    if (frame_ends_ != display_readbacks_) {
      report_.errors.push_back(std::to_string(frame_ends_) + " FrameEnd events for " +
                               std::to_string(display_readbacks_) +
                               " display-target readbacks in the trace");
    }
    if (!options_.partial && frame_ends_ != dumped_default) {
      report_.errors.push_back(std::to_string(frame_ends_) + " FrameEnd events for " +
                               std::to_string(dumped_default) +
                               " default-framebuffer readbacks in the dump");
    }
    report_.matched = next_;
    report_.summary = std::to_string(next_) + " of " + std::to_string(dumped) +
                      " dumped readbacks identical in the trace" +
                      (options_.partial ? " (partial trace)" : "") + "; " +
                      std::to_string(frame_ends_) + " FrameEnd for " +
                      std::to_string(display_readbacks_) + " display-target readbacks; " +
                      std::to_string(context_creates_) + " context(s) created, " +
                      std::to_string(context_destroys_) + " destroyed; " +
                      std::to_string(submits_) + " submits; " + std::to_string(creates_) +
                      " resources created, " + std::to_string(unrefs_) + " released";
  }

 private:
  struct Live {
    std::optional<trace::ResourceCreate> args;  // none for blobs
  };
  struct Unmatched {
    uint64_t event;
    std::string text;
  };

  void error(const trace::Event& e, const std::string& what) {
    report_.errors.push_back("event #" + std::to_string(e.number) + ": " + what);
  }

  void create(const trace::Event& e, uint32_t id, std::optional<trace::ResourceCreate> args) {
    ++creates_;
    if (!live_.emplace(id, Live{args}).second) error(e, "resource " + std::to_string(id) + " created while live");
  }

  void readback(const trace::Event& e, const trace::TransferFromHost& t) {
    const auto it = live_.find(t.res_id);
    const trace::ResourceCreate* res = it != live_.end() && it->second.args ? &*it->second.args : nullptr;
    if (res && stored_top_down(*res)) ++display_readbacks_;
    const std::string where = "event #" + std::to_string(e.number) + " TransferFromHost res " +
                              std::to_string(t.res_id);
    if (next_ >= dump_.readbacks.size()) {
      unmatched_.push_back({e.number, where + ": more readbacks in the trace than the client dumped"});
      return;
    }
    const DumpedReadback& want = dump_.readbacks[next_];
    if (!res) {
      note_candidate(e.number, where + ": no live ResourceCreate for this resource");
      return;
    }
    const Comparison c = compare_readback(want, *res, t);
    if (c.identical()) {
      report_.compared.push_back(want.describe() + " == " + where + " (" + c.conversion + "): " +
                                 std::to_string(c.pixels) + " pixels identical");
      ++next_;
      last_match_event_ = e.number;
      best_.clear();
      best_differing_ = UINT64_MAX;
      return;
    }
    if (c.comparable) {
      const std::string text = where + " (" + c.conversion + "): " +
                               std::to_string(c.differing_pixels) + " of " +
                               std::to_string(c.pixels) + " pixels differ, first at " +
                               c.first_difference;
      if (c.differing_pixels < best_differing_) {
        best_differing_ = c.differing_pixels;
        best_ = text;
      }
      unmatched_.push_back({e.number, "not a dumped readback: " + text});
    } else {
      note_candidate(e.number, where + ": " + c.why_not);
    }
  }

  void note_candidate(uint64_t event, const std::string& text) {
    if (best_differing_ == UINT64_MAX && best_.empty()) best_ = text;
    unmatched_.push_back({event, "not a dumped readback: " + text});
  }

  void missing(uint64_t index) {
    report_.errors.push_back(dump_.readbacks[index].describe() +
                             ": no TransferFromHost with identical pixels" +
                             (best_.empty() ? std::string(" (no candidate after the previous match)")
                                            : "; closest: " + best_));
  }

  const Dump& dump_;
  const CheckOptions& options_;
  CheckReport& report_;
  std::set<uint32_t> contexts_;
  std::map<uint32_t, Live> live_;
  uint64_t context_creates_ = 0, context_destroys_ = 0, submits_ = 0, frame_ends_ = 0;
  uint64_t creates_ = 0, unrefs_ = 0, display_readbacks_ = 0;
  uint64_t next_ = 0;  // the dumped readback to find next
  uint64_t last_match_event_ = 0;
  std::vector<Unmatched> unmatched_;
  std::string best_;  // the closest candidate for dump_.readbacks[next_]
  uint64_t best_differing_ = UINT64_MAX;
};

}  // namespace

CheckReport check_capture(const std::filesystem::path& trace_path, const Dump& dump,
                          const CheckOptions& options) {
  CheckReport report;
  auto reader = trace::TraceReader::open(trace_path);
  if (!reader.ok()) {
    report.errors.push_back(reader.error().message);
    return report;
  }
  Checker checker(dump, options, report);
  trace::Event event;
  for (;;) {
    auto more = reader.value()->next(event);
    if (!more.ok()) {
      report.errors.push_back(more.error().message);
      return report;
    }
    if (!more.value()) break;
    checker.on_event(event);
  }
  checker.finish(reader.value()->warnings());
  return report;
}

}  // namespace vgpu::capture_check
