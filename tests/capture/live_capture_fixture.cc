#include "tests/capture/live_capture_fixture.h"

#include <sys/mman.h>
#include <unistd.h>

#include <cstring>
#include <thread>

#include "decoder/encoder.h"
#include "decoder/formats.h"
#include "decoder/vtest/vtest_protocol.h"

namespace vgpu::capture::testing {

vtest::ResourceCreate buffer_resource(uint32_t res_id, uint32_t bytes) {
  vtest::ResourceCreate r;
  r.v2 = true;
  r.handle = res_id;
  r.target = 0;  // PIPE_BUFFER
  r.format = static_cast<uint32_t>(virgl::PipeFormat::R8_UNORM);
  r.bind = 1u << 4;  // VERTEX_BUFFER
  r.width = bytes;
  r.height = 1;
  r.depth = 1;
  r.array_size = 1;
  r.data_size = bytes;
  return r;
}

LiveCaptureTest::Mapping::Mapping(int fd, size_t size) : size_(size) {
  void* p = ::mmap(nullptr, size, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
  if (p != MAP_FAILED) data_ = static_cast<uint8_t*>(p);
}

LiveCaptureTest::Mapping::~Mapping() {
  if (data_) ::munmap(data_, size_);
}

void LiveCaptureTest::SetUp() {
  std::string tmpl = (std::filesystem::temp_directory_path() / "vcap-XXXXXX").string();
  ASSERT_NE(::mkdtemp(tmpl.data()), nullptr) << std::strerror(errno);
  dir_ = tmpl;
  upstream_path_ = (dir_ / "up.sock").string();
  capture_path_ = (dir_ / "cap.sock").string();
  ASSERT_LT(capture_path_.size(), 107u) << "TMPDIR is too long for a socket path";

  auto host = UpstreamHost::start(upstream_path_);
  ASSERT_TRUE(host.ok()) << host.error().message;
  host_ = std::move(host.value());

  auto server = start_capture_server(
      // The shipped polling default (vgpu-capture's), so that every live test runs the proxy
      // as users do, polling and stopping included.
      {capture_path_, upstream_path_, {}, frame_pixels_, kDefaultSpinBudget},
      [this](const ClientInfo& info) { return sink_for(info); },
      [this](const ClientInfo& info, const trace::Status& status) { on_end(info, status); });
  ASSERT_TRUE(server.ok()) << server.error().message;
  server_ = std::move(server.value());
}

void LiveCaptureTest::TearDown() {
  if (server_) server_->stop();
  server_.reset();
  host_.reset();
  std::error_code ec;
  if (!dir_.empty()) std::filesystem::remove_all(dir_, ec);
}

std::shared_ptr<CaptureSink> LiveCaptureTest::sink_for(const ClientInfo& info) {
  auto recorder = EventRecorder::create(dir_ / ("client-" + std::to_string(info.index) + ".vtrc"));
  if (!recorder.ok()) {
    ADD_FAILURE() << recorder.error().message;
    return nullptr;
  }
  std::lock_guard lock(mutex_);
  Session& s = sessions_[info.index];
  s.recorder = std::move(recorder.value());
  s.sink = std::make_shared<CaptureSink>(info.name, *s.recorder);
  return s.sink;
}

void LiveCaptureTest::on_end(const ClientInfo& info, const trace::Status& status) {
  std::lock_guard lock(mutex_);
  if (auto it = sessions_.find(info.index); it != sessions_.end()) {
    const trace::Status sealed = it->second.sink->finalize();
    EXPECT_TRUE(sealed.ok()) << sealed.error().message;
    const trace::Status written = it->second.recorder->finalize();
    EXPECT_TRUE(written.ok()) << written.error().message;
  }
  ended_[info.index] = SessionEnd{info, status};
  ended_cv_.notify_all();
}

void LiveCaptureTest::connect(std::optional<RawVtestClient>& client, uint32_t& index) {
  auto c = RawVtestClient::connect(capture_path_);
  ASSERT_TRUE(c.ok()) << c.error().message;
  client.emplace(std::move(c.value()));
  index = ++connected_;
  const auto deadline = std::chrono::steady_clock::now() + 5s;
  while (server_->clients_seen() < index) {
    ASSERT_LT(std::chrono::steady_clock::now(), deadline) << "client " << index << " not accepted";
    std::this_thread::sleep_for(5ms);
  }
}

void LiveCaptureTest::connect_guest(const std::string& name, std::optional<RawVtestClient>& client,
                                    uint32_t& index) {
  ASSERT_NO_FATAL_FAILURE(connect(client, index));
  const trace::Status s = client->handshake(name);
  ASSERT_TRUE(s.ok()) << name << ": " << s.error().message;
}

std::optional<LiveCaptureTest::SessionEnd> LiveCaptureTest::wait_for_end(
    uint32_t index, std::chrono::milliseconds timeout) {
  std::unique_lock lock(mutex_);
  if (!ended_cv_.wait_for(lock, timeout, [&] { return ended_.count(index) > 0; })) return std::nullopt;
  return ended_.at(index);
}

void LiveCaptureTest::recorded_events(uint32_t index, std::vector<RecordedEvent>& events) {
  std::filesystem::path path;
  {
    std::lock_guard lock(mutex_);
    ASSERT_TRUE(ended_.count(index)) << "session " << index << " has not ended";
    const auto it = sessions_.find(index);
    if (it == sessions_.end()) {  // never asked for a sink: nothing recorded
      events.clear();
      return;
    }
    events = it->second.recorder->events();
    path = it->second.recorder->path();
  }
  auto file = read_trace(path);
  ASSERT_TRUE(file.ok()) << path << ": " << file.error().message;
  EXPECT_EQ(kinds_of(file.value()), kinds_of(events)) << "the trace file differs from the events";
  EXPECT_TRUE(file.value() == events) << "the trace file differs from the events";
}

void LiveCaptureTest::exercise(RawVtestClient& c, uint32_t res_id, uint8_t seed, Work& work) {
  work.res_id = res_id;
  auto fd = c.create_resource(buffer_resource(res_id, kBufferBytes));
  ASSERT_TRUE(fd.ok()) << fd.error().message;
  Mapping shm(fd.value().get(), kBufferBytes);
  ASSERT_TRUE(shm.ok()) << "mmap of the resource's memfd failed";

  work.put.resize(kBufferBytes);
  for (uint32_t i = 0; i < kBufferBytes; ++i) work.put[i] = static_cast<uint8_t>(seed + 7 * i);
  std::memcpy(shm.data(), work.put.data(), kBufferBytes);
  vtest::TransferPut put;
  put.v2 = true;
  put.handle = res_id;
  put.box = {0, 0, 0, kBufferBytes, 1, 1};
  put.data_size = kBufferBytes;
  ASSERT_TRUE(c.send(put).ok());
  // TRANSFER_PUT2 has no reply: the host reads the memory when it gets to the message, so a
  // guest must not touch it before a round trip says the host is past it (Mesa waits too).
  ASSERT_NO_FATAL_FAILURE(sync(c));

  // A submit whose TRANSFER3D makes the host read the first bytes of the shared memory.
  work.submitted.resize(kSubmitBytes);
  for (uint32_t i = 0; i < kSubmitBytes; ++i) work.submitted[i] = static_cast<uint8_t>((seed ^ 0xa5) + i);
  std::memcpy(shm.data(), work.submitted.data(), kSubmitBytes);
  virgl::Encoder encoder;
  virgl::CreateSubCtx create_sub;
  create_sub.sub_ctx = 1;
  virgl::SetSubCtx set_sub;
  set_sub.sub_ctx = 1;
  virgl::Transfer3d upload;
  upload.region.resource = res_id;
  upload.region.w = kSubmitBytes;
  upload.region.h = 1;
  upload.region.d = 1;
  upload.direction = 1;  // TO_HOST
  encoder.add(create_sub).add(set_sub).add(upload);
  ASSERT_TRUE(encoder.ok());
  ASSERT_TRUE(c.send(vtest::SubmitCmd{encoder.words()}).ok());
  ASSERT_NO_FATAL_FAILURE(sync(c));

  // Read it all back into zeroed memory: the host holds the submitted bytes, then the put ones.
  std::memset(shm.data(), 0, kBufferBytes);
  vtest::TransferGet get;
  get.v2 = true;
  get.handle = res_id;
  get.box = {0, 0, 0, kBufferBytes, 1, 1};
  get.data_size = kBufferBytes;
  ASSERT_TRUE(c.send(get).ok());
  auto busy = c.call(vtest::ResourceBusyWait{res_id, vtest::kBusyWaitFlagWait});
  ASSERT_TRUE(busy.ok()) << busy.error().message;
  work.read_back.assign(shm.data(), shm.data() + kBufferBytes);
  std::vector<uint8_t> expected = work.submitted;
  expected.insert(expected.end(), work.put.begin() + kSubmitBytes, work.put.end());
  ASSERT_EQ(work.read_back, expected) << "the host did not run the transfers";
}

void LiveCaptureTest::sync(RawVtestClient& c) {
  auto busy = c.call(vtest::ResourceBusyWait{0, vtest::kBusyWaitFlagWait});
  ASSERT_TRUE(busy.ok()) << busy.error().message;
}

void LiveCaptureTest::round_trips(RawVtestClient& c) {
  auto ping = c.call(vtest::PingProtocolVersion{});
  ASSERT_TRUE(ping.ok()) << ping.error().message;
  EXPECT_TRUE(std::holds_alternative<vtest::PingReply>(ping.value()));
  auto busy = c.call(vtest::ResourceBusyWait{0, 0});
  ASSERT_TRUE(busy.ok()) << busy.error().message;
  auto again = c.call(vtest::PingProtocolVersion{});
  ASSERT_TRUE(again.ok()) << again.error().message;
}

void LiveCaptureTest::expect_recorded(uint32_t index, const Work* work, bool context_open) {
  std::vector<RecordedEvent> events;
  ASSERT_NO_FATAL_FAILURE(recorded_events(index, events));
  std::vector<std::string> kinds = {"CapsetInfo", "CapsetInfo"};
  if (context_open) kinds.push_back("ContextCreate");
  if (work) {
    for (const char* k : {"ResourceCreate", "AttachResource", "TransferToHost", "BackingWrite",
                          "Submit", "TransferFromHost", "ResourceUnref"}) {
      kinds.push_back(k);
    }
  }
  if (context_open) kinds.push_back("ContextDestroy");
  ASSERT_EQ(kinds_of(events), kinds);
  if (!work) return;
  const std::string res = "res=" + std::to_string(work->res_id) + " ";
  auto at = [&](const char* kind) -> const RecordedEvent& {
    for (const auto& e : events) {
      if (e.kind == kind) return e;
    }
    return events.front();
  };
  EXPECT_EQ(at("ResourceCreate").fields.rfind(res, 0), 0u) << at("ResourceCreate").fields;
  EXPECT_EQ(at("TransferToHost").payload, work->put);
  EXPECT_EQ(at("BackingWrite").payload, work->submitted);
  EXPECT_EQ(at("TransferFromHost").payload, work->read_back);
  EXPECT_EQ(at("ResourceUnref").fields, "res=" + std::to_string(work->res_id));
}

void LiveCaptureTest::close_cleanly(std::optional<RawVtestClient>& client, uint32_t index) {
  client->close();
  const auto end = wait_for_end(index);
  ASSERT_TRUE(end) << "session " << index << " did not end after its client closed";
  EXPECT_TRUE(end->status.ok()) << end->status.error().message;
}

}  // namespace vgpu::capture::testing
