#include "decoder/encoder.h"

#include <gtest/gtest.h>

#include <vector>

#include "decoder/decode.h"

namespace vgpu::virgl {
namespace {

// A payload the 16-bit length field cannot frame is not written at all, and ok() says so.
TEST(Encoder, PayloadOverTheLengthFieldIsRefused) {
  Encoder e;
  e.add(SetSampleMask{1});
  const std::vector<uint32_t> before(e.words().begin(), e.words().end());
  const std::vector<uint32_t> data(kMaxPayloadDwords, 7);  // + 11 region dwords: too long
  ResourceInlineWrite w;
  w.data = data;
  e.add(w);
  EXPECT_FALSE(e.ok());
  EXPECT_EQ(std::vector<uint32_t>(e.words().begin(), e.words().end()), before);

  Encoder fits;
  w.data = std::span(data).first(kMaxPayloadDwords - TransferRegion::kDwords);
  fits.add(w);
  EXPECT_TRUE(fits.ok());
  EXPECT_EQ(CommandHeader::unpack(fits.words()[0]).length, kMaxPayloadDwords);
}

TEST(Encoder, AddRawWritesExactlyWhatItIsGiven) {
  Encoder e;
  const uint32_t payload[2] = {5, 6};
  e.add_raw(CommandHeader{3, 4, 9}, payload);  // a length that lies
  ASSERT_EQ(e.words().size(), 3u);
  EXPECT_EQ(e.words()[0], 0x00090403u);
  CommandVisitor none;
  const DecodeSummary s = decode(e.words(), none);
  EXPECT_FALSE(s.ok());
  ASSERT_TRUE(s.stream_error);
  EXPECT_EQ(s.stream_error->kind, ErrorKind::Truncated);
}

TEST(Encoder, EncodedStreamsDecodeCleanly) {
  Encoder e;
  e.add(SetSampleMask{1}).add(Nop{});
  CommandVisitor none;
  const DecodeSummary s = decode(e.words(), none);
  EXPECT_TRUE(s.ok());
  EXPECT_EQ(s.commands, 2u);
}

}  // namespace
}  // namespace vgpu::virgl
