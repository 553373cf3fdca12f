// UniformStream on real GL (llvmpipe): every upload lands in its own range with the bytes the
// caller gave, a full window fits after it, fresh storage reads as zeros, and a slice reports
// itself stale once the ring has come round to its segment again.
#include "renderer/uniform_stream.h"

#include <gtest/gtest.h>

#include <array>
#include <cstring>
#include <set>
#include <vector>

#include "renderer/gl_device.h"

namespace vgpu::renderer {
namespace {

class UniformStreamTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto device = GlDevice::open(-1, false);
    ASSERT_TRUE(device.ok()) << device.error().message;
    device_ = std::move(device.value());
    ASSERT_TRUE(device_->make_current(device_->root()).ok());
  }
  std::vector<uint8_t> read(const UniformStream::Slice& s, size_t bytes) {
    std::vector<uint8_t> out(bytes);
    glGetNamedBufferSubData(s.buffer, s.offset, static_cast<GLsizeiptr>(bytes), out.data());
    return out;
  }
  std::unique_ptr<GlDevice> device_;
};

TEST_F(UniformStreamTest, EachUploadKeepsItsOwnBytes) {
  UniformStream stream;
  std::vector<UniformStream::Slice> slices;
  for (uint32_t i = 0; i < 20; ++i) {
    const std::array<uint32_t, 4> words = {i, i * 3, ~i, 7};
    slices.push_back(stream.push(words.data(), sizeof(words)));
    ASSERT_NE(slices.back().buffer, 0u);
  }
  std::set<GLintptr> offsets;
  for (uint32_t i = 0; i < slices.size(); ++i) {
    const UniformStream::Slice& s = slices[i];
    EXPECT_TRUE(stream.current(s));
    offsets.insert(s.offset);
    GLint64 size = 0;
    glGetNamedBufferParameteri64v(s.buffer, GL_BUFFER_SIZE, &size);
    EXPECT_LE(s.offset + UniformStream::kMaxWindow, size) << "the window must fit";
    const std::array<uint32_t, 4> want = {i, i * 3, ~i, 7};
    std::array<uint32_t, 4> got{};
    const auto bytes = read(s, sizeof(got));
    std::memcpy(got.data(), bytes.data(), sizeof(got));
    EXPECT_EQ(got, want) << "upload " << i;
  }
  EXPECT_EQ(offsets.size(), slices.size()) << "no two uploads share a range";
  EXPECT_EQ(glGetError(), static_cast<GLenum>(GL_NO_ERROR));
}

TEST_F(UniformStreamTest, FreshStorageReadsAsZeros) {
  UniformStream stream;
  const uint32_t one = 1;
  const UniformStream::Slice s = stream.push(&one, sizeof(one));
  const auto window = read(s, static_cast<size_t>(UniformStream::kMaxWindow));
  EXPECT_EQ(window[0], 1u);
  for (size_t i = sizeof(one); i < window.size(); ++i) ASSERT_EQ(window[i], 0u) << "byte " << i;
}

TEST_F(UniformStreamTest, ASliceGoesStaleWhenTheRingReusesItsSegment) {
  UniformStream stream;
  const std::vector<uint8_t> block(64 << 10, 0xab);
  const UniformStream::Slice first = stream.push(block.data(), block.size());
  // Enough 64 KiB uploads to leave every segment once and come back to the first.
  const size_t per_segment = static_cast<size_t>(UniformStream::kSegmentBytes) / block.size();
  UniformStream::Slice last;
  for (size_t i = 0; i < per_segment * UniformStream::kSegments; ++i) {
    last = stream.push(block.data(), block.size());
    if (i + 1 < per_segment * (UniformStream::kSegments - 1)) {
      ASSERT_TRUE(stream.current(first)) << "after " << i + 1 << " more uploads";
    }
  }
  EXPECT_FALSE(stream.current(first));
  EXPECT_TRUE(stream.current(last));
  EXPECT_EQ(last.offset / UniformStream::kSegmentBytes, first.offset / UniformStream::kSegmentBytes);
}

}  // namespace
}  // namespace vgpu::renderer
