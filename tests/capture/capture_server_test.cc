// The server around the sessions (capture/capture_server.h): a dead upstream ends its clients
// cleanly and the server keeps accepting; stop() ends every session with its trace whole; many
// clients sending garbage at once leave the others untouched.
#include <gmock/gmock.h>
#include <signal.h>
#include <sys/wait.h>

#include <algorithm>
#include <cstdio>
#include <random>
#include <thread>

#include "decoder/vtest/vtest_protocol.h"
#include "tests/capture/live_capture_fixture.h"

namespace vgpu::capture::testing {
namespace {

using ::testing::HasSubstr;
using ::testing::StartsWith;

// The host process that started serving a connection made after `before` was taken.
pid_t new_connection_process(const UpstreamHost& host, const std::vector<pid_t>& before) {
  const auto deadline = std::chrono::steady_clock::now() + 5s;
  while (std::chrono::steady_clock::now() < deadline) {
    for (pid_t pid : host.connection_processes()) {
      if (std::find(before.begin(), before.end(), pid) == before.end()) return pid;
    }
    std::this_thread::sleep_for(10ms);
  }
  return -1;
}

TEST_F(LiveCaptureTest, UpstreamOfOneSessionDies) {
  std::optional<RawVtestClient> bystander, victim;
  uint32_t bystander_index = 0, victim_index = 0;
  ASSERT_NO_FATAL_FAILURE(connect_guest("bystander", bystander, bystander_index));
  const std::vector<pid_t> before = host_->connection_processes();
  ASSERT_NO_FATAL_FAILURE(connect_guest("victim", victim, victim_index));
  const pid_t serving = new_connection_process(*host_, before);
  ASSERT_GT(serving, 0) << "no virgl_test_server process serves the victim";
  Work victim_work;
  ASSERT_NO_FATAL_FAILURE(exercise(*victim, 1, 0x60, victim_work));

  ASSERT_EQ(::kill(serving, SIGKILL), 0);
  // The session notices at the next request that needs its host.
  auto reply = victim->call(vtest::PingProtocolVersion{});
  EXPECT_FALSE(reply.ok()) << "a request was answered by a dead host";
  const auto end = wait_for_end(victim_index);
  ASSERT_TRUE(end) << "the session of a dead upstream did not end";
  ASSERT_FALSE(end->status.ok());
  EXPECT_THAT(end->status.error().message, StartsWith("upstream: "));
  EXPECT_TRUE(victim->closed_by_peer(5s));
  expect_recorded(victim_index, &victim_work, true);

  // Everything else goes on: the bystander, and new clients.
  Work bystander_work;
  ASSERT_NO_FATAL_FAILURE(exercise(*bystander, 1, 0x61, bystander_work));
  std::optional<RawVtestClient> late;
  uint32_t late_index = 0;
  ASSERT_NO_FATAL_FAILURE(connect_guest("late", late, late_index));
  Work late_work;
  ASSERT_NO_FATAL_FAILURE(exercise(*late, 2, 0x62, late_work));
  ASSERT_NO_FATAL_FAILURE(close_cleanly(late, late_index));
  ASSERT_NO_FATAL_FAILURE(close_cleanly(bystander, bystander_index));
  expect_recorded(late_index, &late_work, true);
  expect_recorded(bystander_index, &bystander_work, true);
}

TEST_F(LiveCaptureTest, WholeUpstreamDiesAndComesBack) {
  std::optional<RawVtestClient> guest;
  uint32_t guest_index = 0;
  ASSERT_NO_FATAL_FAILURE(connect_guest("guest", guest, guest_index));
  Work work;
  ASSERT_NO_FATAL_FAILURE(exercise(*guest, 1, 0x70, work));

  host_->kill_all();
  EXPECT_FALSE(guest->call(vtest::ResourceBusyWait{1, vtest::kBusyWaitFlagWait}).ok());
  const auto end = wait_for_end(guest_index);
  ASSERT_TRUE(end);
  ASSERT_FALSE(end->status.ok());
  EXPECT_THAT(end->status.error().message, StartsWith("upstream: "));
  expect_recorded(guest_index, &work, true);

  // No host: a new client is accepted, told nothing and closed, with the reason reported.
  for (int attempt = 0; attempt < 2; ++attempt) {
    std::optional<RawVtestClient> refused;
    uint32_t refused_index = 0;
    ASSERT_NO_FATAL_FAILURE(connect(refused, refused_index));
    const auto refusal = wait_for_end(refused_index);
    ASSERT_TRUE(refusal);
    ASSERT_FALSE(refusal->status.ok());
    EXPECT_THAT(refusal->status.error().message, StartsWith("upstream: "));
    EXPECT_THAT(refusal->status.error().message, HasSubstr(upstream_path_));
    EXPECT_TRUE(refused->closed_by_peer(5s));
  }

  // The host is back: so is capture.
  auto host = UpstreamHost::start(upstream_path_);
  ASSERT_TRUE(host.ok()) << host.error().message;
  host_ = std::move(host.value());
  std::optional<RawVtestClient> again;
  uint32_t again_index = 0;
  ASSERT_NO_FATAL_FAILURE(connect_guest("again", again, again_index));
  Work again_work;
  ASSERT_NO_FATAL_FAILURE(exercise(*again, 1, 0x71, again_work));
  ASSERT_NO_FATAL_FAILURE(close_cleanly(again, again_index));
  expect_recorded(again_index, &again_work, true);
}

// What vgpu-capture does on SIGINT/SIGTERM: sessions blocked on their guests end, cleanly, and
// their traces close the context.
TEST_F(LiveCaptureTest, StopEndsIdleSessionsWithWholeTraces) {
  std::optional<RawVtestClient> a, b;
  uint32_t a_index = 0, b_index = 0;
  ASSERT_NO_FATAL_FAILURE(connect_guest("a", a, a_index));
  ASSERT_NO_FATAL_FAILURE(connect_guest("b", b, b_index));
  Work a_work;
  ASSERT_NO_FATAL_FAILURE(exercise(*a, 1, 0x80, a_work));
  const auto started = std::chrono::steady_clock::now();
  server_->stop();
  EXPECT_LT(std::chrono::steady_clock::now() - started, 5s);
  for (uint32_t index : {a_index, b_index}) {
    const auto end = wait_for_end(index, 1s);
    ASSERT_TRUE(end) << "stop() returned before session " << index << " ended";
    EXPECT_TRUE(end->status.ok()) << end->status.error().message;
  }
  EXPECT_TRUE(a->closed_by_peer(5s));
  EXPECT_TRUE(b->closed_by_peer(5s));
  expect_recorded(a_index, &a_work, true);
  expect_recorded(b_index, nullptr, false);
}

// Random bytes, or (odd i) a run of messages with real ids and random lengths and bodies, which
// gets past the id check into framing, parsing and the host.  Resource creation is left out so
// that random sizes cannot make the host allocate without bound.
std::vector<uint8_t> garbage(int i) {
  std::mt19937 engine(1234 + i);
  auto random = [&engine] { return static_cast<uint32_t>(engine()); };
  std::vector<uint8_t> bytes;
  auto dword = [&](uint32_t v) {
    for (int k = 0; k < 4; ++k) bytes.push_back(static_cast<uint8_t>(v >> (8 * k)));
  };
  if (i % 2 == 0) {
    for (int k = 0; k < 1024; ++k) dword(random());
    return bytes;
  }
  while (bytes.size() < 4096) {
    uint32_t id;
    do {
      id = 1 + random() % 24;
    } while (id == 2 || id == 8 || id == 12 || id == 18);  // creations, CREATE_RENDERER
    // Mostly the length the table gives (so the message reaches the host), sometimes not.
    const vtest::MessageInfo& info = *vtest::find_message(id);
    const bool fixed = info.body == vtest::BodyShape::Fixed || info.body == vtest::BodyShape::TransferPut2;
    const uint32_t length = fixed && random() % 4 != 0 ? info.body_dwords : random() % 16;
    dword(length);
    dword(id);
    for (uint32_t k = 0; k < length; ++k) dword(random() % 4 == 0 ? random() : random() % 8);
  }
  return bytes;
}

// Several clients at once send garbage after a correct start; whatever each one's bytes happen
// to mean, its session ends (when it hangs up at the latest) and the well-behaved client beside
// them is served throughout.  Seeds are fixed, so a failure reproduces.
TEST_F(LiveCaptureTest, ManyGarbageClientsAtOnce) {
  std::optional<RawVtestClient> good;
  uint32_t good_index = 0;
  ASSERT_NO_FATAL_FAILURE(connect_guest("good", good, good_index));
  constexpr int kClients = 6;
  std::vector<std::optional<RawVtestClient>> bad(kClients);
  std::vector<uint32_t> bad_index(kClients);
  for (int i = 0; i < kClients; ++i) {
    ASSERT_NO_FATAL_FAILURE(connect_guest("garbage" + std::to_string(i), bad[i], bad_index[i]));
  }
  std::vector<std::thread> senders;
  struct Join {  // every sender ends before the test returns, even on a failed assertion
    std::vector<std::thread>& threads;
    ~Join() {
      for (auto& t : threads) {
        if (t.joinable()) t.join();
      }
    }
  } join{senders};
  for (int i = 0; i < kClients; ++i) {
    senders.emplace_back([&, i] {
      (void)bad[i]->send_bytes(garbage(i));  // may fail once capture has cut the client off
      bad[i]->close();
    });
  }
  Work work;
  ASSERT_NO_FATAL_FAILURE(exercise(*good, 1, 0x90, work));
  for (auto& t : senders) t.join();
  senders.clear();
  for (int i = 0; i < kClients; ++i) {
    const auto end = wait_for_end(bad_index[i]);
    ASSERT_TRUE(end) << "garbage session " << i << " did not end";
    std::printf("garbage client %d: %s\n", i, end->status.ok() ? "ended cleanly" : end->status.error().message.c_str());
    std::vector<RecordedEvent> events;
    ASSERT_NO_FATAL_FAILURE(recorded_events(bad_index[i], events));
    const auto kinds = kinds_of(events);
    EXPECT_EQ(std::count(kinds.begin(), kinds.end(), "ContextCreate"),
              std::count(kinds.begin(), kinds.end(), "ContextDestroy"));
  }
  ASSERT_NO_FATAL_FAILURE(round_trips(*good));
  ASSERT_NO_FATAL_FAILURE(close_cleanly(good, good_index));
  expect_recorded(good_index, &work, true);
}

}  // namespace
}  // namespace vgpu::capture::testing
