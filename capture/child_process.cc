#include "capture/child_process.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include <thread>

namespace vgpu::capture {
namespace {

int shell_status(int status) {
  if (WIFEXITED(status)) return WEXITSTATUS(status);
  if (WIFSIGNALED(status)) return 128 + WTERMSIG(status);
  return 1;
}

}  // namespace

ChildProcess::~ChildProcess() {
  if (pid_ > 0) terminate();
}

trace::Result<ChildProcess> ChildProcess::spawn(const std::vector<std::string>& argv,
                                                const std::vector<std::string>& env) {
  if (argv.empty()) return trace::Error{trace::ErrorCode::InvalidArgument, "no command to run"};
  // Everything the child needs is prepared before fork: after it, only async-signal-safe calls.
  std::vector<char*> args;
  for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
  args.push_back(nullptr);
  int report[2];  // exec failure reported back through a CLOEXEC pipe
  if (::pipe2(report, O_CLOEXEC) != 0) {
    return trace::Error{trace::ErrorCode::Io, std::string("pipe: ") + strerror(errno)};
  }
  const pid_t pid = ::fork();
  if (pid < 0) {
    ::close(report[0]);
    ::close(report[1]);
    return trace::Error{trace::ErrorCode::Io, std::string("fork: ") + strerror(errno)};
  }
  if (pid == 0) {
    sigset_t none;
    sigemptyset(&none);
    ::sigprocmask(SIG_SETMASK, &none, nullptr);
    for (int sig : {SIGINT, SIGTERM, SIGPIPE, SIGCHLD}) ::signal(sig, SIG_DFL);
    // glibc's putenv removes NAME when given no '='.
    for (const auto& e : env) ::putenv(const_cast<char*>(e.c_str()));
    ::execvp(args[0], args.data());
    const int err = errno;
    [[maybe_unused]] const ssize_t n = ::write(report[1], &err, sizeof err);
    ::_exit(127);
  }
  ::close(report[1]);
  int err = 0;
  ssize_t n;
  do {
    n = ::read(report[0], &err, sizeof err);
  } while (n < 0 && errno == EINTR);
  ::close(report[0]);
  ChildProcess child(pid);
  if (n == sizeof err) {
    child.wait();
    return trace::Error{trace::ErrorCode::InvalidArgument,
                        "cannot run '" + argv[0] + "': " + strerror(err)};
  }
  return child;
}

std::optional<int> ChildProcess::poll() {
  if (pid_ <= 0) return status_;
  int status;
  const pid_t r = ::waitpid(pid_, &status, WNOHANG);
  if (r == pid_) {
    pid_ = -1;
    status_ = shell_status(status);
    return status_;
  }
  return std::nullopt;
}

int ChildProcess::wait() {
  if (pid_ <= 0) return status_;
  int status;
  pid_t r;
  do {
    r = ::waitpid(pid_, &status, 0);
  } while (r < 0 && errno == EINTR);
  pid_ = -1;
  status_ = r < 0 ? 1 : shell_status(status);
  return status_;
}

void ChildProcess::signal(int sig) const {
  if (pid_ > 0) ::kill(pid_, sig);
}

int ChildProcess::terminate(std::chrono::milliseconds grace) {
  if (pid_ <= 0) return status_;
  signal(SIGTERM);
  const auto deadline = std::chrono::steady_clock::now() + grace;
  while (std::chrono::steady_clock::now() < deadline) {
    if (auto s = poll()) return *s;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  signal(SIGKILL);
  return wait();
}

}  // namespace vgpu::capture
