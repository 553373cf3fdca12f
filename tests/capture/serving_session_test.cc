// vgpu-server's session (serving_session.h) at the protocol level: a raw vtest client against a
// real VtestServer whose sessions answer with the real built-in renderer on llvmpipe.  What Mesa
// relies on (handshake, caps, shared memory, PUT2/GET2 round trips, BUSY_WAIT) and what a hostile
// client gets (a reason naming the problem, its session alone ended).
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <chrono>
#include <condition_variable>
#include <cstring>
#include <filesystem>
#include <map>
#include <mutex>
#include <optional>

#include "capture/serving_session.h"
#include "capture/vtest_server.h"
#include "tests/capture/live_capture_fixture.h"  // buffer_resource()
#include "tests/capture/raw_vtest_client.h"

namespace vgpu::capture::testing {
namespace {

using namespace std::chrono_literals;
using ::testing::HasSubstr;
using ::testing::StartsWith;

constexpr uint32_t kBytes = 256;

template <class T>
T buffer_transfer(uint32_t res_id, uint32_t x, uint32_t size, uint32_t offset) {
  T t;
  t.v2 = true;
  t.handle = res_id;
  t.box = {x, 0, 0, size, 1, 1};
  t.data_size = size;
  t.offset = offset;
  return t;
}

class ServingSessionTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() /
           ("vgpu-serving-" + std::to_string(::getpid()));
    std::filesystem::create_directories(dir_);
    path_ = (dir_ / "server.sock").string();
    ServingOptions options;
    options.renderer.debug_gl = false;
    auto server = VtestServer::start(
        path_,
        [options](UnixSocket client, const ClientInfo& info) {
          return ServingSession::create(std::move(client), info, options);
        },
        [this](const ClientInfo& info, const trace::Status& status) {
          std::lock_guard lock(mutex_);
          ended_.emplace(info.index, status);
          ended_cv_.notify_all();
        });
    ASSERT_TRUE(server.ok()) << server.error().message;
    server_ = std::move(server.value());
  }
  void TearDown() override {
    if (server_) server_->stop();
    std::error_code ec;
    std::filesystem::remove_all(dir_, ec);
  }

  RawVtestClient guest(const std::string& name) {
    auto client = RawVtestClient::connect(path_);
    EXPECT_TRUE(client.ok()) << client.error().message;
    const trace::Status shaken = client.value().handshake(name, 2);
    EXPECT_TRUE(shaken.ok()) << shaken.error().message;
    return std::move(client.value());
  }

  std::optional<trace::Status> wait_for_end(uint32_t index) {
    std::unique_lock lock(mutex_);
    if (!ended_cv_.wait_for(lock, 10s, [&] { return ended_.count(index) > 0; })) return std::nullopt;
    return ended_.at(index);
  }

  std::filesystem::path dir_;
  std::string path_;
  std::unique_ptr<VtestServer> server_;
  std::mutex mutex_;
  std::condition_variable ended_cv_;
  std::map<uint32_t, trace::Status> ended_;
};

