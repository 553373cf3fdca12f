// The vtest codec, tested from the table: every message of messages.def round-trips through
// encode -> frame -> parse -> encode, and every body shape's invalid forms are rejected with a
// message that names the command.
#include <gtest/gtest.h>

#include <cstring>
#include <string>
#include <vector>

#include "decoder/vtest/reply_codec.h"
#include "decoder/vtest/request_codec.h"
#include "tests/support/vtest_samples.h"

namespace vgpu::vtest {
namespace {

using test_support::sample_reply;
using test_support::kSamplePutData;
Request sample(MessageId id) { return test_support::sample_request(id); }

// Copies into dword storage: parse_request wants an aligned buffer, as the socket reader gives.
struct Aligned {
  explicit Aligned(const std::vector<uint8_t>& bytes) : words((bytes.size() + 3) / 4), size(bytes.size()) {
    std::memcpy(words.data(), bytes.data(), bytes.size());
  }
  std::span<const uint8_t> bytes() const { return {reinterpret_cast<const uint8_t*>(words.data()), size}; }
  std::vector<uint32_t> words;
  size_t size;
};

std::vector<uint8_t> with_dword(std::vector<uint8_t> bytes, size_t index, uint32_t value) {
  std::memcpy(bytes.data() + 4 * index, &value, 4);
  return bytes;
}

class EveryMessage : public ::testing::TestWithParam<MessageInfo> {};

TEST_P(EveryMessage, RoundTripsThroughFrameAndParse) {
  const MessageInfo& info = GetParam();
  const std::vector<uint8_t> encoded = encode_request(sample(info.id));
  Aligned buf(encoded);
  // Every strict prefix either asks for more bytes or already knows the whole message's size.
  for (size_t n = 0; n < encoded.size(); ++n) {
    const Frame f = frame_request(buf.bytes().first(n));
    ASSERT_NE(f.state, Frame::State::Invalid) << info.name << " prefix " << n << ": " << f.error;
    if (f.state == Frame::State::NeedMore) EXPECT_GT(f.bytes, n);
    else EXPECT_EQ(f.bytes, encoded.size()) << info.name << " prefix " << n;
  }
  const Frame whole = frame_request(buf.bytes());
  ASSERT_EQ(whole.state, Frame::State::Sized) << whole.error;
  EXPECT_EQ(whole.bytes, encoded.size());
  auto parsed = parse_request(buf.bytes());
  ASSERT_TRUE(parsed.ok()) << parsed.error().message;
  EXPECT_EQ(request_id(parsed.value()), info.id);
  EXPECT_EQ(encode_request(parsed.value()), encoded) << info.name;
}

class EveryFixedMessage : public ::testing::TestWithParam<MessageInfo> {};

TEST_P(EveryFixedMessage, RejectsAnyOtherLength) {
  const MessageInfo& info = GetParam();
  const auto encoded = encode_request(sample(info.id));
  for (uint32_t wrong : {info.body_dwords + 1, info.body_dwords + 1000, 0xffffffffu}) {
    Aligned buf(with_dword(encoded, 0, wrong));
    const Frame f = frame_request(buf.bytes());
    ASSERT_EQ(f.state, Frame::State::Invalid) << info.name << " length " << wrong;
    EXPECT_NE(f.error.find(std::string(info.name) + ": length "), std::string::npos) << f.error;
  }
}

TEST_P(EveryMessage, ReplyRoundTripsForEveryVersion) {
  const MessageInfo& info = GetParam();
  for (uint32_t version = 0; version <= kMaxProtocolVersion; ++version) {
    const Request req = sample(info.id);
    const ReplyExpectation e = expect_reply(req, version);
    if (e.shape == ReplyShape::None) continue;
    const Reply reply = sample_reply(e);
    const auto bytes = encode_reply(reply);
    const Frame f = frame_reply(e, bytes);
    ASSERT_EQ(f.state, Frame::State::Sized) << info.name << " v" << version << ": " << f.error;
    ASSERT_EQ(f.bytes, bytes.size());
    auto parsed = parse_reply(e, bytes);
    ASSERT_TRUE(parsed.ok()) << parsed.error().message;
    EXPECT_EQ(encode_reply(parsed.value()), bytes);
    EXPECT_EQ(parsed.value().index(), reply.index());
  }
}

std::string param_name(const ::testing::TestParamInfo<MessageInfo>& p) {
  return std::string(p.param.name);
}
std::vector<MessageInfo> fixed_messages() {
  std::vector<MessageInfo> out;
  for (const auto& m : kMessages) {
    if (m.body == BodyShape::Fixed) out.push_back(m);
  }
  return out;
}
INSTANTIATE_TEST_SUITE_P(Table, EveryMessage, ::testing::ValuesIn(kMessages), param_name);
INSTANTIATE_TEST_SUITE_P(Table, EveryFixedMessage, ::testing::ValuesIn(fixed_messages()), param_name);

TEST(VtestRequest, ParsesFieldsOfTransferPut) {
  Aligned buf(encode_request(sample(MessageId::TRANSFER_PUT)));
  auto parsed = parse_request(buf.bytes());
  ASSERT_TRUE(parsed.ok()) << parsed.error().message;
  const auto& put = std::get<TransferPut>(parsed.value());
  EXPECT_FALSE(put.v2);
  EXPECT_EQ(put.handle, 7u);
  EXPECT_EQ(put.stride, 256u);
  EXPECT_EQ(put.box.width, 16u);
  ASSERT_EQ(put.data.size(), sizeof(kSamplePutData));  // 7 bytes: the inline data is not padded
  EXPECT_EQ(0, std::memcmp(put.data.data(), kSamplePutData, sizeof(kSamplePutData)));
  EXPECT_EQ(buf.size, 8u + 44u + 7u);
}

TEST(VtestRequest, TransferPutLengthMustMatchDataSize) {
  auto bytes = encode_request(sample(MessageId::TRANSFER_PUT));
  Aligned buf(with_dword(bytes, 0, 11));  // claims no data although data_size is 7
  const Frame f = frame_request(buf.bytes());
  ASSERT_EQ(f.state, Frame::State::Invalid);
  EXPECT_EQ(f.error, "TRANSFER_PUT: length 11 does not match data_size 7 (expected 11 + 2 dwords)");
}

TEST(VtestRequest, TransferPut2AcceptsBareAndMesaLengths) {
  auto bytes = encode_request(sample(MessageId::TRANSFER_PUT2));
  EXPECT_EQ(frame_request(Aligned(bytes).bytes()).state, Frame::State::Sized);
  EXPECT_EQ(frame_request(Aligned(with_dword(bytes, 0, 10)).bytes()).state, Frame::State::Sized);
  const Frame f = frame_request(Aligned(with_dword(bytes, 0, 11)).bytes());
  ASSERT_EQ(f.state, Frame::State::Invalid);
  EXPECT_NE(f.error.find("TRANSFER_PUT2: length 11 is neither 10 nor 10 + 2"), std::string::npos);
}

TEST(VtestRequest, CreateRendererCountsBytesAndDropsTheNul) {
  Aligned buf(encode_request(CreateRenderer{"glxgears"}));
  EXPECT_EQ(buf.size, 8u + 9u);
  auto parsed = parse_request(buf.bytes());
  ASSERT_TRUE(parsed.ok());
  EXPECT_EQ(std::get<CreateRenderer>(parsed.value()).name, "glxgears");
}

TEST(VtestRequest, LimitsAreEnforcedBeforeAnyAllocation) {
  Limits small;
  small.max_message_bytes = 64;
  small.max_name_bytes = 4;
  std::vector<uint32_t> many(17);
  const Frame submit = frame_request(Aligned(encode_request(SubmitCmd{many})).bytes(), small);
  ASSERT_EQ(submit.state, Frame::State::Invalid);
  EXPECT_EQ(submit.error, "SUBMIT_CMD: length of 17 dwords is over the message limit of 64 bytes");
  const Frame name = frame_request(Aligned(encode_request(CreateRenderer{"long name"})).bytes(), small);
  ASSERT_EQ(name.state, Frame::State::Invalid);
  // A header alone that promises 4 GiB is refused from its 8 bytes.
  const uint32_t huge[2] = {0xfffffff0u, static_cast<uint32_t>(MessageId::SUBMIT_CMD)};
  const Frame h = frame_request({reinterpret_cast<const uint8_t*>(huge), 8});
  EXPECT_EQ(h.state, Frame::State::Invalid);
}

TEST(VtestRequest, UnknownIdsAreRejectedByName) {
  for (uint32_t id : {0u, 25u, 38u, 1000u}) {
    const uint32_t hdr[2] = {0, id};
    const Frame f = frame_request({reinterpret_cast<const uint8_t*>(hdr), 8});
    ASSERT_EQ(f.state, Frame::State::Invalid);
    EXPECT_EQ(f.error.rfind("unknown vtest command id " + std::to_string(id), 0), 0u) << f.error;
  }
}

TEST(VtestRequest, SyncWaitLengthIsTwoPlusThreeN) {
  const uint32_t hdr[2] = {4, static_cast<uint32_t>(MessageId::SYNC_WAIT)};
  const Frame f = frame_request({reinterpret_cast<const uint8_t*>(hdr), 8});
  ASSERT_EQ(f.state, Frame::State::Invalid);
  EXPECT_EQ(f.error, "SYNC_WAIT: length 4 is not 2 + 3*n dwords");
}

TEST(VtestRequest, SubmitCmd2BatchesMustStayInsideTheMessage) {
  auto bytes = encode_request(sample(MessageId::SUBMIT_CMD2));
  // Batch 0's cmd_size (dword 1 + 2 of the body = dword 5 of the message) made huge.
  Aligned buf(with_dword(bytes, 2 + 3, 0x40000000));
  auto parsed = parse_request(buf.bytes());
  ASSERT_FALSE(parsed.ok());
  EXPECT_NE(parsed.error().message.find("SUBMIT_CMD2: batch 0 commands"), std::string::npos);
  // More batches than dwords.
  Aligned many(with_dword(bytes, 2, 1000));
  auto p2 = parse_request(many.bytes());
  ASSERT_FALSE(p2.ok());
  EXPECT_NE(p2.error().message.find("1000 batches do not fit"), std::string::npos);
}

TEST(VtestReply, ShapeDependsOnProtocolVersion) {
  ResourceCreate create2{true, 0, 2, 1, 2, 64, 32, 1, 1, 0, 0, 4096};
  EXPECT_EQ(expect_reply(create2, 2).shape, ReplyShape::None);
  EXPECT_TRUE(expect_reply(create2, 2).fd);
  EXPECT_EQ(expect_reply(create2, 3).shape, ReplyShape::ResourceCreate2);
  create2.data_size = 0;  // multisampled: no backing memory, no fd
  EXPECT_FALSE(expect_reply(create2, 3).fd);
  TransferGet get1 = std::get<TransferGet>(sample(MessageId::TRANSFER_GET));
  EXPECT_EQ(expect_reply(get1, 0).shape, ReplyShape::TransferData);
  EXPECT_EQ(expect_reply(get1, 0).raw_bytes, 7u);
  EXPECT_FALSE(expect_reply(sample(MessageId::TRANSFER_GET2), 2).expects_anything());
  EXPECT_TRUE(expect_reply(sample(MessageId::SYNC_WAIT), 3).fd);
}

TEST(VtestReply, CapsLengthCountsBytesPlusOne) {
  const uint8_t caps[6] = {1, 2, 3, 4, 5, 6};
  const auto bytes = encode_reply(CapsReply{true, caps});
  uint32_t hdr[2];
  std::memcpy(hdr, bytes.data(), 8);
  EXPECT_EQ(hdr[0], 7u);
  EXPECT_EQ(hdr[1], 2u);
  const auto e = expect_reply(GetCaps2{}, 0);
  EXPECT_EQ(frame_reply(e, bytes).bytes, 8u + 6u);
  // A caps reply with the wrong id (a GET_CAPS answer where GET_CAPS2's was due) is refused.
  const auto v1 = encode_reply(CapsReply{false, caps});
  const Frame f = frame_reply(e, v1);
  ASSERT_EQ(f.state, Frame::State::Invalid);
  EXPECT_EQ(f.error, "reply to GET_CAPS2: id 1, expected 2");
}

}  // namespace
}  // namespace vgpu::vtest
