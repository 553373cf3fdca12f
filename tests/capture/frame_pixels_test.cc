// The frame-pixel policy (client_session.h FramePixelPolicy): presented frames keep their pixels
// every N frames and are stored as content digests in between, while every frame still ends
// with FrameEnd; against a real virgl_test_server, through the real capture server.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cinttypes>
#include <cstdio>
#include <cstring>
#include <vector>

#include "decoder/formats.h"
#include "tests/capture/live_capture_fixture.h"
#include "trace/frame_digest.h"

namespace vgpu::capture::testing {
namespace {

using ::testing::HasSubstr;

constexpr uint32_t kSide = 16;
constexpr uint32_t kBytes = kSide * kSide * 4;
// What Mesa gives a window's back buffer: RENDER_TARGET | SAMPLER_VIEW | DISPLAY_TARGET (the
// host refuses DISPLAY_TARGET alone).
constexpr uint32_t kDisplayTarget = (1u << 1) | (1u << 3) | (1u << 7);

class FramePixelsTest : public LiveCaptureTest {
 protected:
  FramePixelsTest() { frame_pixels_.full_frame_interval = 2; }
};

vtest::ResourceCreate display_target(uint32_t res_id) {
  vtest::ResourceCreate r;
  r.v2 = true;
  r.handle = res_id;
  r.target = 2;  // PIPE_TEXTURE_2D
  r.format = static_cast<uint32_t>(virgl::PipeFormat::B8G8R8A8_UNORM);
  r.bind = kDisplayTarget;
  r.width = kSide;
  r.height = kSide;
  r.depth = 1;
  r.array_size = 1;
  r.data_size = kBytes;
  return r;
}

template <class T>
T whole_box(uint32_t res_id) {
  T t;
  t.v2 = true;
  t.handle = res_id;
  t.box = {0, 0, 0, kSide, kSide, 1};
  t.data_size = kBytes;
  return t;
}

std::string hex_digest(const std::vector<uint8_t>& bytes) {
  const trace::ContentHash h = trace::digest_of(trace::DigestAlgorithm::Xxh3_64, bytes);
  char text[17];  // XXH3-64 is printed as its one half (`xxhsum -H3`)
  std::snprintf(text, sizeof text, "%016" PRIx64, h.lo);
  return text;
}

TEST_F(FramePixelsTest, KeyFramesInFullTheOthersAsDigestsEveryFrameEnds) {
  std::optional<RawVtestClient> guest;
  uint32_t index = 0;
  ASSERT_NO_FATAL_FAILURE(connect_guest("presenter", guest, index));
  auto fd = guest->create_resource(display_target(1));
  ASSERT_TRUE(fd.ok()) << fd.error().message;
  Mapping shm(fd.value().get(), kBytes);
  ASSERT_TRUE(shm.ok());

  // Three presented frames, each with other pixels: upload, clear the memory, read back, and
  // wait as Mesa's present does (the BUSY_WAIT that carries the readback's recording).
  std::vector<std::vector<uint8_t>> frames;
  for (uint8_t f = 0; f < 3; ++f) {
    std::vector<uint8_t> pixels(kBytes);
    for (uint32_t i = 0; i < kBytes; ++i) pixels[i] = static_cast<uint8_t>(i * (f + 3) + f);
    std::memcpy(shm.data(), pixels.data(), kBytes);
    ASSERT_TRUE(guest->send(whole_box<vtest::TransferPut>(1)).ok());
    ASSERT_NO_FATAL_FAILURE(sync(*guest));
    std::memset(shm.data(), 0, kBytes);
    ASSERT_TRUE(guest->send(whole_box<vtest::TransferGet>(1)).ok());
    ASSERT_NO_FATAL_FAILURE(sync(*guest));
    ASSERT_EQ(std::vector<uint8_t>(shm.data(), shm.data() + kBytes), pixels)
        << "the host did not read frame " << int{f} << " back";
    frames.push_back(std::move(pixels));
  }
  ASSERT_NO_FATAL_FAILURE(close_cleanly(guest, index));

  std::vector<RecordedEvent> events;
  ASSERT_NO_FATAL_FAILURE(recorded_events(index, events));
  std::vector<const RecordedEvent*> readbacks;
  size_t frame_ends = 0;
  for (size_t i = 0; i < events.size(); ++i) {
    if (events[i].kind == "FrameEnd") ++frame_ends;
    if (events[i].kind != "TransferFromHost" && events[i].kind != "ReadbackDigest") continue;
    readbacks.push_back(&events[i]);
    ASSERT_LT(i + 1, events.size());
    EXPECT_EQ(events[i + 1].kind, "FrameEnd") << "readback " << readbacks.size() << " ends a frame";
  }
  EXPECT_EQ(frame_ends, 3u);
  ASSERT_EQ(readbacks.size(), 3u);
  EXPECT_EQ(readbacks[0]->kind, "TransferFromHost");
  EXPECT_EQ(readbacks[0]->payload, frames[0]);
  EXPECT_EQ(readbacks[1]->kind, "ReadbackDigest");
  EXPECT_TRUE(readbacks[1]->payload.empty());
  EXPECT_THAT(readbacks[1]->fields, HasSubstr(hex_digest(frames[1])));
  EXPECT_THAT(readbacks[1]->fields, HasSubstr("bytes=" + std::to_string(kBytes)));
  EXPECT_EQ(readbacks[2]->kind, "TransferFromHost");
  EXPECT_EQ(readbacks[2]->payload, frames[2]);
}

}  // namespace
}  // namespace vgpu::capture::testing
