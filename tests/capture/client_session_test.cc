// A guest that misbehaves is cut off with a reason that names the problem; the other guest
// connected at the same time keeps being served; and the trace of the bad guest keeps every
// event up to the failure (capture/client_session.h, capture/vtest_io.h).  Each case runs the
// real capture server in front of a real virgl_test_server (live_capture_fixture.h).
#include <fcntl.h>
#include <gmock/gmock.h>
#include <poll.h>
#include <unistd.h>

#include <cstring>
#include <algorithm>
#include <fstream>
#include <functional>
#include <thread>

#include "decoder/encoder.h"
#include "decoder/vtest/request_codec.h"
#include "tests/capture/live_capture_fixture.h"

namespace vgpu::capture::testing {
namespace {

using ::testing::HasSubstr;
using ::testing::StartsWith;

std::vector<uint8_t> dwords(std::initializer_list<uint32_t> words) {
  std::vector<uint8_t> out(words.size() * 4);
  size_t at = 0;
  for (uint32_t w : words) {
    std::memcpy(out.data() + at, &w, 4);
    at += 4;
  }
  return out;
}

// A pipe whose write end the test hands away: once every copy of it is closed, the read end
// reports POLLHUP.  Tells whether a descriptor sent to capture was dropped or kept.
struct Pipe {
  int read_end = -1, write_end = -1;
  Pipe() {
    int fds[2];
    if (::pipe2(fds, O_CLOEXEC) == 0) read_end = fds[0], write_end = fds[1];
  }
  ~Pipe() {
    if (read_end >= 0) ::close(read_end);
    if (write_end >= 0) ::close(write_end);
  }
  void close_write_end() {
    ::close(write_end);
    write_end = -1;
  }
  [[nodiscard]] bool write_end_closed_everywhere(std::chrono::milliseconds timeout) const {
    pollfd p{read_end, POLLIN, 0};
    return ::poll(&p, 1, static_cast<int>(timeout.count())) == 1 && (p.revents & POLLHUP);
  }
};

class BadClientTest : public LiveCaptureTest {
 protected:
  struct Case {
    std::function<void(RawVtestClient&)> misbehave;
    std::string reason;          // what the session's end status must say
    bool closes_itself = false;  // misbehave() closed the connection
    bool works_first = true;     // the bad client does a guest's work before misbehaving
  };

