#include "decoder/disasm.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "decoder/decode.h"
#include "decoder/encoder.h"
#include "tests/decoder/payload_randomizer.h"

namespace vgpu::virgl {
namespace {

std::vector<uint32_t> sample_stream() {
  Encoder e;
  SetFramebufferState fb;
  fb.zsurf = 4;
  fb.cbufs = {3};
  e.add(fb);
  CreateVertexElements ve;
  ve.handle = 7;
  ve.elements = {VertexElement{0, 0, 0, static_cast<uint32_t>(PipeFormat::R32G32B32A32_FLOAT)}};
  e.add(ve);
  DrawVbo draw;
  draw.count = 3;
  draw.mode = 4;
  draw.instance_count = 1;
  e.add(draw);
  e.add(CreateBlend{});  // rejected: handle 0
  return e.take();
}

TEST(Disasm, OneLinePerCommandWithNamedFields) {
  const std::string text = disassemble(sample_stream());
  EXPECT_EQ(text,
            "@0 SET_FRAMEBUFFER_STATE nr_cbufs=1 zsurf=4 cbufs=[3]\n"
            "@4 CREATE_OBJECT(VERTEX_ELEMENTS) handle=7 elements[0].src_offset=0 "
            "elements[0].instance_divisor=0 elements[0].vertex_buffer_index=0 "
            "elements[0].src_format=R32G32B32A32_FLOAT\n"
            "@10 DRAW_VBO start=0 count=3 mode=TRIANGLES indexed=0 instance_count=1 "
            "index_bias=0 start_instance=0 primitive_restart=0 restart_index=0 min_index=0 "
            "max_index=0 count_from_so=0\n"
            "@23 ! CREATE_OBJECT(BLEND) at dword 23: handle is 0; a created object needs a "
            "non-zero handle\n");
}

TEST(Disasm, StreamErrorEndsTheListing) {
  auto words = sample_stream();
  words.push_back(0x00050002);  // BIND_OBJECT claiming 5 dwords, none present
  const std::string text = disassemble(words);
  EXPECT_NE(text.find("! BIND_OBJECT at dword 35: payload length 5 overruns the buffer"),
            std::string::npos)
      << text;
}

TEST(Disasm, JsonHasEveryFieldAndErrors) {
  const nlohmann::json j = disassemble_json(sample_stream());
  ASSERT_EQ(j["commands"].size(), 4u);
  EXPECT_EQ(j["commands"][0]["command"], "SET_FRAMEBUFFER_STATE");
  EXPECT_EQ(j["commands"][0]["fields"]["cbufs"], nlohmann::json::array({3}));
  EXPECT_EQ(j["commands"][1]["fields"]["elements[0].src_format"], "R32G32B32A32_FLOAT");
  EXPECT_EQ(j["commands"][2]["fields"]["mode"], "TRIANGLES");
  EXPECT_EQ(j["commands"][3]["error"]["tier"], "command");
  EXPECT_EQ(j["commands"][3]["error"]["kind"], "invalid-value");
  EXPECT_FALSE(j.contains("error"));
}

TEST(Disasm, TextsAreEscaped) {
  Encoder e;
  const char marker[] = "frame \"1\"\n";
  SendStringMarker m;
  m.length = sizeof marker - 1;
  m.text = {reinterpret_cast<const uint8_t*>(marker), m.length};
  e.add(m);
  EXPECT_EQ(disassemble(e.words()),
            "@0 SEND_STRING_MARKER text_length=10 text=\"frame \\\"1\\\"\\n\"\n");
}

// Derived from the table: every command and object kind, with random fields inside their
// domains, prints as one line naming it and as one JSON entry with the same label (or, for
// the unsupported video commands, as a rejection).
template <class Payload>
void expect_disassembles(const std::string& label, bool supported, LengthRule rule) {
  for (uint32_t seed = 1; seed <= 3; ++seed) {
    SCOPED_TRACE(label + " seed " + std::to_string(seed));
    testing::PayloadRandomizer random(seed, rule);
    Encoder e;
    e.add(random.template make<Payload>());
    DecodeSummary summary;
    const std::string text = disassemble(e.words(), &summary);
    ASSERT_FALSE(summary.stream_error);
    const nlohmann::json j = disassemble_json(e.words());
    ASSERT_EQ(j["commands"].size(), 1u);
    EXPECT_EQ(j["commands"][0]["command"], label);
    if (summary.rejected) {
      EXPECT_EQ(text.rfind("@0 ! " + label + " at dword 0: ", 0), 0u) << text;
      EXPECT_EQ(j["commands"][0]["error"]["tier"], "command");
      if (!supported) {
        EXPECT_EQ(j["commands"][0]["error"]["kind"], "unsupported");
      }
    } else {
      EXPECT_TRUE(supported);
      EXPECT_EQ(text.rfind("@0 " + label, 0), 0u) << text;
      EXPECT_EQ(text.find('\n'), text.size() - 1) << text;
      EXPECT_TRUE(j["commands"][0].contains("fields"));
    }
  }
}

TEST(Disasm, EveryCommandOfTheTable) {
  constexpr bool supported = true, unsupported = false;
#define VGPU_COMMAND(id, NAME, Payload, rule_, status)                            \
  if constexpr (!std::is_same_v<Payload, CreateObject>)                           \
    expect_disassembles<Payload>(#NAME, status, find_command(id)->rule);
#define VGPU_OBJECT(id, NAME, Payload, rule_, bindable) \
  expect_disassembles<Payload>("CREATE_OBJECT(" #NAME ")", true, find_object(id)->rule);
#include "decoder/commands.def"
#include "decoder/objects.def"
#undef VGPU_COMMAND
#undef VGPU_OBJECT
  (void)unsupported;
}

TEST(Disasm, LongTailsShowTheirFirstSixteenWords) {
  std::vector<uint32_t> data(20);
  for (uint32_t i = 0; i < data.size(); ++i) data[i] = i;
  SetConstantBuffer cb;
  cb.data = data;
  Encoder e;
  e.add(cb);
  EXPECT_EQ(disassemble(e.words()),
            "@0 SET_CONSTANT_BUFFER stage=VERTEX index=0 data=<20 dwords 00000000 00000001 "
            "00000002 00000003 00000004 00000005 00000006 00000007 00000008 00000009 0000000a "
            "0000000b 0000000c 0000000d 0000000e 0000000f ...>\n");
  const nlohmann::json j = disassemble_json(e.words());
  EXPECT_EQ(j["commands"][0]["fields"]["data"]["dwords"], 20);
  EXPECT_EQ(j["commands"][0]["fields"]["data"]["head"].size(), 16u);
}

TEST(Disasm, DestroyOfAnUnknownKindIsRejected) {
  Encoder e;
  e.add(DestroyObject{13, 4});
  EXPECT_EQ(disassemble(e.words()), "@0 ! DESTROY_OBJECT at dword 0: object type 13 is unknown\n");
}

// Bit sets print by flag name, with the bits no name covers in hex; 64-bit fields whole.
TEST(Disasm, FlagsAndWideFields) {
  Encoder e;
  PipeResourceCreate create;
  create.format = static_cast<uint32_t>(PipeFormat::B8G8R8A8_UNORM);
  create.bind = (1u << 1) | (1u << 3) | (1u << 2);  // RENDER_TARGET | SAMPLER_VIEW | unnamed
  e.add(create);
  PipeResourceCreate none;
  none.format = create.format;
  e.add(none);
  PipeResourceSetType set;
  set.resource = 5;
  set.format = create.format;
  set.modifier = 0x0100000000000002ull;
  set.planes = {PlaneLayout{1024, 0}};
  e.add(set);
  const std::string text = disassemble(e.words());
  EXPECT_NE(text.find(" bind=RENDER_TARGET|SAMPLER_VIEW|0x4 "), std::string::npos) << text;
  EXPECT_NE(text.find(" bind=0x0 "), std::string::npos) << text;
  EXPECT_NE(text.find(" modifier=72057594037927938 planes[0].stride=1024 planes[0].offset=0"),
            std::string::npos)
      << text;
  const nlohmann::json j = disassemble_json(e.words());
  EXPECT_EQ(j["commands"][0]["fields"]["bind"], "RENDER_TARGET|SAMPLER_VIEW|0x4");
  EXPECT_EQ(j["commands"][2]["fields"]["modifier"], 0x0100000000000002ull);
}

TEST(Disasm, ControlCharactersAndBackslashesAreEscaped) {
  Encoder e;
  const uint8_t raw[8] = {'a', '\t', '\\', 0x01, 0x7f, 'z', 0, 0};  // NUL padded
  SetDebugFlags d;
  d.flags = raw;
  e.add(d);
  EXPECT_EQ(disassemble(e.words()),
            "@0 SET_DEBUG_FLAGS flags=\"a\\t\\\\\\x01\\x7fz\"\n");
}

}  // namespace
}  // namespace vgpu::virgl

namespace vgpu::virgl {
namespace {

// Found by virgl_decode_fuzzer: shader text that is not UTF-8 made JSON serialisation throw.
TEST(Disasm, JsonOfNonUtf8TextSerialises) {
  const uint8_t text[8] = {'F', 'R', 'A', 'G', 0x8b, 0xff, '\n', 0};
  CreateShader s;
  s.handle = 1;
  s.stage = 1;
  s.offset_or_length = 8;
  s.text = text;
  Encoder e;
  e.add(s);
  const nlohmann::json j = disassemble_json(e.words());
  EXPECT_EQ(j["commands"][0]["fields"]["text"], "FRAG\\x8b\\xff\n");
  EXPECT_NO_THROW((void)j.dump());
}

}  // namespace
}  // namespace vgpu::virgl