struct Mapped {
  Mapped(int fd, size_t bytes) : size(bytes) {
    void* p = ::mmap(nullptr, bytes, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
    data = p == MAP_FAILED ? nullptr : static_cast<uint8_t*>(p);
  }
  ~Mapped() {
    if (data) ::munmap(data, size);
  }
  uint8_t* data = nullptr;
  size_t size = 0;
};

TEST_F(ServingSessionTest, HandshakeNegotiatesVersion2AndAnswersCapsFromTheRenderer) {
  auto asks_for_3 = RawVtestClient::connect(path_);
  ASSERT_TRUE(asks_for_3.ok()) << asks_for_3.error().message;
  const trace::Status shaken = asks_for_3.value().handshake("v3 guest", 3);
  ASSERT_FALSE(shaken.ok());
  EXPECT_EQ(shaken.error().message, "negotiated protocol version 2, wanted 3")
      << "protocol 3 is not served yet: 2 must be chosen";

  RawVtestClient client = guest("caps");
  auto caps = client.call(vtest::GetCaps2{});
  ASSERT_TRUE(caps.ok()) << caps.error().message;
  const auto* reply = std::get_if<vtest::CapsReply>(&caps.value());
  ASSERT_NE(reply, nullptr);
  EXPECT_TRUE(reply->v2);
  // The bytes are exactly the renderer's capset: what it advertises is what it implements.
  renderer::Options options;
  auto renderer = renderer::Renderer::create(options);
  ASSERT_TRUE(renderer.ok()) << renderer.error().message;
  auto expected = renderer.value()->capset(2, 1);
  ASSERT_TRUE(expected.ok()) << expected.error().message;
  EXPECT_EQ(std::vector<uint8_t>(reply->caps.begin(), reply->caps.end()), expected.value());
}

TEST_F(ServingSessionTest, SharedMemoryIsZeroedAndRoundTripsThroughTheResource) {
  RawVtestClient client = guest("buffers");
  auto fd = client.create_resource(buffer_resource(7, kBytes));
  ASSERT_TRUE(fd.ok()) << fd.error().message;
  struct stat st {};
  ASSERT_EQ(::fstat(fd.value().get(), &st), 0);
  EXPECT_EQ(st.st_size, kBytes) << "the memfd has the size the guest asked for";
  Mapped shm(fd.value().get(), kBytes);
  ASSERT_NE(shm.data, nullptr);
  EXPECT_EQ(std::vector<uint8_t>(shm.data, shm.data + kBytes), std::vector<uint8_t>(kBytes, 0))
      << "new shared memory must never show the guest stale host memory";

  std::vector<uint8_t> pattern(kBytes);
  for (uint32_t i = 0; i < kBytes; ++i) pattern[i] = static_cast<uint8_t>(i * 7 + 3);
  std::memcpy(shm.data, pattern.data(), kBytes);
  ASSERT_TRUE(client.send(buffer_transfer<vtest::TransferPut>(7, 0, kBytes, 0)).ok());
  // PUT2 has no reply: only an answered request proves the server has read the memory.
  ASSERT_TRUE(client.call(vtest::ResourceBusyWait{7, vtest::kBusyWaitFlagWait}).ok());
  std::memset(shm.data, 0, kBytes);
  // Read bytes 64..191 of the resource back into the memory at offset 16.
  ASSERT_TRUE(client.send(buffer_transfer<vtest::TransferGet>(7, 64, 128, 16)).ok());
  auto busy = client.call(vtest::ResourceBusyWait{7, vtest::kBusyWaitFlagWait});
  ASSERT_TRUE(busy.ok()) << busy.error().message;
  ASSERT_TRUE(std::holds_alternative<vtest::BusyWaitReply>(busy.value()));
  EXPECT_EQ(std::get<vtest::BusyWaitReply>(busy.value()).busy, 0u);
  EXPECT_EQ(std::vector<uint8_t>(shm.data + 16, shm.data + 144),
            std::vector<uint8_t>(pattern.begin() + 64, pattern.begin() + 192));
  EXPECT_EQ(std::vector<uint8_t>(shm.data, shm.data + 16), std::vector<uint8_t>(16, 0))
      << "bytes outside the readback are untouched";
}

TEST_F(ServingSessionTest, ResourceIdUsedTwiceEndsThatSessionAlone) {
  RawVtestClient bad = guest("bad");
  RawVtestClient good = guest("good");
  ASSERT_TRUE(bad.create_resource(buffer_resource(3, kBytes)).ok());
  ASSERT_TRUE(bad.send(vtest::ResourceCreate{buffer_resource(3, kBytes)}).ok());
  const auto end = wait_for_end(1);
  ASSERT_TRUE(end);
  ASSERT_FALSE(end->ok());
  EXPECT_THAT(end->error().message, StartsWith("at stream byte "));
  EXPECT_THAT(end->error().message, HasSubstr("resource 3, which exists"));
  EXPECT_TRUE(bad.closed_by_peer(5s));

  // The other guest is still served.
  auto fd = good.create_resource(buffer_resource(3, kBytes));
  ASSERT_TRUE(fd.ok()) << fd.error().message;
  auto busy = good.call(vtest::ResourceBusyWait{3, vtest::kBusyWaitFlagWait});
  EXPECT_TRUE(busy.ok()) << busy.error().message;
}

TEST_F(ServingSessionTest, ProtocolThreeMessageInAVersionTwoSessionIsNamed) {
  RawVtestClient client = guest("v3 message");
  ASSERT_TRUE(client.send(vtest::GetParam{1}).ok());
  const auto end = wait_for_end(1);
  ASSERT_TRUE(end);
  ASSERT_FALSE(end->ok());
  EXPECT_THAT(end->error().message,
              HasSubstr("GET_PARAM needs protocol version 3, the session runs version 2"));
}

TEST_F(ServingSessionTest, SharedMemoryOverTheBudgetIsRefused) {
  RawVtestClient client = guest("greedy");
  vtest::ResourceCreate huge = buffer_resource(9, 4096);
  huge.data_size = 0xfffffff0u;  // 4 GiB of shared memory for a 4 KiB buffer
  ASSERT_TRUE(client.send(vtest::Request{huge}).ok());
  const auto end = wait_for_end(1);
  ASSERT_TRUE(end);
  ASSERT_FALSE(end->ok());
  EXPECT_THAT(end->error().message, HasSubstr("over the budget"));
}

}  // namespace
}  // namespace vgpu::capture::testing
