#include "capture/spin_wait.h"

#include <errno.h>
#include <sched.h>
#include <sys/socket.h>

#include <algorithm>

namespace vgpu::capture {
namespace {

bool may_use_two_cpus() {
  cpu_set_t set;
  CPU_ZERO(&set);
  return sched_getaffinity(0, sizeof(set), &set) == 0 && CPU_COUNT(&set) >= 2;
}

// True when a read of `fd` would not block: bytes, end of stream or an error are waiting.
bool readable(int fd) {
  uint8_t byte;
  const ssize_t n = ::recv(fd, &byte, 1, MSG_PEEK | MSG_DONTWAIT);
  return n >= 0 || (errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR);
}

}  // namespace

SpinWait::SpinWait(std::chrono::microseconds budget)
    : budget_(budget.count() > 0 && may_use_two_cpus() ? std::min(budget, kMaxSpinBudget)
                                                       : std::chrono::microseconds{0}),
      slots_(budget_.count() > 0 ? kSlots : 0) {}

bool SpinWait::polls(size_t slot) const { return budget_.count() > 0 && polls(slots_.at(slot)); }

void SpinWait::until_readable(const UnixSocket& socket, size_t slot_index) {
  if (budget_.count() == 0) return;
  Slot& slot = slots_.at(slot_index);
  if (!polls(slot) && ++slot.skipped % kProbeEvery != 0) return;
  using Clock = std::chrono::steady_clock;
  const Clock::time_point deadline = Clock::now() + budget_;
  bool hit = false;
  do {
    if (readable(socket.fd())) {
      hit = true;
      break;
    }
    // Lets a thread queued on this CPU have it meanwhile (one on the other CPU cannot use it).
    sched_yield();
  } while (Clock::now() < deadline);
  // hit_rate += (hit - hit_rate) / 8, in 1/256ths.
  slot.hit_rate = static_cast<uint16_t>(slot.hit_rate - slot.hit_rate / 8 + (hit ? 32 : 0));
}

}  // namespace vgpu::capture