  // A bystander and the bad client both shake hands and work; the bad one misbehaves; then the
  // bad session must end with `reason`, its connection closed; the bystander must still be
  // answered; both traces must hold every event of before the failure.
  void run(const Case& c) {
    std::optional<RawVtestClient> good, bad;
    uint32_t good_index = 0, bad_index = 0;
    ASSERT_NO_FATAL_FAILURE(connect_guest("bystander", good, good_index));
    ASSERT_NO_FATAL_FAILURE(connect_guest("bad", bad, bad_index));
    Work good_work, bad_work;
    ASSERT_NO_FATAL_FAILURE(exercise(*good, 1, 0x10, good_work));
    if (c.works_first) {
      ASSERT_NO_FATAL_FAILURE(exercise(*bad, 1, 0x20, bad_work));
    }

    ASSERT_NO_FATAL_FAILURE(c.misbehave(*bad));
    const auto end = wait_for_end(bad_index);
    ASSERT_TRUE(end) << "the bad session did not end";
    ASSERT_FALSE(end->status.ok()) << "the bad session ended as if nothing was wrong";
    EXPECT_THAT(end->status.error().message, StartsWith("client: "));
    EXPECT_THAT(end->status.error().message, HasSubstr(c.reason));
    if (!c.closes_itself) {
      EXPECT_TRUE(bad->closed_by_peer(5s)) << "capture kept the bad client";
    }

    ASSERT_NO_FATAL_FAILURE(round_trips(*good));
    ASSERT_NO_FATAL_FAILURE(close_cleanly(good, good_index));
    expect_recorded(good_index, &good_work, true);
    expect_recorded(bad_index, c.works_first ? &bad_work : nullptr, c.works_first);
  }
};

TEST_F(LiveCaptureTest, WellBehavedGuestIsRecordedWhole) {
  std::optional<RawVtestClient> guest;
  uint32_t index = 0;
  ASSERT_NO_FATAL_FAILURE(connect_guest("guest", guest, index));
  Work work;
  ASSERT_NO_FATAL_FAILURE(exercise(*guest, 3, 0x42, work));
  ASSERT_NO_FATAL_FAILURE(round_trips(*guest));
  ASSERT_NO_FATAL_FAILURE(close_cleanly(guest, index));
  expect_recorded(index, &work, true);
}

TEST_F(BadClientTest, UnknownCommandId) {
  run({[](RawVtestClient& c) { ASSERT_TRUE(c.send_bytes(dwords({0, 99})).ok()); },
       "unknown vtest command id 99"});
}

TEST_F(BadClientTest, ProtocolVersion4CommandIsNamed) {
  run({[](RawVtestClient& c) { ASSERT_TRUE(c.send_bytes(dwords({1, 25, 0})).ok()); },
       "unknown vtest command id 25 (protocol version 4 is not supported)"});
}

TEST_F(BadClientTest, FixedSizeMessageWithWrongLength) {
  // RESOURCE_BUSY_WAIT has exactly 2 dwords.
  run({[](RawVtestClient& c) { ASSERT_TRUE(c.send_bytes(dwords({3, 7, 1, 0, 0})).ok()); },
       "RESOURCE_BUSY_WAIT: length 3, expected 2 dwords"});
}

TEST_F(BadClientTest, SubmitOfTwoToThe30Dwords) {
  // Only the header: capture must refuse the length itself, not wait for (or allocate) 4 GiB.
  run({[](RawVtestClient& c) { ASSERT_TRUE(c.send_bytes(dwords({1u << 30, 6})).ok()); },
       "SUBMIT_CMD: length of 1073741824 dwords is over the message limit"});
}

TEST_F(BadClientTest, HeaderCutInHalfThenClose) {
  run({[](RawVtestClient& c) {
         ASSERT_TRUE(c.send_bytes(dwords({0})).ok());  // half of PING_PROTOCOL_VERSION's header
         c.close();
       },
       "connection closed inside a message (4 bytes of it received)", true});
}

vtest::TransferPut put2(uint32_t handle, uint32_t offset, uint32_t size) {
  vtest::TransferPut put;
  put.v2 = true;
  put.handle = handle;
  put.box = {0, 0, 0, size, 1, 1};
  put.data_size = size;
  put.offset = offset;
  return put;
}

TEST_F(BadClientTest, TransferPut2OutsideSharedMemory) {
  // exercise() made resource 1 with 256 bytes of shared memory.
  run({[](RawVtestClient& c) { ASSERT_TRUE(c.send(put2(1, 300, 16)).ok()); },
       "TRANSFER_PUT2 at offset 300 is outside the shared memory of resource 1"});
}

TEST_F(BadClientTest, TransferPut2WhoseEndOverflows) {
  // offset + size wraps a 32-bit sum.
  run({[](RawVtestClient& c) { ASSERT_TRUE(c.send(put2(1, 0xfffffff0u, 32)).ok()); },
       "TRANSFER_PUT2 at offset 4294967280 is outside the shared memory of resource 1"});
}

TEST_F(BadClientTest, TransferPut2OfUnknownResource) {
  run({[](RawVtestClient& c) { ASSERT_TRUE(c.send(put2(77, 0, 4)).ok()); },
       "outside the shared memory of resource 77"});
}

// A TRANSFER_PUT2 that starts inside the shared memory and runs past its end is not capture's to
// refuse (Mesa's data_size counts its own row pitch, which can exceed the host's tight backing;
// the host moves what lies inside): it is forwarded, the bytes inside are recorded, and the
// session goes on.
TEST_F(LiveCaptureTest, TransferPut2RunningPastTheEndKeepsWhatIsInside) {
  std::optional<RawVtestClient> guest;
  uint32_t index = 0;
  ASSERT_NO_FATAL_FAILURE(connect_guest("guest", guest, index));
  auto fd = guest->create_resource(buffer_resource(1, kBufferBytes));
  ASSERT_TRUE(fd.ok()) << fd.error().message;
  Mapping shm(fd.value().get(), kBufferBytes);
  ASSERT_TRUE(shm.ok());
  for (uint32_t i = 0; i < kBufferBytes; ++i) shm.data()[i] = static_cast<uint8_t>(i ^ 0x5a);
  ASSERT_TRUE(guest->send(put2(1, 200, 100)).ok());
  ASSERT_NO_FATAL_FAILURE(round_trips(*guest));
  ASSERT_NO_FATAL_FAILURE(close_cleanly(guest, index));
  std::vector<RecordedEvent> events;
  ASSERT_NO_FATAL_FAILURE(recorded_events(index, events));
  const std::vector<uint8_t> inside(shm.data() + 200, shm.data() + kBufferBytes);
  int puts = 0;
  for (const auto& e : events) {
    if (e.kind != "TransferToHost") continue;
    ++puts;
    EXPECT_EQ(e.payload, inside) << e.fields;
  }
  EXPECT_EQ(puts, 1);
}

TEST_F(BadClientTest, CreateRendererTwice) {
  run({[](RawVtestClient& c) { ASSERT_TRUE(c.send(vtest::CreateRenderer{"again"}).ok()); },
       "CREATE_RENDERER sent twice"});
}

// vtest_send_fd's way of passing a descriptor: one byte carrying it.  A client sending one where
// none is expected (clients never send descriptors in protocol 0-3) puts an extra byte in the
// stream: capture reads requests with read(), so the kernel closes the descriptor, and the byte
// shifts every later header: the session is cut off at the next header, which is garbage.
TEST_F(BadClientTest, LoneByteCarryingAFileDescriptor) {
  Pipe pipe;
  ASSERT_GE(pipe.read_end, 0);
  run({[&pipe](RawVtestClient& c) {
         const uint8_t byte = 0;
         ASSERT_TRUE(c.send_bytes_with_fd({&byte, 1}, pipe.write_end).ok());
         pipe.close_write_end();
         ASSERT_TRUE(c.send(vtest::PingProtocolVersion{}).ok());
       },
       // 00 | 00 00 00 00 0a 00 00 | 00: length 0, id 0x0a00
       "unknown vtest command id 2560"});
  EXPECT_TRUE(pipe.write_end_closed_everywhere(5s)) << "capture kept the descriptor open";
}

// The same descriptor attached to a byte of a well-formed message: the message is served as
// usual, the descriptor is closed by the kernel (never seen, never leaked), and the session goes
// on.  Documented behaviour, not an error.
TEST_F(LiveCaptureTest, FileDescriptorOnAWellFormedMessageIsDropped) {
  std::optional<RawVtestClient> guest;
  uint32_t index = 0;
  ASSERT_NO_FATAL_FAILURE(connect_guest("guest", guest, index));
  Pipe pipe;
  ASSERT_GE(pipe.read_end, 0);
  const std::vector<uint8_t> ping = vtest::encode_request(vtest::PingProtocolVersion{});
  ASSERT_TRUE(guest->send_bytes_with_fd(ping, pipe.write_end).ok());
  pipe.close_write_end();
  auto reply = guest->receive(vtest::PingProtocolVersion{});
  ASSERT_TRUE(reply.ok()) << reply.error().message;
  EXPECT_TRUE(std::holds_alternative<vtest::PingReply>(reply.value()));
  Work work;
  ASSERT_NO_FATAL_FAILURE(exercise(*guest, 1, 0x50, work));
  ASSERT_NO_FATAL_FAILURE(close_cleanly(guest, index));
  expect_recorded(index, &work, true);
  EXPECT_TRUE(pipe.write_end_closed_everywhere(5s)) << "capture kept the descriptor open";
}

// A TRANSFER3D FROM_HOST inside a submit: the host writes the shared memory while running the
// buffer, so capture must record it after the host ran it, not when the guest sent it.
TEST_F(LiveCaptureTest, ReadbackInsideASubmitIsRecordedOnceTheHostRanIt) {
  std::optional<RawVtestClient> guest;
  uint32_t index = 0;
  ASSERT_NO_FATAL_FAILURE(connect_guest("guest", guest, index));
  auto fd = guest->create_resource(buffer_resource(4, kBufferBytes));
  ASSERT_TRUE(fd.ok()) << fd.error().message;
  Mapping shm(fd.value().get(), kBufferBytes);
  ASSERT_TRUE(shm.ok());
  std::vector<uint8_t> pattern(kBufferBytes);
  for (uint32_t i = 0; i < kBufferBytes; ++i) pattern[i] = static_cast<uint8_t>(3 * i + 1);
  std::memcpy(shm.data(), pattern.data(), kBufferBytes);
  ASSERT_TRUE(guest->send(put2(4, 0, kBufferBytes)).ok());
  ASSERT_NO_FATAL_FAILURE(sync(*guest));
  std::memset(shm.data(), 0, kBufferBytes);

  virgl::Transfer3d readback;
  readback.region.resource = 4;
  readback.region.x = 16;
  readback.region.w = 32;
  readback.region.h = 1;
  readback.region.d = 1;
  readback.offset = 16;
  readback.direction = 2;  // FROM_HOST
  virgl::Encoder encoder;
  encoder.add(readback);
  ASSERT_TRUE(guest->send(vtest::SubmitCmd{encoder.words()}).ok());
  ASSERT_NO_FATAL_FAILURE(sync(*guest));
  const std::vector<uint8_t> expected(pattern.begin() + 16, pattern.begin() + 48);
  ASSERT_EQ(std::vector<uint8_t>(shm.data() + 16, shm.data() + 48), expected)
      << "the host did not run the readback";
  ASSERT_NO_FATAL_FAILURE(close_cleanly(guest, index));

  std::vector<RecordedEvent> events;
  ASSERT_NO_FATAL_FAILURE(recorded_events(index, events));
  const auto kinds = kinds_of(events);
  const auto submit = std::find(kinds.begin(), kinds.end(), "Submit");
  ASSERT_NE(submit, kinds.end());
  ASSERT_NE(submit + 1, kinds.end());
  const RecordedEvent& recorded = events[static_cast<size_t>(submit + 1 - kinds.begin())];
  ASSERT_EQ(recorded.kind, "TransferFromHost") << "the readback must follow its submit";
  EXPECT_EQ(recorded.payload, expected);
  EXPECT_THAT(recorded.fields, HasSubstr("offset=16"));
}

// Protocol 3 (not what Mesa 22.3 speaks, but what the codec and capture support): the host
// assigns resource ids and answers RESOURCE_CREATE2 before sending the memfd.
TEST_F(LiveCaptureTest, ProtocolVersion3HostAssignedIds) {
  std::optional<RawVtestClient> guest;
  uint32_t index = 0;
  ASSERT_NO_FATAL_FAILURE(connect(guest, index));
  const trace::Status shaken = guest->handshake("v3", 3);
  ASSERT_TRUE(shaken.ok()) << shaken.error().message;
  auto fd = guest->create_resource(buffer_resource(0, kBufferBytes));
  ASSERT_TRUE(fd.ok()) << fd.error().message;
  const uint32_t res_id = guest->last_res_id();
  ASSERT_NE(res_id, 0u);
  Mapping shm(fd.value().get(), kBufferBytes);
  ASSERT_TRUE(shm.ok());
  for (uint32_t i = 0; i < kBufferBytes; ++i) shm.data()[i] = static_cast<uint8_t>(i * 5);
  const std::vector<uint8_t> pattern(shm.data(), shm.data() + kBufferBytes);
  ASSERT_TRUE(guest->send(put2(res_id, 0, kBufferBytes)).ok());
  ASSERT_NO_FATAL_FAILURE(sync(*guest));
  std::memset(shm.data(), 0, kBufferBytes);
  vtest::TransferGet get;
  get.v2 = true;
  get.handle = res_id;
  get.box = {0, 0, 0, kBufferBytes, 1, 1};
  get.data_size = kBufferBytes;
  ASSERT_TRUE(guest->send(get).ok());
  ASSERT_NO_FATAL_FAILURE(sync(*guest));
  ASSERT_EQ(std::vector<uint8_t>(shm.data(), shm.data() + kBufferBytes), pattern);
  ASSERT_TRUE(guest->send(vtest::ResourceUnref{res_id}).ok());
  ASSERT_NO_FATAL_FAILURE(round_trips(*guest));
  ASSERT_NO_FATAL_FAILURE(close_cleanly(guest, index));

  std::vector<RecordedEvent> events;
  ASSERT_NO_FATAL_FAILURE(recorded_events(index, events));
  EXPECT_EQ(kinds_of(events),
            (std::vector<std::string>{"CapsetInfo", "CapsetInfo", "ContextCreate", "ResourceCreate",
                                      "AttachResource", "TransferToHost", "TransferFromHost",
                                      "ResourceUnref", "ContextDestroy"}));
  const std::string id = "res=" + std::to_string(res_id);
  for (const auto& e : events) {
    if (e.kind == "ResourceCreate" || e.kind == "TransferToHost" || e.kind == "TransferFromHost" ||
        e.kind == "ResourceUnref") {
      EXPECT_NE(e.fields.find(id), std::string::npos) << e.kind << ": " << e.fields;
    }
    if (e.kind == "TransferToHost" || e.kind == "TransferFromHost") {
      EXPECT_EQ(e.payload, pattern) << e.kind;
    }
  }
}

// A client may announce a message as large as the limit (128 MiB) and then send nothing, or
// send it slowly.  Capture should hold what it received, not what was announced: otherwise a few
// connections that each send one 8-byte header make capture commit the limit times their number.
TEST_F(LiveCaptureTest, AnnouncedMessageSizeIsNotHeldBeforeItArrives) {
  auto resident_bytes = [] {
    std::ifstream statm("/proc/self/statm");
    uint64_t size = 0, resident = 0;
    statm >> size >> resident;
    return resident * static_cast<uint64_t>(::sysconf(_SC_PAGESIZE));
  };
  constexpr int kClients = 2;
  const uint32_t announced = vtest::Limits{}.max_message_bytes / 4 - 2;  // just under the limit
  std::vector<std::optional<RawVtestClient>> clients(kClients);
  std::vector<uint32_t> indices(kClients);
  for (int i = 0; i < kClients; ++i) {
    ASSERT_NO_FATAL_FAILURE(connect_guest("announcer" + std::to_string(i), clients[i], indices[i]));
  }
  const uint64_t before = resident_bytes();
  for (auto& c : clients) ASSERT_TRUE(c->send_bytes(dwords({announced, 6})).ok());  // SUBMIT_CMD
  std::this_thread::sleep_for(500ms);  // time for the sessions to read the headers
  const uint64_t grown = resident_bytes() - std::min(before, resident_bytes());
  EXPECT_LT(grown, 32u << 20) << "capture holds " << (grown >> 20) << " MiB for " << kClients
                              << " clients that sent 8 bytes each";
  for (int i = 0; i < kClients; ++i) {
    clients[i]->close();
    const auto end = wait_for_end(indices[i]);
    ASSERT_TRUE(end);
    ASSERT_FALSE(end->status.ok());
    EXPECT_THAT(end->status.error().message,
                HasSubstr("connection closed inside a message (8 bytes of it received)"));
  }
}

TEST_F(LiveCaptureTest, FirstMessageOtherThanCreateRenderer) {
  std::optional<RawVtestClient> good, bad;
  uint32_t good_index = 0, bad_index = 0;
  ASSERT_NO_FATAL_FAILURE(connect_guest("bystander", good, good_index));
  ASSERT_NO_FATAL_FAILURE(connect(bad, bad_index));
  ASSERT_TRUE(bad->send(vtest::PingProtocolVersion{}).ok());
  const auto end = wait_for_end(bad_index);
  ASSERT_TRUE(end);
  ASSERT_FALSE(end->status.ok());
  EXPECT_EQ(end->status.error().message,
            "client: first message is PING_PROTOCOL_VERSION, not CREATE_RENDERER");
  EXPECT_TRUE(bad->closed_by_peer(5s));
  std::vector<RecordedEvent> events;
  ASSERT_NO_FATAL_FAILURE(recorded_events(bad_index, events));
  EXPECT_TRUE(events.empty()) << "recorded " << events.size() << " events for a client that never started";

  Work work;
  ASSERT_NO_FATAL_FAILURE(exercise(*good, 1, 0x30, work));
  ASSERT_NO_FATAL_FAILURE(close_cleanly(good, good_index));
  expect_recorded(good_index, &work, true);
}

}  // namespace
}  // namespace vgpu::capture::testing
