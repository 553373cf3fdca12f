// The fixture of the live capture tests: a private virgl_test_server (upstream_host.h), the real
// capture server in-process in front of it, one EventRecorder (memory + .vtrc) per session, and
// what a well-behaved guest does, so that each test can add the one thing that goes wrong.
#pragma once

#include <gtest/gtest.h>

#include <chrono>
#include <condition_variable>
#include <filesystem>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "capture/capture_server.h"
#include "tests/capture/event_recorder.h"
#include "tests/capture/raw_vtest_client.h"
#include "tests/capture/upstream_host.h"

namespace vgpu::capture::testing {

using namespace std::chrono_literals;

class LiveCaptureTest : public ::testing::Test {
 protected:
  void SetUp() override;
  void TearDown() override;

  struct SessionEnd {
    ClientInfo info;
    trace::Status status;
  };

  // Connects a raw client and waits until the server has accepted it as client number `index`.
  void connect(std::optional<RawVtestClient>& client, uint32_t& index);
  // Connects and does the handshake as `name`.
  void connect_guest(const std::string& name, std::optional<RawVtestClient>& client, uint32_t& index);

  // Blocks until session `index` ended (10 s at most).
  [[nodiscard]] std::optional<SessionEnd> wait_for_end(uint32_t index,
                                                       std::chrono::milliseconds timeout = 10s);
  // The session's events, after it ended; also checks that its trace file reads back whole with
  // exactly the same events.
  void recorded_events(uint32_t index, std::vector<RecordedEvent>& events);

  // What a well-behaved guest does with one buffer resource of kBufferBytes: upload with
  // TRANSFER_PUT2, a SUBMIT_CMD whose TRANSFER3D uploads the first kSubmitBytes from shared
  // memory, then TRANSFER_GET2 + BUSY_WAIT and a check that the host wrote back what it holds.
  struct Work {
    uint32_t res_id = 0;
    std::vector<uint8_t> put;        // the TRANSFER_PUT2 bytes
    std::vector<uint8_t> submitted;  // the bytes the TRANSFER3D read
    std::vector<uint8_t> read_back;  // what TRANSFER_GET2 returned
  };
  static constexpr uint32_t kBufferBytes = 256;
  static constexpr uint32_t kSubmitBytes = 64;
  void exercise(RawVtestClient& client, uint32_t res_id, uint8_t seed, Work& work);
  // A round trip: once answered, the host has handled every earlier request.
  void sync(RawVtestClient& client);
  // A few round trips that must be answered and record nothing (PING, BUSY_WAIT).
  void round_trips(RawVtestClient& client);

  // The events a session that shook hands, did `work` (when given) and then ended must have
  // recorded: kinds in order, and the payloads of the transfers.
  void expect_recorded(uint32_t index, const Work* work, bool context_open);

  // Ends session `index` by closing `client` and expects a clean end.
  void close_cleanly(std::optional<RawVtestClient>& client, uint32_t index);

  // A shared memory mapping the test writes into (the guest side).
  class Mapping {
   public:
    Mapping(int fd, size_t size);
    ~Mapping();
    Mapping(const Mapping&) = delete;
    Mapping& operator=(const Mapping&) = delete;
    [[nodiscard]] uint8_t* data() { return data_; }
    [[nodiscard]] bool ok() const { return data_ != nullptr; }

   private:
    uint8_t* data_ = nullptr;
    size_t size_ = 0;
  };

  std::filesystem::path dir_;
  std::string upstream_path_;
  std::string capture_path_;
  std::unique_ptr<UpstreamHost> host_;
  std::unique_ptr<VtestServer> server_;
  uint32_t connected_ = 0;
  FramePixelPolicy frame_pixels_;  // what SetUp() gives the server; fixtures may change it first

 private:
  struct Session {
    std::unique_ptr<EventRecorder> recorder;
    std::shared_ptr<CaptureSink> sink;
  };
  std::shared_ptr<CaptureSink> sink_for(const ClientInfo& info);
  void on_end(const ClientInfo& info, const trace::Status& status);

  std::mutex mutex_;
  std::condition_variable ended_cv_;
  std::map<uint32_t, Session> sessions_;
  std::map<uint32_t, SessionEnd> ended_;
};

// vtest resource arguments of a PIPE_BUFFER of `bytes` (protocol 2: the guest picks the id).
[[nodiscard]] vtest::ResourceCreate buffer_resource(uint32_t res_id, uint32_t bytes);

}  // namespace vgpu::capture::testing
