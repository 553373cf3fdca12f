// Invalid forms for every command of the protocol table, derived from each row's length rule:
// too short, too long, array count over its limit, and for the whole stream unknown ids,
// truncation and unknown object types.  Each asserts the error tier, kind and message.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "decoder/decode.h"
#include "decoder/encoder.h"

namespace vgpu::virgl {
namespace {

class Recorder : public CommandVisitor {
 public:
  std::vector<std::string> rejected;
  int nops = 0;
  void on_rejected(const DecodeError& e, const CommandLocation&) override {
    rejected.push_back(e.message);
  }
  void on(const Nop&, const CommandLocation&) override { ++nops; }
};

DecodeSummary decode_words(const std::vector<uint32_t>& words, Recorder& r) {
  return decode(words, r);
}

std::vector<uint32_t> command(uint32_t id, uint32_t object_type, uint32_t length) {
  std::vector<uint32_t> w(1 + length, 0);
  w[0] = CommandHeader{static_cast<uint8_t>(id), static_cast<uint8_t>(object_type),
                       static_cast<uint16_t>(length)}
             .pack();
  return w;
}

// The lengths a rule rejects right at its boundaries, with the kind of error each must give.
std::vector<std::pair<uint32_t, ErrorKind>> rejected_lengths(const LengthRule& r) {
  std::vector<std::pair<uint32_t, ErrorKind>> out;
  switch (r.kind) {
    case LengthRule::Kind::Exact:
      if (r.a > 0) out.emplace_back(r.a - 1, ErrorKind::BadLength);
      out.emplace_back(r.a + 1, ErrorKind::BadLength);
      break;
    case LengthRule::Kind::AtLeast:
      if (r.a > 0) out.emplace_back(r.a - 1, ErrorKind::BadLength);
      break;
    case LengthRule::Kind::OneOf: {
      const uint32_t largest = std::max({r.a, r.b, r.c});
      out.emplace_back(r.a - 1, ErrorKind::BadLength);
      out.emplace_back(largest + 1, ErrorKind::BadLength);
      break;
    }
    case LengthRule::Kind::Array:
      if (r.base + r.stride * r.min_count > 0)
        out.emplace_back(r.base + r.stride * r.min_count - 1, ErrorKind::BadLength);
      out.emplace_back(r.base + r.stride * (r.max_count + 1), ErrorKind::CountOverLimit);
      if (r.stride > 1) out.emplace_back(r.base + 1, ErrorKind::BadLength);
      break;
    default: break;
  }
  return out;
}

void expect_rejected_lengths(uint32_t id, uint32_t object_type, const LengthRule& rule,
                             const std::string& label) {
  for (const auto& [length, kind] : rejected_lengths(rule)) {
    SCOPED_TRACE(label + " length " + std::to_string(length));
    Recorder r;
    const DecodeSummary s = decode_words(command(id, object_type, length), r);
    ASSERT_TRUE(s.stream_error);
    EXPECT_EQ(s.stream_error->tier, ErrorTier::Stream);
    EXPECT_EQ(s.stream_error->kind, kind);
    EXPECT_EQ(s.stream_error->offset, 0u);
    EXPECT_EQ(s.stream_error->message,
              label + " at dword 0: payload length " + std::to_string(length) + " is not " +
                  rule.describe());
    EXPECT_EQ(s.commands, 0u);
  }
}

TEST(InvalidForms, EveryCommandRejectsLengthsOutsideItsRule) {
  int checked = 0;
  for (const CommandInfo& info : command_table()) {
    if (info.rule.kind == LengthRule::Kind::ByObjectType) continue;  // per object kind below
    expect_rejected_lengths(static_cast<uint32_t>(info.id), 0, info.rule, std::string(info.name));
    checked += static_cast<int>(!rejected_lengths(info.rule).empty());
  }
  // Only NOP, END_TRANSFERS and DECODE_MACROBLOCK accept any length.
  EXPECT_EQ(checked, 64 - 1 - 3);
}

TEST(InvalidForms, EveryObjectKindRejectsLengthsOutsideItsRule) {
  for (const ObjectInfo& info : object_table())
    expect_rejected_lengths(1, static_cast<uint32_t>(info.type), info.rule,
                            "CREATE_OBJECT(" + std::string(info.name) + ")");
}

TEST(InvalidForms, UnknownCommandIdsStopTheStream) {
  for (uint32_t id = kCommandCount; id < 256; ++id) {
    Recorder r;
    auto words = command(id, 0, 0);
    const DecodeSummary s = decode_words(words, r);
    ASSERT_TRUE(s.stream_error);
    EXPECT_EQ(s.stream_error->kind, ErrorKind::UnknownCommand);
    EXPECT_EQ(s.stream_error->message, "UNKNOWN at dword 0: command id " + std::to_string(id) +
                                           " is not in the protocol table (0-63)");
  }
}

TEST(InvalidForms, LengthOverrunningTheBufferIsTruncated) {
  Encoder e;
  e.add(Nop{}).add(SetSampleMask{0xff});
  auto words = e.take();
  words.pop_back();  // SET_SAMPLE_MASK now promises one dword more than the buffer has
  Recorder r;
  const DecodeSummary s = decode_words(words, r);
  ASSERT_TRUE(s.stream_error);
  EXPECT_EQ(s.stream_error->kind, ErrorKind::Truncated);
  EXPECT_EQ(s.stream_error->message,
            "SET_SAMPLE_MASK at dword 1: payload length 1 overruns the buffer (0 dwords remain)");
  EXPECT_EQ(r.nops, 1);  // what came before is decoded
}

TEST(InvalidForms, UnknownObjectTypes) {
  for (uint32_t type : {0u, 12u, 255u}) {
    Recorder r;
    const DecodeSummary s = decode_words(command(1, type, 4), r);
    ASSERT_TRUE(s.stream_error);
    EXPECT_EQ(s.stream_error->kind, ErrorKind::UnknownObjectType);
  }
  // BIND_OBJECT of a kind that cannot be bound is well-formed but invalid: rejected alone.
  Encoder e;
  e.add(BindObject{static_cast<uint32_t>(ObjectType::SHADER), 5}).add(Nop{});
  Recorder r;
  const DecodeSummary s = decode(e.words(), r);
  EXPECT_FALSE(s.stream_error);
  EXPECT_EQ(s.rejected, 1u);
  ASSERT_EQ(r.rejected.size(), 1u);
  EXPECT_EQ(r.rejected[0], "BIND_OBJECT at dword 0: object type SHADER cannot be bound");
  EXPECT_EQ(r.nops, 1);
}

TEST(InvalidForms, CountFieldsOverTheirLimitAndCountTimesSizeOverflow) {
  // Stream-output count of a shader: 2^31 outputs of 2 dwords would overflow 32-bit size
  // arithmetic (CVE-2017-6355's class); it is over the limit of 64 before any size is computed.
  for (uint32_t count : {65u, 0x80000000u, 0xffffffffu}) {
    auto words = command(1, static_cast<uint32_t>(ObjectType::SHADER), 8);
    words[1] = 1;             // handle
    words[2] = 0;             // vertex stage
    words[5] = count;         // num_so_outputs
    Recorder r;
    const DecodeSummary s = decode_words(words, r);
    ASSERT_TRUE(s.stream_error);
    EXPECT_EQ(s.stream_error->kind, ErrorKind::CountOverLimit);
    EXPECT_EQ(s.stream_error->message, "CREATE_OBJECT(SHADER) at dword 0: num_so_outputs " +
                                           std::to_string(count) + " is over the limit of 64");
  }
  // Framebuffer: nr_cbufs must agree with the length (CVE-2017-5957's class).
  {
    auto words = command(5, 0, 4);  // room for 2 cbufs
    words[1] = 9;                   // claims 9
    Recorder r;
    const DecodeSummary s = decode_words(words, r);
    ASSERT_TRUE(s.stream_error);
    EXPECT_EQ(s.stream_error->kind, ErrorKind::CountOverLimit);
    words[1] = 3;  // within the limit, but more than the payload holds
    const DecodeSummary s2 = decode_words(words, r);
    ASSERT_TRUE(s2.stream_error);
    EXPECT_EQ(s2.stream_error->kind, ErrorKind::CountMismatch);
    words[1] = 1;  // fewer than the payload holds
    const DecodeSummary s3 = decode_words(words, r);
    ASSERT_TRUE(s3.stream_error);
    EXPECT_EQ(s3.stream_error->message,
              "SET_FRAMEBUFFER_STATE at dword 0: 1 payload dwords are left over after the last "
              "field");
  }
  // A string marker whose byte length (+3, /4) would overflow 32 bits.
  {
    auto words = command(51, 0, 2);
    words[1] = 0xffffffffu;
    Recorder r;
    const DecodeSummary s = decode_words(words, r);
    ASSERT_TRUE(s.stream_error);
    EXPECT_EQ(s.stream_error->kind, ErrorKind::CountMismatch);
    EXPECT_EQ(s.stream_error->message,
              "SEND_STRING_MARKER at dword 0: text of 4294967295 bytes needs 1073741824 dwords "
              "but 1 remain");
  }
}

TEST(InvalidForms, InvalidValuesAreRejectedAloneAndDecodingContinues) {
  struct Case {
    std::vector<uint32_t> words;
    std::string message;
  };
  Encoder e;
  std::vector<Case> cases;
  {
    Encoder c;
    c.add(CreateBlend{});  // handle 0
    cases.push_back({c.take(), "CREATE_OBJECT(BLEND) at dword 0: handle is 0; a created object "
                               "needs a non-zero handle"});
  }
  {
    Encoder c;
    SetSamplerViews v;
    v.start_slot = 30;
    v.views = {1, 2, 3};
    c.add(v);
    cases.push_back({c.take(), "SET_SAMPLER_VIEWS at dword 0: slots 30 + 3 exceed the limit of 32"});
  }
  {
    Encoder c;
    c.add(SetIndexBuffer{7, true, 3, 0});
    cases.push_back({c.take(), "SET_INDEX_BUFFER at dword 0: index_size 3 is not 1, 2 or 4"});
  }
  {
    Encoder c;
    ResourceInlineWrite w;
    w.region.x = 0xfffffff0u;  // CVE-2019-18389's class: a box whose end wraps
    w.region.w = 0x20;
    const uint32_t data[1] = {0};
    w.data = data;
    c.add(w);
    cases.push_back({c.take(), "RESOURCE_INLINE_WRITE at dword 0: box (4294967280,0,0)+(32,0,0) "
                               "wraps around"});
  }
  {
    Encoder c;
    PipeResourceCreate p;
    p.format = 73;  // a gap in virgl's numbering
    c.add(p);
    cases.push_back({c.take(), "PIPE_RESOURCE_CREATE at dword 0: format 73 is not a virgl format"});
  }
  {
    Encoder c;
    DrawVbo d;
    d.mode = 15;
    c.add(d);
    cases.push_back({c.take(), "DRAW_VBO at dword 0: mode 15 is out of range (< 15)"});
  }
  {
    Encoder c;
    c.add(CreateVideoCodec{});
    cases.push_back({c.take(), "CREATE_VIDEO_CODEC at dword 0: this command is not supported"});
  }
  for (const Case& c : cases) {
    SCOPED_TRACE(c.message);
    std::vector<uint32_t> words = c.words;
    Encoder tail;
    tail.add(Nop{});
    words.insert(words.end(), tail.words().begin(), tail.words().end());
    Recorder r;
    const DecodeSummary s = decode_words(words, r);
    EXPECT_FALSE(s.stream_error);
    EXPECT_EQ(s.commands, 2u);
    EXPECT_EQ(s.rejected, 1u);
    ASSERT_EQ(r.rejected.size(), 1u);
    EXPECT_EQ(r.rejected[0], c.message);
    EXPECT_EQ(r.nops, 1);
  }
}

TEST(InvalidForms, StreamErrorKeepsWhatCameBefore) {
  Encoder e;
  e.add(Nop{}).add(Nop{});
  auto words = e.take();
  words.push_back(0xdeadbeef);  // command 0xef: unknown
  words.push_back(CommandHeader{0, 0, 0}.pack());
  Recorder r;
  const DecodeSummary s = decode_words(words, r);
  ASSERT_TRUE(s.stream_error);
  EXPECT_EQ(s.stream_error->offset, 2u);
  EXPECT_EQ(s.commands, 2u);
  EXPECT_EQ(r.nops, 2);  // and nothing after the error
}

}  // namespace
}  // namespace vgpu::virgl
