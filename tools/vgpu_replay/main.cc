// vgpu-replay: replays a .vtrc trace on a back end and checks every frame and readback against
// what was recorded.  Exit status: 0 match, 1 mismatch beyond the tolerance, 2 unusable input,
// 3 back end failure (docs/replay.md).
#include <sys/resource.h>
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <algorithm>
#include <cstdio>
#include <fstream>
#include <optional>

#include "replay/checksums.h"
#include "replay/report_html.h"
#include "replay/report_json.h"
#include "tools/vgpu_replay/backend_choice.h"
#include "tools/vgpu_replay/replay_observer.h"
#include "trace/trace_reader.h"

namespace {

using namespace vgpu;

enum Exit { kMatch = 0, kMismatch = 1, kBadInput = 2, kBackendFailure = 3 };

struct Cli {
  std::string trace;
  std::string frames;
  std::string dump_dir, reference_dir, report, html, checksums;
  bool dump_readbacks = false, benchmark = false, pace = false, quiet = false;
  bool update_checksums = false;
  uint32_t tolerance = 0, loops = 1;
  tools::BackendChoice backend;
};

int fail(int status, const std::string& message) {
  std::fprintf(stderr, "vgpu-replay: %s\n", message.c_str());
  return status;
}

std::string device_key(const replay::BackendIdentity& id) {
  const std::string renderer = id.gl_renderer.substr(0, id.gl_renderer.find(' '));
  return id.name + "/" + (renderer.empty() ? "unknown" : renderer);
}

// --reference replaces each frame's recorded-bytes verdict by the PNG comparison (every frame is
// kept with --reference).
void apply_references(replay::ReplayRun& run, const tools::ReplayObserver& observer) {
  for (auto& f : run.frames) {
    const auto it = observer.references().find(f.number);
    if (it == observer.references().end()) continue;
    f.has_image = true;
    f.readback.matched = it->second.matched;
    f.readback.metrics = it->second.metrics;
    f.readback.error = it->second.error;
  }
  run.frame_mismatches = static_cast<uint64_t>(std::count_if(
      run.frames.begin(), run.frames.end(), [](const auto& f) { return !f.matched(); }));
}

void print_mismatches(const replay::ReplayRun& run, uint32_t tolerance) {
  auto describe = [tolerance](const replay::ReadbackOutcome& r) {
    if (!r.error.empty()) return r.error;
    if (r.metrics && r.metrics->same_size) {
      char line[160];
      std::snprintf(line, sizeof line, "max channel error %u, %llu pixels beyond %u, PSNR %.2f dB",
                    r.metrics->max_channel_error,
                    static_cast<unsigned long long>(r.metrics->pixels_beyond_tolerance), tolerance,
                    r.metrics->psnr_db);
      return std::string(line);
    }
    if (r.digest) return std::string("content hash differs from the recorded digest");
    return std::to_string(r.differing_bytes) + " of " + std::to_string(r.compared_bytes) +
           " bytes differ";
  };
  for (const auto& f : run.frames) {
    if (!f.matched()) {
      std::printf("  frame %llu MISMATCH: %s\n", static_cast<unsigned long long>(f.number),
                  describe(f.readback).c_str());
    }
  }
  for (const auto& r : run.readbacks) {
    if (!r.matched) {
      std::printf("  readback at event %llu (frame %llu, res %u) MISMATCH: %s\n",
                  static_cast<unsigned long long>(r.event),
                  static_cast<unsigned long long>(r.frame), r.res_id, describe(r).c_str());
    }
  }
  uint64_t listed = 0;
  for (const auto& f : run.frames) listed += !f.matched();
  for (const auto& r : run.readbacks) listed += !r.matched;
  if (run.mismatches() > listed) {
    std::printf("  ... and %llu more mismatches (only the first ones are kept without a report)\n",
                static_cast<unsigned long long>(run.mismatches() - listed));
  }
  for (const auto& d : run.diagnostics) {
    std::printf("  frame %llu, event %llu, dword %u: %s: %s\n",
                static_cast<unsigned long long>(d.frame),
                static_cast<unsigned long long>(d.diagnostic.event_number),
                d.diagnostic.dword_offset, d.diagnostic.kind.c_str(),
                d.diagnostic.message.c_str());
  }
}

void print_benchmark(const replay::ReplayRun& run) {
  const replay::FrameTimes t = replay::frame_times(run);
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  std::printf("benchmark: %llu frames in %.3f s: %.1f frames/s; ms per frame min %.3f median "
              "%.3f max %.3f; peak RSS %ld KiB\n",
              static_cast<unsigned long long>(t.frames), run.seconds, t.frames_per_second,
              t.min_ms, t.median_ms, t.max_ms, usage.ru_maxrss);
}

bool write_text(const std::string& path, const std::string& text) {
  std::ofstream out(path, std::ios::trunc);
  out << text;
  return static_cast<bool>(out);
}

// Checks (or rewrites) the checksum file; returns false on a mismatch.
std::optional<int> handle_checksums(const Cli& cli, const replay::ReplayRun& run,
                                    const replay::FrameChecksums& got) {
  auto file = replay::ChecksumFile::load(cli.checksums);
  if (!file) return fail(kBadInput, file.error().message);
  const std::string trace = std::filesystem::path(cli.trace).filename().string();
  const std::string device = device_key(run.backend);
  if (cli.update_checksums) {
    file->set(trace, device, got);
    if (auto s = file->save(cli.checksums); !s) return fail(kBadInput, s.error().message);
    if (!cli.quiet) std::printf("checksums: %zu frames of %s on %s written to %s\n", got.size(),
                                trace.c_str(), device.c_str(), cli.checksums.c_str());
    return std::nullopt;
  }
  const replay::FrameChecksums* expected = file->find(trace, device);
  if (!expected) {
    return fail(kMismatch, cli.checksums + " has no checksums for " + trace + " on " + device +
                               " (run with --update-checksums to add them)");
  }
  const auto mismatches = replay::compare_checksums(*expected, got);
  for (const auto& m : mismatches) {
    std::printf("  checksum frame %llu: expected %s, got %s\n",
                static_cast<unsigned long long>(m.frame), m.expected.c_str(),
                m.got.empty() ? "(not replayed)" : m.got.c_str());
  }
  if (!mismatches.empty()) return kMismatch;
  if (!cli.quiet) std::printf("checksums: %zu frames match %s\n", expected->size(),
                              cli.checksums.c_str());
  return std::nullopt;
}

int run(const Cli& cli) {
  replay::PlayerOptions options;
  if (!cli.frames.empty()) {
    auto selection = replay::FrameSelection::parse(cli.frames);
    if (!selection) return fail(kBadInput, selection.error().message);
    options.frames = *selection;
  }
  options.tolerance = cli.tolerance;
  options.loops = cli.loops;
  options.pace = cli.pace;
  options.compare = !cli.benchmark;
  options.finish_frames = cli.benchmark;
  options.frame_images = !cli.benchmark;
  options.readback_images = cli.dump_readbacks || !cli.html.empty();
  // Only the reports list every frame; otherwise memory must not grow with the trace's length.
  options.keep_all_outcomes =
      !cli.report.empty() || !cli.html.empty() || !cli.reference_dir.empty();

  for (const auto* dir : {&cli.dump_dir}) {
    std::error_code ec;
    if (!dir->empty()) std::filesystem::create_directories(*dir, ec);
    if (ec) return fail(kBadInput, *dir + ": " + ec.message());
  }
  auto reader = trace::TraceReader::open(cli.trace);
  if (!reader) return fail(kBadInput, reader.error().message);

  tools::ObserverOptions observe;
  observe.progress_bar = !cli.quiet && isatty(STDERR_FILENO);
  if (!cli.dump_dir.empty() && !cli.benchmark) observe.dump_dir = cli.dump_dir;
  observe.dump_readbacks = cli.dump_readbacks;
  if (!cli.reference_dir.empty()) observe.reference_dir = cli.reference_dir;
  observe.tolerance = cli.tolerance;
  observe.gallery_size = cli.html.empty() ? 0 : 24;
  observe.collect_checksums = !cli.checksums.empty();
  tools::ReplayObserver observer(observe);

  replay::ReplayRun run = replay::play(**reader, tools::backend_factory(cli.backend), options,
                                       observer);
  observer.end_progress();
  apply_references(run, observer);
  for (const auto& e : observer.errors()) std::fprintf(stderr, "vgpu-replay: %s\n", e.c_str());

  const replay::ReportContext context{cli.trace, cli.tolerance};
  if (!cli.report.empty() && !write_text(cli.report, replay::report_json(run, context).dump(2))) {
    return fail(kBadInput, cli.report + ": cannot write");
  }
  if (!cli.html.empty() &&
      !write_text(cli.html, replay::report_html(run, context, observer.gallery().take_sorted()))) {
    return fail(kBadInput, cli.html + ": cannot write");
  }
  if (cli.benchmark) print_benchmark(run);
  if (!cli.quiet || run.mismatches() != 0) {
    std::printf("%s: %llu frames, %llu events replayed on %s (%s); %llu mismatches in %.3f s\n",
                cli.trace.c_str(), static_cast<unsigned long long>(run.frames_checked),
                static_cast<unsigned long long>(run.events),
                run.backend.name.c_str(), run.backend.gl_renderer.c_str(),
                static_cast<unsigned long long>(run.mismatches()), run.seconds);
    print_mismatches(run, cli.tolerance);
  }
  if (run.stop == replay::StopReason::BackendFailed) return fail(kBackendFailure, run.stop_message);
  if (run.stop == replay::StopReason::DamagedInput) return fail(kBadInput, run.stop_message);
  if (!cli.checksums.empty() && !cli.benchmark) {
    if (auto status = handle_checksums(cli, run, observer.checksums())) return *status;
  }
  return run.mismatches() == 0 ? kMatch : kMismatch;
}

}  // namespace

