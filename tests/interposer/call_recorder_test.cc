// capture/interposer/call_recorder.h: API calls in, the events of DESIGN.md out.  The memory the
// "host" reads and writes is real memory behind real iovecs; only the library is absent.
#include "capture/interposer/call_recorder.h"

#include <gtest/gtest.h>

#include <numeric>

#include "decoder/encoder.h"
#include "tests/capture/event_recorder.h"

namespace vgpu::interposer {
namespace {

using capture::testing::kinds_of;
using capture::testing::RecordedEvent;
using capture::testing::record_of;

constexpr uint32_t kBindRenderTarget = 1u << 1;
constexpr uint32_t kBindDisplayTarget = 1u << 7;
constexpr uint32_t kTexture2d = 2;

class Collector final : public trace::EventSink {
 public:
  trace::Status on_event(const trace::Event& event) override {
    events.push_back(record_of(event.body));
    return {};
  }
  std::vector<RecordedEvent> events;
};

class CallRecorderTest : public ::testing::Test {
 protected:
  explicit CallRecorderTest(RecorderOptions options = {})
      : sink_("test", collector_), recorder_(sink_, options) {
    std::iota(memory_.begin(), memory_.end(), uint8_t{0});
    // The backing in two pieces, as a VMM's guest pages would be.
    iov_[0] = {memory_.data(), 100};
    iov_[1] = {memory_.data() + 100, memory_.size() - 100};
  }

  void create_texture(uint32_t res, uint32_t bind) {
    trace::ResourceCreate args{res, kTexture2d, 1, bind, 8, 8, 1, 1, 0, 0, 0};
    recorder_.resource_created(args, {});
    recorder_.backing_attached(res, iov_);
  }

  static TransferCall call(uint32_t res, uint32_t stride, uint32_t h, uint64_t offset) {
    TransferCall t;
    t.ctx_id = 3;
    t.res_id = res;
    t.box = {0, 0, 0, 8, h, 1};
    t.stride = stride;
    t.offset = offset;
    return t;
  }

  std::vector<uint8_t> bytes(size_t from, size_t n) const {
    return {memory_.begin() + static_cast<long>(from), memory_.begin() + static_cast<long>(from + n)};
  }

