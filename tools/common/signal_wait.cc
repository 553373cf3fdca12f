#include "tools/common/signal_wait.h"

#include <pthread.h>
#include <signal.h>
#include <sys/signalfd.h>
#include <unistd.h>

#include <cerrno>
#include <initializer_list>

namespace vgpu::tools {

int block_signals_to_fd() {
  sigset_t mask;
  sigemptyset(&mask);
  for (int sig : {SIGINT, SIGTERM, SIGCHLD}) sigaddset(&mask, sig);
  pthread_sigmask(SIG_BLOCK, &mask, nullptr);
  return ::signalfd(-1, &mask, SFD_CLOEXEC);
}

int next_signal(int sfd) {
  signalfd_siginfo info{};
  for (;;) {
    const ssize_t n = ::read(sfd, &info, sizeof info);
    if (n == sizeof info) return static_cast<int>(info.ssi_signo);
    if (n < 0 && errno != EINTR) return SIGTERM;
  }
}

}  // namespace vgpu::tools
