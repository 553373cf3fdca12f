#include "tools/vgpu_capture/in_host_recording.h"

#include <signal.h>
#include <unistd.h>

#include <algorithm>
#include <charconv>
#include <cstdlib>
#include <fstream>
#include <optional>
#include <string_view>
#include <thread>

#include "capture/log.h"
#include "trace/trace_reader.h"
#include "trace/trace_summary.h"
#include "trace/trace_writer.h"
#include "tools/vgpu_capture/trace_registry.h"

namespace vgpu::tools {
namespace fs = std::filesystem;
using capture::log_line;

namespace {

// The children's file names: ".in-host-<our pid>-<their pid>.vtrc", hidden until collect() names
// them.  Our pid keeps apart two runs writing into one directory, and leaves alone the files of
// a run that died (sealed traces that are still there to be renamed by hand).
constexpr std::string_view kStageSuffix = ".vtrc";

std::string stage_prefix() { return ".in-host-" + std::to_string(::getpid()) + "-"; }

std::optional<pid_t> stage_pid(const std::string& name) {
  const std::string prefix = stage_prefix();
  if (!name.starts_with(prefix) || !name.ends_with(kStageSuffix)) return std::nullopt;
  const std::string_view digits(name.data() + prefix.size(),
                                name.size() - prefix.size() - kStageSuffix.size());
  pid_t pid = 0;
  const auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), pid);
  if (ec != std::errc{} || end != digits.data() + digits.size() || pid <= 0) return std::nullopt;
  return pid;
}

// /proc/PID/stat: "pid (comm) state ppid ...".  The command name may hold spaces and parentheses,
// so the fields are read after its last ')'.
struct ProcState {
  char state = 0;
  pid_t ppid = 0;
};
std::optional<ProcState> proc_state(pid_t pid) {
  std::ifstream in("/proc/" + std::to_string(pid) + "/stat");
  std::string line;
  if (!std::getline(in, line)) return std::nullopt;
  const size_t close = line.rfind(')');
  if (close == std::string::npos || close + 4 > line.size()) return std::nullopt;
  ProcState s;
  s.state = line[close + 2];
  s.ppid = static_cast<pid_t>(std::atoi(line.c_str() + close + 4));
  return s;
}

// The running (not yet reaped is as good as gone: its trace is sealed) children of `parent`.
std::vector<pid_t> live_children(pid_t parent) {
  std::vector<pid_t> out;
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator("/proc", ec)) {
    const std::string name = entry.path().filename().string();
    pid_t pid = 0;
    if (std::from_chars(name.data(), name.data() + name.size(), pid).ec != std::errc{}) continue;
    const auto s = proc_state(pid);
    if (s && s->ppid == parent && s->state != 'Z' && s->state != 'X') out.push_back(pid);
  }
  return out;
}

// Waits until `parent` has no running child, or `until`; true when none is left.
bool wait_children(pid_t parent, std::chrono::steady_clock::time_point until) {
  for (;;) {
    if (live_children(parent).empty()) return true;
    if (std::chrono::steady_clock::now() >= until) return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
}

}  // namespace

InHostRecording::InHostRecording(InHostOptions options) : options_(std::move(options)) {}

fs::path InHostRecording::stage_dir() const {
  if (options_.per_client) return options_.output;
  const fs::path parent = fs::path(options_.output).parent_path();
  return parent.empty() ? fs::path(".") : parent;
}

std::string InHostRecording::final_name(size_t rank) const {
  if (options_.per_client) {
    return (fs::path(options_.output) / per_client_name(static_cast<uint32_t>(rank + 1), options_.guest)).string();
  }
  if (rank == 0) return options_.output;
  // One trace per guest: the second guest's goes beside the first, as OUT.2.vtrc.
  fs::path p(options_.output);
  const std::string stem = p.extension() == ".vtrc" ? p.stem().string() : p.filename().string();
  return (p.parent_path() / (stem + "." + std::to_string(rank + 1) + ".vtrc")).string();
}

std::string InHostRecording::prepare() {
  std::error_code ec;
  if (options_.per_client) fs::create_directories(options_.output, ec);
  if (ec) return options_.output + ": " + ec.message();
  // The file is written by the host, which does not report a failure to us until the end: try
  // creating it here first, so that a bad -o fails before the guest runs.
  const fs::path probe = stage_dir() / (stage_prefix() + "probe" + std::string(kStageSuffix));
  {
    std::ofstream out(probe);
    if (!out) return stage_dir().string() + ": cannot create files there";
  }
  fs::remove(probe, ec);
  return {};
}

