#include "tests/capture/upstream_host.h"

#include <signal.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <thread>

#ifndef VGPU_VIRGL_TEST_SERVER
#define VGPU_VIRGL_TEST_SERVER "virgl_test_server"
#endif

namespace vgpu::capture::testing {
namespace {

using trace::Error;
using trace::ErrorCode;

// `name` as execvp would find it, resolved before fork (only async-signal-safe calls after it).
std::string resolve(const std::string& name) {
  if (name.find('/') != std::string::npos) return ::access(name.c_str(), X_OK) == 0 ? name : "";
  const char* path = std::getenv("PATH");
  std::stringstream dirs(path ? path : "/usr/bin:/bin");
  std::string dir;
  while (std::getline(dirs, dir, ':')) {
    const std::string candidate = (dir.empty() ? "." : dir) + "/" + name;
    if (::access(candidate.c_str(), X_OK) == 0) return candidate;
  }
  return "";
}

// The parent pid of `pid` from /proc/PID/stat (field 4, after the parenthesised name).
pid_t parent_of(pid_t pid) {
  std::ifstream in("/proc/" + std::to_string(pid) + "/stat");
  std::string stat;
  std::getline(in, stat);
  const size_t close = stat.rfind(')');
  if (close == std::string::npos) return -1;
  std::istringstream rest(stat.substr(close + 1));
  std::string state;
  pid_t ppid = -1;
  rest >> state >> ppid;
  return ppid;
}

}  // namespace

std::string virgl_test_server_path() { return resolve(VGPU_VIRGL_TEST_SERVER); }

trace::Result<std::unique_ptr<UpstreamHost>> UpstreamHost::start(const std::string& socket_path) {
  const std::string program = virgl_test_server_path();
  if (program.empty()) {
    return Error{ErrorCode::InvalidArgument,
                 std::string(VGPU_VIRGL_TEST_SERVER) +
                     " not found: install Debian package virgl-server (scripts/install-deps.sh)"};
  }
  const std::string socket_arg = "--socket-path=" + socket_path;
  const char* argv[] = {program.c_str(), "--use-egl-surfaceless", socket_arg.c_str(), nullptr};
  ::unlink(socket_path.c_str());
  const pid_t parent = ::getpid();
  const pid_t pid = ::fork();
  if (pid < 0) return Error{ErrorCode::Io, std::string("fork: ") + std::strerror(errno)};
  if (pid == 0) {
    ::setpgid(0, 0);
    ::prctl(PR_SET_PDEATHSIG, SIGKILL);
    if (::getppid() != parent) ::_exit(127);  // the test died before prctl
    ::dup2(STDERR_FILENO, STDOUT_FILENO);      // keep the test's stdout for gtest
    ::execv(argv[0], const_cast<char* const*>(argv));
    ::_exit(127);
  }
  ::setpgid(pid, pid);  // also here, so that kill_all() works whichever runs first
  std::unique_ptr<UpstreamHost> host(new UpstreamHost(pid, socket_path));
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(15);
  while (std::chrono::steady_clock::now() < deadline) {
    int status;
    if (::waitpid(pid, &status, WNOHANG) == pid) {
      host->pid_ = -1;
      return Error{ErrorCode::Io, program + " exited (status " + std::to_string(status) +
                                      ") before listening on " + socket_path};
    }
    struct stat st {};
    if (::stat(socket_path.c_str(), &st) == 0 && S_ISSOCK(st.st_mode)) {
      // bind() made the file; listen() follows at once.
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
      return host;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  return Error{ErrorCode::Io, program + " did not listen on " + socket_path + " within 15 s"};
}

UpstreamHost::~UpstreamHost() { kill_all(); }

std::vector<pid_t> UpstreamHost::connection_processes() const {
  std::vector<pid_t> out;
  if (pid_ <= 0) return out;
  std::error_code ec;
  for (const auto& entry : std::filesystem::directory_iterator("/proc", ec)) {
    const std::string name = entry.path().filename().string();
    if (name.empty() || name.find_first_not_of("0123456789") != std::string::npos) continue;
    const pid_t pid = static_cast<pid_t>(std::stol(name));
    if (parent_of(pid) == pid_) out.push_back(pid);
  }
  return out;
}

void UpstreamHost::kill_all() {
  if (pid_ <= 0) return;
  ::kill(-pid_, SIGKILL);
  int status;
  while (::waitpid(pid_, &status, 0) < 0 && errno == EINTR) {
  }
  pid_ = -1;
}

}  // namespace vgpu::capture::testing
