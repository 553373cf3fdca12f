#include "capture/interposer/process_recording.h"

#include <errno.h>
#include <stdlib.h>
#include <unistd.h>

#include <atomic>
#include <chrono>

#include "capture/interposer/fatal_signals.h"
#include "capture/interposer/interposer_config.h"
#include "capture/log.h"

namespace vgpu::interposer {
namespace {

using capture::log_line;

// The current process's recording.  Never deleted: a forked child abandons its parent's (whose
// writer thread does not exist there), and at exit the object must outlive every host thread
// that may still call in.
std::atomic<ProcessRecording*> g_recording{nullptr};
std::mutex g_create_mutex;
bool g_exit_hooks_installed = false;  // inherited by forked children, as the hooks are

void finalize_at_exit() {
  ProcessRecording* r = g_recording.load();
  if (r && r->pid() == getpid()) r->finalize();
}

void finalize_on_signal() {
  ProcessRecording* r = g_recording.load();
  if (r && r->pid() == getpid()) r->finalize_from_signal();
}

trace::CaptureInfo capture_info() {
  trace::CaptureInfo info;
  info.tool_version = std::string("vgpu-capture-virgl ") + VGPU_VERSION;
  info.capture_time_ns = static_cast<uint64_t>(
      std::chrono::duration_cast<std::chrono::nanoseconds>(
          std::chrono::system_clock::now().time_since_epoch())
          .count());
  info.guest_process = program_invocation_short_name;  // the host: guests name their contexts
  info.transport = "virglrenderer";
  return info;
}

}  // namespace

thread_local bool ProcessRecording::in_recorder_ = false;

ProcessRecording* ProcessRecording::get() {
  const pid_t pid = getpid();
  ProcessRecording* r = g_recording.load();
  if (r && r->pid_ == pid) return r;
  try {
    std::lock_guard lock(g_create_mutex);
    r = g_recording.load();
    if (r && r->pid_ == pid) return r;
    r = new ProcessRecording(pid);
    g_recording.store(r);
    if (!g_exit_hooks_installed) {
      g_exit_hooks_installed = true;
      if (atexit(finalize_at_exit) != 0) log_line("vgpu-capture-virgl: atexit failed");
      install_fatal_signal_hooks(finalize_on_signal);
    }
    return r;
  } catch (...) {
    log_line("vgpu-capture-virgl: recording disabled: out of memory");
    return nullptr;
  }
}

ProcessRecording::ProcessRecording(pid_t pid) : pid_(pid) {
  auto config = config_from_env([](const char* name) { return getenv(name); });
  if (!config.ok()) {
    log_line("vgpu-capture-virgl: recording disabled: " + config.error().message);
    return;
  }
  if (!config.value()) {
    log_line("vgpu-capture-virgl: VGPU_CAPTURE_FILE is not set: nothing is recorded");
    return;
  }
  const InterposerConfig& c = *config.value();
  trace::WriterOptions options;
  options.level = c.zstd_level;
  writer_ = GuardedWriter::open(expand_path(c.path_template, pid), capture_info(), options);
  if (!writer_) return;
  sink_ = std::make_unique<capture::CaptureSink>(writer_->path(), *writer_);
  recorder_ = std::make_unique<CallRecorder>(
      *sink_, RecorderOptions{{c.full_frames_every}, c.first_frame, c.last_frame});
}

bool ProcessRecording::recording_locked() const {
  return recorder_ && !sealed_ && !writer_->failed();
}

void ProcessRecording::checkpoint() noexcept {
  try {
    std::lock_guard lock(mutex_);
    const InRecorder mark;
    if (recording_locked()) writer_->checkpoint();
  } catch (...) {
    // Only the lock can throw here; the checkpoint is an optimisation, losing it is harmless.
  }
}

void ProcessRecording::finalize() noexcept {
  try {
    std::lock_guard lock(mutex_);
    const InRecorder mark;
    seal_locked(nullptr);
  } catch (...) {
    disable("could not seal the trace");
  }
}

void ProcessRecording::finalize_from_signal() noexcept {
  if (in_recorder_) return;  // the signal interrupted this thread's own recording
  try {
    std::unique_lock lock(mutex_, std::try_to_lock);
    if (lock.owns_lock()) seal_locked(nullptr);
  } catch (...) {
    // Dying anyway: what is on disk stays readable.
  }
}

void ProcessRecording::seal_locked(const char* why) {
  if (sealed_ || !writer_) return;
  sealed_ = true;
  if (why) log_line(std::string("vgpu-capture-virgl: ") + why + ": sealing " + writer_->path());
  (void)sink_->finalize();  // writes nothing itself: the writer is ours, finalized below
  writer_->finalize();
}

void ProcessRecording::disable(const char* why) noexcept {
  log_line(std::string("vgpu-capture-virgl: recording disabled: ") + why);
  try {
    std::lock_guard lock(mutex_);
    recorder_.reset();
  } catch (...) {
  }
}

}  // namespace vgpu::interposer