std::vector<std::string> InHostRecording::host_env() const {
  const char* old = std::getenv("LD_PRELOAD");
  std::string preload = options_.preload_first;
  if (!preload.empty()) preload += ':';
  preload += options_.interposer;
  if (old && *old) preload += std::string(":") + old;
  // The interposer expands %p (the pid) and %% in the whole path: a '%' of ours is doubled.
  std::string dir;
  for (char c : stage_dir().string()) dir += c == '%' ? std::string("%%") : std::string(1, c);
  const std::string file = dir + "/" + stage_prefix() + "%p" + std::string(kStageSuffix);
  return {"LD_PRELOAD=" + preload,
          "VGPU_CAPTURE_FILE=" + file,
          "VGPU_CAPTURE_LEVEL=" + std::to_string(options_.zstd_level),
          "VGPU_CAPTURE_FULL_FRAMES_EVERY=" + std::to_string(options_.full_frames_every)};
}

bool InHostRecording::collect(pid_t host, std::chrono::milliseconds grace) {
  // A host that died left its children to us (main() makes vgpu-capture their subreaper).
  if (host <= 0) host = ::getpid();
  // A per-guest child exits once its guest has hung up, sealing its trace at exit.
  if (!wait_children(host, std::chrono::steady_clock::now() + grace)) {
    const std::vector<pid_t> left = live_children(host);
    log_line(std::to_string(left.size()) + " host process(es) still serving a guest after " +
             std::to_string(grace.count()) + " ms: terminating them");
    // The interposer seals its trace on SIGTERM before the process dies.
    for (pid_t pid : left) ::kill(pid, SIGTERM);
    if (!wait_children(host, std::chrono::steady_clock::now() + std::chrono::seconds(5))) {
      for (pid_t pid : live_children(host)) ::kill(pid, SIGKILL);
    }
  }

  std::vector<std::pair<pid_t, fs::path>> staged;
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator(stage_dir(), ec)) {
    const auto pid = stage_pid(entry.path().filename().string());
    // The host's own file, if it made one, belongs to no guest (its children serve them).
    if (pid && *pid != host) staged.emplace_back(*pid, entry.path());
  }
  if (ec) {
    log_line(stage_dir().string() + ": " + ec.message() + " (the host's traces are left there)");
    return false;
  }
  std::sort(staged.begin(), staged.end());

  bool ok = true;
  for (const auto& [pid, path] : staged) {
    auto reader = trace::TraceReader::open(path);
    if (!reader.ok()) {
      log_line(path.string() + " (host process " + std::to_string(pid) + "): " + reader.error().message);
      ok = false;
      continue;
    }
    trace::SummaryOptions quick;
    quick.decode_submits = false;
    const trace::TraceSummary summary = trace::summarize(*reader.value(), quick);
    const bool sealed = reader.value()->index() != nullptr && !summary.error;
    if (summary.contexts.empty() && sealed) {
      // A connection that only asked for capabilities (Mesa probes the host this way): no guest.
      // An unsealed one may be a guest whose first block never reached the disk: kept, below.
      fs::remove(path, ec);
      continue;
    }
    Written w;
    w.path = final_name(written_.size());
    w.stats.frames = summary.frames;
    w.stats.events = summary.events;
    w.stats.input_bytes = summary.raw_bytes;
    w.stats.file_bytes = reader.value()->file_size();
    w.sealed = sealed;
    fs::rename(path, w.path, ec);
    if (ec) {
      log_line(path.string() + " -> " + w.path + ": " + ec.message());
      w.path = path.string();
      ok = false;
    }
    if (!w.sealed) {
      log_line(w.path + ": not sealed by its host process (the events before its end are readable)");
      ok = false;
    }
    written_.push_back(std::move(w));
  }
  if (written_.size() > 1 && !options_.per_client) {
    log_line(std::to_string(written_.size()) + " guests made contexts: one trace each, beside " +
             options_.output + " (--in-host cannot merge them; --per-client names them by guest)");
  }
  if (written_.empty() && !options_.per_client) {
    // As the proxy does: a run with no guest still leaves a valid, empty trace.
    trace::CaptureInfo info;
    info.tool_version = std::string("vgpu-capture ") + VGPU_VERSION;
    info.guest_process = options_.guest;
    info.transport = "virglrenderer";
    auto writer = trace::TraceWriter::create(options_.output, info, {});
    if (!writer.ok() || !writer.value()->finalize().ok()) {
      log_line(options_.output + ": cannot write the empty trace");
      return false;
    }
    log_line("no guest made a context: " + options_.output + " holds no events");
  }
  return ok;
}

void InHostRecording::print_summary() const {
  for (const Written& w : written_) log_line(summary_line(w.path, 1, w.stats, !w.sealed));
}

}  // namespace vgpu::tools
