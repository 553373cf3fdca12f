// SpinWait (capture/spin_wait.h) over real socketpairs.  What matters beyond speed, and is checked
// here without timing anything: polling never consumes a byte or a file descriptor the reader
// needs; a slot whose waits keep missing stops polling and then only probes; a hit brings it
// back; and a process pinned to one CPU never polls.
#include "capture/spin_wait.h"

#include <gtest/gtest.h>
#include <sched.h>
#include <sys/eventfd.h>
#include <sys/socket.h>

#include <cstdint>
#include <thread>
#include <vector>

#include "capture/vtest_io.h"
#include "decoder/vtest/reply_codec.h"
#include "decoder/vtest/requests.h"
#include "tests/capture/socket_pair.h"

namespace vgpu::capture {
namespace {

using std::chrono::microseconds;

using Pair = testing::SocketPair;

bool machine_has_two_cpus() {
  cpu_set_t set;
  CPU_ZERO(&set);
  return sched_getaffinity(0, sizeof(set), &set) == 0 && CPU_COUNT(&set) >= 2;
}

TEST(SpinWaitTest, PollingLeavesTheReplyAndItsDescriptorForTheReader) {
  Pair p;
  // RESOURCE_CREATE2's reply (an id, then the backing's fd on one more byte): the shape where
  // a consumed byte would lose a descriptor.
  vtest::ResourceCreate create;
  create.v2 = true;
  create.data_size = 4096;
  const auto expected = vtest::expect_reply(create, 3);
  ASSERT_TRUE(expected.fd);
  const std::vector<uint8_t> reply =
      vtest::encode_reply(vtest::ResourceIdReply{expected.request, 42});
  ASSERT_TRUE(p.peer.write_all(reply).ok());
  UniqueFd event(::eventfd(0, EFD_CLOEXEC));
  ASSERT_TRUE(event.valid());
  ASSERT_TRUE(p.peer.send_fd(event.get()).ok());

  SpinWait spin(microseconds{1000});
  const size_t slot = SpinWait::reply_slot(0, static_cast<uint32_t>(expected.request));
  spin.until_readable(p.ours, slot);
  spin.until_readable(p.ours, slot);  // twice: a peek must not move the stream
  AlignedBytes out;
  size_t size = 0;
  const Status s = read_reply(p.ours, expected, {}, out, size, &spin, slot);
  ASSERT_TRUE(s.ok()) << s.error().message;
  EXPECT_EQ(std::vector<uint8_t>(out.data(), out.data() + size), reply);
  spin.until_readable(p.ours, SpinWait::kRestOfMessage);  // peeks the byte the fd rides on
  auto fd = p.ours.receive_fd();
  ASSERT_TRUE(fd.ok()) << fd.error().message;
  EXPECT_TRUE(fd.value().valid());
}

TEST(SpinWaitTest, ASlotThatKeepsMissingStopsPollingProbesNowAndThenAndComesBackOnAHit) {
  Pair p;
  SpinWait spin(microseconds{1});
  const size_t slot = SpinWait::request_slot(7, 7);
  const size_t other = SpinWait::request_slot(6, 7);
  if (!machine_has_two_cpus()) {
    EXPECT_FALSE(spin.polls(slot)) << "one CPU: its peer could not run while it polled";
    return;
  }
  ASSERT_TRUE(spin.polls(slot));
  int misses = 0;
  while (spin.polls(slot)) {
    spin.until_readable(p.ours, slot);  // nothing was sent: every poll misses
    ASSERT_LT(++misses, 100);
  }
  EXPECT_GT(misses, 1) << "one miss must not end polling";
  EXPECT_TRUE(spin.polls(other)) << "slots learn apart";

  // From now on the slot only probes; once bytes are there, the probes hit and polling resumes.
  ASSERT_TRUE(p.peer.write_all(std::vector<uint8_t>{1}).ok());
  int waits = 0;
  while (!spin.polls(slot)) {
    spin.until_readable(p.ours, slot);
    ASSERT_LT(++waits, 1000);
  }
  EXPECT_GE(waits, 16) << "a slot that stopped probes one wait in 16";
}

TEST(SpinWaitTest, NeverPollsWithOneCpuOrANoBudgetAndClampsAHugeOne) {
  EXPECT_FALSE(SpinWait(microseconds{0}).polls(SpinWait::kRestOfMessage));
  if (machine_has_two_cpus()) {
    EXPECT_EQ(SpinWait(microseconds{INT64_MAX}).budget(), kMaxSpinBudget);
  }
  std::thread pinned([] {
    cpu_set_t one;
    CPU_ZERO(&one);
    CPU_SET(sched_getcpu(), &one);
    ASSERT_EQ(sched_setaffinity(0, sizeof(one), &one), 0);
    const SpinWait spin(microseconds{100});
    EXPECT_EQ(spin.budget().count(), 0);
    EXPECT_FALSE(spin.polls(SpinWait::kRestOfMessage));
  });
  pinned.join();
}

}  // namespace
}  // namespace vgpu::capture
