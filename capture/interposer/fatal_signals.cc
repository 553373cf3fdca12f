#include "capture/interposer/fatal_signals.h"

#include <signal.h>

#include <array>
#include <atomic>

namespace vgpu::interposer {
namespace {

// The signals that end a host in practice.  SIGPIPE matters most: virgl_test_server writes its
// replies with write(2), so a guest that dies while a reply is on its way kills the serving
// process with SIGPIPE (vgpu-capture --in-host met this under load).  SIGPIPE, SIGXCPU and
// SIGXFSZ come from a system call, not from the middle of malloc; SIGALRM and SIGUSR1/2 are left
// alone, since sealing (which allocates) from an arbitrary point could deadlock a host that
// would otherwise just have died.
constexpr std::array kFatalSignals = {SIGTERM, SIGINT, SIGHUP,  SIGQUIT, SIGSEGV, SIGBUS,
                                      SIGFPE,  SIGILL, SIGABRT, SIGPIPE, SIGXCPU, SIGXFSZ};

std::atomic<void (*)()> g_on_fatal{nullptr};

void on_signal(int sig) {
  // The first fatal signal seals; one raised while sealing (a crash inside it) goes straight
  // to the default action.
  if (auto* fn = g_on_fatal.exchange(nullptr)) fn();
  signal(sig, SIG_DFL);
  raise(sig);
}

}  // namespace

void install_fatal_signal_hooks(void (*on_fatal)()) {
  g_on_fatal.store(on_fatal);
  for (int sig : kFatalSignals) {
    struct sigaction current {};
    if (sigaction(sig, nullptr, &current) != 0) continue;
    const bool hosts_own = (current.sa_flags & SA_SIGINFO) || current.sa_handler != SIG_DFL;
    if (hosts_own) continue;
    struct sigaction ours {};
    ours.sa_handler = on_signal;
    sigemptyset(&ours.sa_mask);
    ours.sa_flags = SA_RESETHAND;  // a second delivery while sealing takes the default action
    sigaction(sig, &ours, nullptr);
  }
}

}  // namespace vgpu::interposer
