// A private virgl_test_server (--use-egl-surfaceless, default fork-per-client mode) for the
// in-process capture tests: the real host that the capture server forwards to.
//
// Why not capture/child_process.h: the tests must kill the server's per-connection children too
// (to kill the upstream of one session, or all of them), so the server runs in its own process
// group, and it dies with the test process (PR_SET_PDEATHSIG) even when ctest kills a hung test.
#pragma once

#include <sys/types.h>

#include <memory>
#include <string>
#include <vector>

#include "trace/result.h"

namespace vgpu::capture::testing {

class UpstreamHost {
 public:
  // Starts the server on `socket_path` and waits (15 s at most) until it listens.  A missing
  // virgl_test_server is an error that says which package to install.
  [[nodiscard]] static trace::Result<std::unique_ptr<UpstreamHost>> start(const std::string& socket_path);
  ~UpstreamHost();
  UpstreamHost(const UpstreamHost&) = delete;
  UpstreamHost& operator=(const UpstreamHost&) = delete;

  [[nodiscard]] pid_t pid() const { return pid_; }
  [[nodiscard]] const std::string& socket_path() const { return socket_path_; }
  // The processes serving one guest connection each (the server's children), by pid.
  [[nodiscard]] std::vector<pid_t> connection_processes() const;
  // Kills the server and every connection process (SIGKILL to the group) and reaps the server.
  void kill_all();

 private:
  UpstreamHost(pid_t pid, std::string socket_path) : pid_(pid), socket_path_(std::move(socket_path)) {}
  pid_t pid_;
  std::string socket_path_;
};

// The path of the virgl_test_server the tests run (the build's find_program result, else PATH).
[[nodiscard]] std::string virgl_test_server_path();

}  // namespace vgpu::capture::testing