int main(int argc, char** argv) {
  Cli cli;
  CLI::App app{"vgpu-replay: replay a .vtrc trace and compare every frame with the capture"};
  app.add_option("trace", cli.trace, "the .vtrc trace")->required();
  app.add_option("--frames", cli.frames, "frames to check and dump, 1-based: 10-20,35");
  app.add_option("--dump-frames", cli.dump_dir, "write each checked frame as DIR/frame-N.png");
  app.add_flag("--dump-readbacks", cli.dump_readbacks,
               "also write every other readback (with --dump-frames)");
  app.add_option("--tolerance", cli.tolerance, "max channel error counted as a match (0-255)")
      ->check(CLI::Range(0, 255));
  app.add_option("--reference", cli.reference_dir,
                 "compare frames with DIR/frame-N.png instead of the recorded bytes");
  app.add_option("--report", cli.report, "write the JSON report");
  app.add_option("--html", cli.html, "write the HTML report (reference | replay | diff)");
  app.add_flag("--benchmark", cli.benchmark, "no compare, no dumps: frames/s and frame times");
  app.add_option("--loop", cli.loops, "replay N times")->check(CLI::Range(1, 1000000));
  app.add_flag("--pace", cli.pace, "keep the captured timing between events");
  app.add_flag("-q,--quiet", cli.quiet, "no progress bar, print only mismatches and errors");
  app.add_option("--checksums", cli.checksums, "check frame md5s against this file");
  app.add_flag("--update-checksums", cli.update_checksums, "rewrite this trace's md5s there");
  tools::add_backend_options(app, cli.backend);
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    const int rc = app.exit(e);
    return rc == 0 ? 0 : kBadInput;
  }
  if (cli.update_checksums && cli.checksums.empty()) {
    return fail(kBadInput, "--update-checksums needs --checksums FILE");
  }
  if (cli.dump_readbacks && cli.dump_dir.empty()) {
    return fail(kBadInput, "--dump-readbacks needs --dump-frames DIR");
  }
  return run(cli);
}
