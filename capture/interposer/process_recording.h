// The one recording of the process the interposer is preloaded into: its trace file, its event
// sink and its CallRecorder, behind one mutex (the host may call the API from several threads).
//
// Lifetime: created on the first API call (VGPU_CAPTURE_FILE is read then, "%p" becoming the
// pid), sealed at exit (atexit) or by a fatal signal, checkpointed by virgl_renderer_cleanup.  A
// forked child (virgl_test_server forks one per guest) gets a recording of its own on its first
// call; the parent's is abandoned there untouched, since its writer thread did not survive the
// fork.  Any failure (bad configuration, unwritable path, full disk, no memory) disables
// recording with one logged line; the host never notices.
#pragma once

#include <sys/types.h>

#include <memory>
#include <mutex>
#include <new>
#include <string>

#include "capture/capture_sink.h"
#include "capture/interposer/call_recorder.h"
#include "capture/interposer/guarded_writer.h"

namespace vgpu::interposer {

class ProcessRecording {
 public:
  // This process's recording, created on first use; null when recording is off.
  [[nodiscard]] static ProcessRecording* get();

  // Runs fn(CallRecorder&) under the lock, unless recording is off or has failed.  Nothing it
  // throws escapes: an exception (allocation failure) disables recording with one logged line.
  template <class F>
  void record(F&& fn) noexcept {
    try {
      std::lock_guard lock(mutex_);
      const InRecorder mark;
      if (!recording_locked()) return;
      fn(*recorder_);
      if (recorder_->finished()) seal_locked("the last frame of VGPU_CAPTURE_FRAMES has ended");
    } catch (const std::bad_alloc&) {
      disable("out of memory");
    } catch (...) {
      disable("unexpected error");
    }
  }

  void checkpoint() noexcept;
  // Seals the trace; later calls record nothing.  Idempotent.
  void finalize() noexcept;
  // From a fatal-signal handler: seals the trace unless another call holds the lock (the signal
  // interrupted the recorder itself), in which case only the blocks already written remain.
  void finalize_from_signal() noexcept;

  [[nodiscard]] pid_t pid() const { return pid_; }

 private:
  // Marks this thread as holding the lock, so that a signal handler running on it does not try
  // to take the lock again (a self-deadlock, or undefined behaviour with std::mutex).
  struct InRecorder {
    InRecorder() { in_recorder_ = true; }
    ~InRecorder() { in_recorder_ = false; }
    InRecorder(const InRecorder&) = delete;
    InRecorder& operator=(const InRecorder&) = delete;
  };
  static thread_local bool in_recorder_;

  explicit ProcessRecording(pid_t pid);
  [[nodiscard]] bool recording_locked() const;
  void seal_locked(const char* why);
  void disable(const char* why) noexcept;

  pid_t pid_;
  std::mutex mutex_;
  std::unique_ptr<GuardedWriter> writer_;
  std::unique_ptr<capture::CaptureSink> sink_;
  std::unique_ptr<CallRecorder> recorder_;
  bool sealed_ = false;
};

}  // namespace vgpu::interposer
