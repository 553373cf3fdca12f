// PayloadReader on its own: the defences behind the length check, and how it records errors.
#include "decoder/payload_reader.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "decoder/encoder.h"

namespace vgpu::virgl {
namespace {

CommandLocation at(const std::vector<uint32_t>& words, uint32_t offset = 0) {
  return {CommandHeader::unpack(words[0]), offset, std::span(words).subspan(1)};
}

// decode() never lets 17 viewports through (the length rule caps them at 16), but the reader
// does not rely on that: its bounded array refuses them as a stream-tier error.
TEST(PayloadReader, ArrayOverItsCapacityIsAStreamError) {
  std::vector<uint32_t> words(2 + 6 * 17, 0);
  words[0] = CommandHeader{4, 0, static_cast<uint16_t>(words.size() - 1)}.pack();
  const CommandLocation where = at(words);  // the reader keeps a reference to it
  ReadErrors errors;
  PayloadReader reader(where, errors);
  SetViewportState s;
  EXPECT_FALSE(reader.read(s, any()));
  ASSERT_TRUE(errors.stream);
  EXPECT_EQ(errors.stream->kind, ErrorKind::CountOverLimit);
  EXPECT_EQ(errors.stream->message,
            "SET_VIEWPORT_STATE at dword 0: viewports count 17 is over the limit of 16");
  EXPECT_EQ(s.viewports.size(), 0u);
}

// A caller that claims more known words than the payload has is not trusted.
TEST(PayloadReader, KnownWordsPastThePayloadAreChecked) {
  std::vector<uint32_t> words = {CommandHeader{8, 0, 3}.pack(), 1, 2, 3};
  const CommandLocation where = at(words, 5);
  ReadErrors errors;
  PayloadReader reader(where, errors, 12);
  DrawVbo d;
  EXPECT_FALSE(reader.read(d, any()));
  ASSERT_TRUE(errors.stream);
  EXPECT_EQ(errors.stream->kind, ErrorKind::CountMismatch);
  EXPECT_EQ(errors.stream->message,
            "DRAW_VBO at dword 5: payload of 3 dwords ends before the fields its counts "
            "announce");
}

// The first failed rule names the command's problem; reading goes on so the framing holds.
TEST(PayloadReader, FirstFailedRuleWins) {
  CreateSamplerView v;  // handle 0 (first rule), then an unknown format and target
  v.format = 73;
  v.target = 200;
  Encoder e;
  e.add(v);
  const std::vector<uint32_t> words(e.words().begin(), e.words().end());
  const CommandLocation where = at(words);
  ReadErrors errors;
  PayloadReader reader(where, errors);
  CreateSamplerView got;
  ASSERT_TRUE(reader.read(got, exact(6)));
  EXPECT_TRUE(reader.rejected());
  EXPECT_FALSE(errors.stream);
  ASSERT_TRUE(errors.command);
  EXPECT_EQ(errors.command->tier, ErrorTier::Command);
  EXPECT_EQ(errors.command->message,
            "CREATE_OBJECT(SAMPLER_VIEW) at dword 0: handle is 0; a created object needs a "
            "non-zero handle");
  EXPECT_EQ(got.target, 200u);  // fields after the failed rule are still read
}

class Rejections : public CommandVisitor {
 public:
  std::vector<DecodeError> seen;
  void on_rejected(const DecodeError& e, const CommandLocation&) override { seen.push_back(e); }
};

// decode() reuses one error (and its message buffer) for every rejected command: each
// rejection must still arrive with its own kind, command, offset and whole message.
TEST(PayloadReader, EachRejectionCarriesItsOwnError) {
  Encoder e;
  ResourceInlineWrite w;  // a long message first...
  w.region.x = 0xfffffff0u;
  w.region.w = 0x20;
  const uint32_t data[1] = {0};
  w.data = data;
  e.add(w);
  e.add(SetIndexBuffer{7, true, 3, 0});  // ...then a shorter one
  e.add(BindObject{static_cast<uint32_t>(ObjectType::QUERY), 2});
  e.add(CreateVideoCodec{});
  Rejections r;
  const DecodeSummary s = decode(e.words(), r);
  EXPECT_FALSE(s.stream_error);
  EXPECT_EQ(s.commands, 4u);
  EXPECT_EQ(s.rejected, 4u);
  ASSERT_EQ(r.seen.size(), 4u);
  EXPECT_EQ(r.seen[0].message,
            "RESOURCE_INLINE_WRITE at dword 0: box (4294967280,0,0)+(32,0,0) wraps around");
  EXPECT_EQ(r.seen[1].message, "SET_INDEX_BUFFER at dword 13: index_size 3 is not 1, 2 or 4");
  EXPECT_EQ(r.seen[1].offset, 13u);
  EXPECT_EQ(r.seen[1].command, static_cast<uint32_t>(CommandId::SET_INDEX_BUFFER));
  EXPECT_EQ(r.seen[1].kind, ErrorKind::InvalidValue);
  EXPECT_EQ(r.seen[2].message, "BIND_OBJECT at dword 17: object type QUERY cannot be bound");
  EXPECT_EQ(r.seen[2].kind, ErrorKind::UnknownObjectType);
  EXPECT_EQ(r.seen[3].message, "CREATE_VIDEO_CODEC at dword 19: this command is not supported");
  EXPECT_EQ(r.seen[3].kind, ErrorKind::Unsupported);
  for (const DecodeError& err : r.seen) EXPECT_EQ(err.tier, ErrorTier::Command);
}

// A stream error inside a payload (after the length check) still counts the command, and ends
// decoding with what came before delivered.
TEST(PayloadReader, StreamErrorInsideAPayloadCountsTheCommand) {
  Encoder e;
  e.add(Nop{});
  auto words = e.take();
  const size_t at_fb = words.size();
  words.push_back(CommandHeader{5, 0, 3}.pack());  // SET_FRAMEBUFFER_STATE, 1 cbuf of room
  words.push_back(2);                              // ...claims 2
  words.push_back(0);
  words.push_back(0);
  Rejections r;
  const DecodeSummary s = decode(words, r);
  ASSERT_TRUE(s.stream_error);
  EXPECT_EQ(s.commands, 2u);
  EXPECT_EQ(s.stream_error->offset, at_fb);
  EXPECT_EQ(s.stream_error->message,
            "SET_FRAMEBUFFER_STATE at dword 1: payload of 3 dwords ends before the fields its "
            "counts announce");
}

}  // namespace
}  // namespace vgpu::virgl
