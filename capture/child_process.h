// A child process run by vgpu-capture: the guest command and, with --upstream-spawn, the
// virgl_test_server it captures in front of.  The child starts with default signal handling and
// mask whatever the parent blocked, and gets the environment it is given on top of ours.
#pragma once

#include <sys/types.h>

#include <chrono>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "trace/result.h"

namespace vgpu::capture {

class ChildProcess {
 public:
  ChildProcess() = default;
  ~ChildProcess();
  ChildProcess(ChildProcess&& o) noexcept : pid_(std::exchange(o.pid_, -1)) {}
  ChildProcess& operator=(ChildProcess&&) = delete;

  // argv[0] is looked up in PATH.  `env` entries are NAME=VALUE, set over the inherited ones; an
  // entry NAME without '=' removes NAME.
  [[nodiscard]] static trace::Result<ChildProcess> spawn(const std::vector<std::string>& argv,
                                                         const std::vector<std::string>& env = {});

  [[nodiscard]] pid_t pid() const { return pid_; }
  // Non-blocking: the exit status (as a shell reports it: 128+signal when killed) once exited.
  std::optional<int> poll();
  int wait();
  // SIGTERM, then SIGKILL if it has not exited within `grace`; returns its status.
  int terminate(std::chrono::milliseconds grace = std::chrono::seconds(3));
  void signal(int sig) const;

 private:
  explicit ChildProcess(pid_t pid) : pid_(pid) {}
  pid_t pid_ = -1;
  int status_ = 0;
};

}  // namespace vgpu::capture
