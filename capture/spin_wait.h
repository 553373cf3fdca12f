// Waiting for a peer's bytes by polling for a few microseconds before blocking, where that pays.
//
// Why: the capture proxy puts two more wake-ups on every synchronous vtest request (guest ->
// vgpu-capture -> host and back).  Waking a blocked thread on another CPU costs an inter-processor
// interrupt, and on a virtual machine that is a hypervisor exit: tens of microseconds, which is
// most of what the proxy cost a round-trip-bound guest (docs/benchmarks.md, session 8).  A thread
// that polls instead of sleeping sees the bytes the moment they land.
//
// Polling burns a CPU the host may need to render, so it is learned per kind of wait ("slot": the
// guest's request after given messages, or the reply to one): a slot whose recent waits ended
// within the budget polls; one whose waits outlast it (a BUSY_WAIT covering a frame's rendering)
// stops polling after a few misses and only retries every kProbeEvery-th wait, to notice a
// change.  A process that may run on one CPU only never polls: its peer could not run meanwhile.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <vector>

#include "capture/unix_socket.h"

namespace vgpu::capture {

class SpinWait {
 public:
  static constexpr size_t kIds = 40;  // vtest ids are below 40; larger ones share the last slot
  // A wait is keyed by the last two messages, because the same message waits very differently in
  // different places: glxgears' BUSY_WAIT after a TRANSFER_PUT2 covers a frame's rendering, its
  // BUSY_WAIT after a TRANSFER_GET2 only a copy; the request after that last one comes only when
  // the app has drawn its next frame.
  // The guest's next request, after `before_previous` and then `previous`.
  static size_t request_slot(uint32_t before_previous, uint32_t previous) {
    return pair(before_previous, previous);
  }
  // The host's reply to `id`, sent after `previous`.
  static size_t reply_slot(uint32_t previous, uint32_t id) {
    return kIds * kIds + pair(previous, id);
  }
  // The rest of a message whose first bytes came, from either peer: Mesa and virgl_test_server
  // write a header and its body with two calls, and sleeping between them would cost one more
  // wake-up a message.  Learned like the others (it almost always hits).
  static constexpr size_t kRestOfMessage = 2 * kIds * kIds;

  // budget 0: never poll; more than kMaxSpinBudget: that.
  explicit SpinWait(std::chrono::microseconds budget);

  // Returns once `socket` has bytes (or an error or end of stream) to read, or when polling is not
  // worth it or the budget is spent: the caller's blocking read then waits as usual.
  void until_readable(const UnixSocket& socket, size_t slot);

  [[nodiscard]] std::chrono::microseconds budget() const { return budget_; }
  // Whether the next wait in `slot` polls (a slot that stopped still probes now and then).
  [[nodiscard]] bool polls(size_t slot) const;

 private:
  static constexpr size_t kSlots = kRestOfMessage + 1;
  static size_t pair(uint32_t first, uint32_t second) {
    return (first < kIds ? first : kIds - 1) * kIds + (second < kIds ? second : kIds - 1);
  }
  static constexpr uint32_t kProbeEvery = 16;
  // Recent share of polls that ended within the budget, in 1/256ths (an average over ~8 waits).
  struct Slot {
    uint16_t hit_rate = 256;
    uint16_t skipped = 0;
  };

  static bool polls(const Slot& slot) { return slot.hit_rate >= 128; }

  std::chrono::microseconds budget_;
  std::vector<Slot> slots_;
};

// vgpu-capture's `--spin-us` default (docs/benchmarks.md, session 8, for how it was chosen), and
// the most a budget may be (a larger one is clamped: polling longer than a frame never pays).
inline constexpr std::chrono::microseconds kDefaultSpinBudget{100};
inline constexpr std::chrono::microseconds kMaxSpinBudget{100000};

}  // namespace vgpu::capture