  std::array<uint8_t, 256> memory_{};
  std::array<iovec, 2> iov_{};
  Collector collector_;
  capture::CaptureSink sink_;
  CallRecorder recorder_;
};

TEST_F(CallRecorderTest, UploadFromTheBackingAcrossIovecs) {
  create_texture(7, kBindRenderTarget);
  recorder_.transfer_to_host_before(call(7, 32, 2, 80), {});
  ASSERT_EQ(kinds_of(collector_.events),
            (std::vector<std::string>{"ResourceCreate", "TransferToHost"}));
  // Two rows of 32 bytes from offset 80: 20 bytes in the first iovec, 44 in the second.
  EXPECT_EQ(collector_.events[1].payload, bytes(80, 64));
  EXPECT_NE(collector_.events[1].fields.find("offset=80"), std::string::npos);
}

TEST_F(CallRecorderTest, UploadFromExplicitIovecs) {
  create_texture(7, kBindRenderTarget);
  std::array<uint8_t, 64> inline_data{};
  inline_data.fill(0xab);
  const iovec explicit_iov{inline_data.data(), inline_data.size()};
  recorder_.transfer_to_host_before(call(7, 32, 2, 0), {&explicit_iov, 1});
  EXPECT_EQ(collector_.events.back().payload, std::vector<uint8_t>(64, 0xab));
}

TEST_F(CallRecorderTest, SubmitRecordsUploadsBeforeAndReadbacksAfter) {
  create_texture(7, kBindRenderTarget);
  create_texture(8, kBindRenderTarget);
  virgl::TransferRegion up{7, 0, 0, 16, 0, 0, 0, 0, 8, 2, 1};
  virgl::TransferRegion down{8, 0, 0, 16, 0, 0, 0, 0, 8, 3, 1};
  virgl::Transfer3d upload{up, 4, 1};
  virgl::Transfer3d readback{down, 120, 2};
  virgl::Encoder e;
  e.add(upload).add(readback);
  ASSERT_TRUE(e.ok());

  const auto pending = recorder_.submit_before(3, e.words());
  ASSERT_EQ(pending.size(), 1u);
  std::fill(memory_.begin() + 120, memory_.begin() + 168, uint8_t{0x5a});  // the host writes
  recorder_.submit_after(pending);

  ASSERT_EQ(kinds_of(collector_.events),
            (std::vector<std::string>{"ResourceCreate", "ResourceCreate", "BackingWrite", "Submit",
                                      "TransferFromHost"}));
  EXPECT_EQ(collector_.events[2].payload, bytes(4, 32));  // 2 rows of 16 bytes from offset 4
  EXPECT_EQ(collector_.events[4].payload, std::vector<uint8_t>(48, 0x5a));
  EXPECT_EQ(collector_.events[4].fields.find("FrameEnd"), std::string::npos);
}

TEST_F(CallRecorderTest, StrideZeroMeansRowsOfTheWholeLevel) {
  // 8 pixels of B8G8R8A8 per row: a pitch of 32 bytes, whatever the box width.
  create_texture(7, kBindRenderTarget);
  TransferCall narrow = call(7, 0, 3, 64);
  narrow.box.width = 2;
  recorder_.transfer_from_host_after(narrow, {});
  EXPECT_EQ(collector_.events.back().payload, bytes(64, 96));
}

TEST_F(CallRecorderTest, ReadbackOfADisplayTargetEndsAFrame) {
  create_texture(9, kBindDisplayTarget);
  recorder_.transfer_from_host_after(call(9, 32, 8, 0), {});
  ASSERT_EQ(kinds_of(collector_.events),
            (std::vector<std::string>{"ResourceCreate", "TransferFromHost", "FrameEnd"}));
  EXPECT_EQ(collector_.events[1].payload, bytes(0, 256));
  EXPECT_EQ(recorder_.frames(), 1u);
}

TEST_F(CallRecorderTest, FrameHookTakesOverFromReadbacks) {
  create_texture(9, kBindDisplayTarget);
  recorder_.frame_end_hook();
  recorder_.transfer_from_host_after(call(9, 32, 8, 0), {});
  EXPECT_EQ(kinds_of(collector_.events),
            (std::vector<std::string>{"ResourceCreate", "FrameEnd", "TransferFromHost"}));
  EXPECT_EQ(recorder_.frames(), 1u);
}

TEST_F(CallRecorderTest, UnknownResourcesAreNotRecorded) {
  recorder_.resource_unreferenced(42);
  recorder_.transfer_from_host_after(call(42, 32, 1, 0), {});
  EXPECT_TRUE(collector_.events.empty());
}

TEST_F(CallRecorderTest, ResetDropsEveryResourceAndContext) {
  recorder_.context_created(3, 0, "guest");
  create_texture(7, kBindRenderTarget);
  recorder_.everything_destroyed();
  EXPECT_EQ(kinds_of(collector_.events),
            (std::vector<std::string>{"ContextCreate", "ResourceCreate", "ResourceUnref",
                                      "ContextDestroy"}));
  recorder_.context_destroyed(3);  // already gone: nothing more
  recorder_.resource_unreferenced(7);
  EXPECT_EQ(collector_.events.size(), 4u);
}

TEST_F(CallRecorderTest, CapsetBytesNeedTheSizeFromGetCapSet) {
  const std::array<uint8_t, 12> caps{1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12};
  recorder_.caps_filled(2, 1, caps.data());
  EXPECT_TRUE(collector_.events.empty());
  EXPECT_FALSE(recorder_.capset_size_known(2));
  recorder_.capset_sized(2, 8);
  recorder_.caps_filled(2, 1, caps.data());
  ASSERT_EQ(collector_.events.size(), 1u);
  EXPECT_EQ(collector_.events[0].payload, std::vector<uint8_t>(caps.begin(), caps.begin() + 8));
}

TEST_F(CallRecorderTest, BackingDetachedMeansNothingToRead) {
  create_texture(7, kBindRenderTarget);
  recorder_.backing_detached(7);
  recorder_.transfer_to_host_before(call(7, 32, 2, 0), {});
  ASSERT_EQ(collector_.events.size(), 2u);
  EXPECT_TRUE(collector_.events[1].payload.empty());
}

class FrameRangeTest : public CallRecorderTest {
 protected:
  FrameRangeTest() : CallRecorderTest(RecorderOptions{{1}, 1, 2}) {}
};

TEST_F(FrameRangeTest, DigestsBeforeTheRangeAndNothingAfterIt) {
  recorder_.context_created(3, 0, "guest");
  create_texture(9, kBindDisplayTarget);
  for (int frame = 0; frame < 4; ++frame) recorder_.transfer_from_host_after(call(9, 32, 8, 0), {});
  EXPECT_EQ(kinds_of(collector_.events),
            (std::vector<std::string>{"ContextCreate", "ResourceCreate", "ReadbackDigest", "FrameEnd",
                                      "TransferFromHost", "FrameEnd", "TransferFromHost",
                                      "FrameEnd"}));
  EXPECT_TRUE(recorder_.finished());
  recorder_.context_destroyed(3);
  EXPECT_EQ(collector_.events.size(), 8u);
}

}  // namespace
}  // namespace vgpu::interposer
