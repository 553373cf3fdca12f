#include "decoder/shader_assembler.h"

#include <gtest/gtest.h>

#include <cstring>
#include <string>
#include <vector>

namespace vgpu::virgl {
namespace {

// Splits `text` (plus its NUL) the way Mesa's virgl_encode_shader_state does: a first packet
// declaring the total length, then continuations at increasing byte offsets.
struct Packets {
  std::vector<std::vector<uint32_t>> storage;
  std::vector<CreateShader> packets;
};
Packets split(const std::string& text, uint32_t handle, size_t piece_bytes) {
  Packets out;
  const uint32_t total = static_cast<uint32_t>(text.size() + 1);
  for (uint32_t offset = 0; offset < total; offset += static_cast<uint32_t>(piece_bytes)) {
    const size_t len = std::min<size_t>(piece_bytes, total - offset);
    auto& words = out.storage.emplace_back((len + 3) / 4, 0);
    std::memcpy(words.data(), text.c_str() + offset, len);
    CreateShader p;
    p.handle = handle;
    p.stage = 1;
    p.continuation = offset == 0 ? 0 : 1;
    p.offset_or_length = offset == 0 ? total : offset;
    p.num_tokens = 300;
    p.text = {reinterpret_cast<const uint8_t*>(words.data()), words.size() * 4};
    out.packets.push_back(p);
  }
  return out;
}

const std::string kText = "FRAG\nDCL OUT[0], COLOR\nIMM[0] FLT32 {1.0, 0.0, 0.0, 1.0}\n"
                          "  0: MOV OUT[0], IMM[0]\n  1: END\n";

TEST(ShaderAssembler, SinglePacketCompletesAtOnce) {
  ShaderAssembler a;
  auto p = split(kText, 3, 4096);
  ASSERT_EQ(p.packets.size(), 1u);
  const AssembledShader r = a.add(0, p.packets[0]);
  ASSERT_EQ(r.status, AssembledShader::Status::Complete) << r.error;
  EXPECT_EQ(r.text, kText);
  EXPECT_EQ(r.header.handle, 3u);
  EXPECT_EQ(r.header.num_tokens, 300u);
  EXPECT_EQ(a.pending_bytes(), 0u);
}

TEST(ShaderAssembler, ContinuationsAssembleInOrder) {
  ShaderAssembler a;
  auto p = split(kText, 9, 16);
  ASSERT_GT(p.packets.size(), 3u);
  for (size_t i = 0; i + 1 < p.packets.size(); ++i) {
    const AssembledShader r = a.add(2, p.packets[i]);
    ASSERT_EQ(r.status, AssembledShader::Status::Incomplete) << i << r.error;
  }
  EXPECT_EQ(a.pending_bytes(), kText.size() + 1);
  const AssembledShader r = a.add(2, p.packets.back());
  ASSERT_EQ(r.status, AssembledShader::Status::Complete) << r.error;
  EXPECT_EQ(r.text, kText);
  EXPECT_EQ(a.pending_bytes(), 0u);
}

TEST(ShaderAssembler, WrongOffsetHandleOrOrderIsRejected) {
  auto p = split(kText, 9, 16);
  {
    ShaderAssembler a;
    ASSERT_EQ(a.add(0, p.packets[0]).status, AssembledShader::Status::Incomplete);
    CreateShader skip = p.packets[2];  // offset 32 while 16 is expected
    const AssembledShader r = a.add(0, skip);
    EXPECT_EQ(r.status, AssembledShader::Status::Rejected);
    EXPECT_EQ(r.error, "continuation at byte offset 32, expected 16");
  }
  {
    ShaderAssembler a;
    ASSERT_EQ(a.add(0, p.packets[0]).status, AssembledShader::Status::Incomplete);
    CreateShader other = p.packets[1];
    other.handle = 10;
    EXPECT_EQ(a.add(0, other).error,
              "continuation names shader 10 but shader 9 is being assembled");
    CreateShader restart = p.packets[0];
    restart.handle = 11;
    EXPECT_EQ(a.add(0, restart).error,
              "shader 11 starts while shader 9 of stage FRAGMENT is still being assembled");
  }
  {
    ShaderAssembler a;
    EXPECT_EQ(a.add(0, p.packets[1]).error,
              "continuation of shader 9 but no shader of stage FRAGMENT is being assembled");
  }
}

TEST(ShaderAssembler, StagesAndSubContextsAreIndependent) {
  ShaderAssembler a;
  auto frag = split(kText, 9, 16);
  auto vert = split(kText, 4, 16);
  for (auto& pk : vert.packets) pk.stage = 0;
  ASSERT_EQ(a.add(0, frag.packets[0]).status, AssembledShader::Status::Incomplete);
  ASSERT_EQ(a.add(0, vert.packets[0]).status, AssembledShader::Status::Incomplete);
  ASSERT_EQ(a.add(1, frag.packets[0]).status, AssembledShader::Status::Incomplete);
  a.forget_sub_context(1);
  EXPECT_EQ(a.pending_bytes(), 2 * (kText.size() + 1));
  AssembledShader last;
  for (size_t i = 1; i < frag.packets.size(); ++i) last = a.add(0, frag.packets[i]);
  EXPECT_EQ(last.status, AssembledShader::Status::Complete);
  EXPECT_EQ(last.text, kText);
}

TEST(ShaderAssembler, TextMustEndInANulInItsLastFourBytes) {
  ShaderAssembler a;
  std::vector<uint32_t> words(4, 0x41414141u);  // "AAAA..." with no NUL at all
  CreateShader p;
  p.handle = 1;
  p.offset_or_length = 16;
  p.text = {reinterpret_cast<const uint8_t*>(words.data()), 16};
  EXPECT_EQ(a.add(0, p).error,
            "shader text of 16 bytes does not end in a NUL inside its last 4 bytes");
  words[1] = 0;  // a NUL early: the declared length lies
  EXPECT_EQ(a.add(0, p).status, AssembledShader::Status::Rejected);
  words[1] = 0x41414141u;
  words[3] = 0x00414141u;  // NUL as the last byte
  const AssembledShader ok = a.add(0, p);
  ASSERT_EQ(ok.status, AssembledShader::Status::Complete) << ok.error;
  EXPECT_EQ(ok.text, std::string(15, 'A'));
}

TEST(ShaderAssembler, BudgetsBoundMemory) {
  ShaderAssembler a(ShaderBudget{64, 100});
  auto p = split(std::string(40, 'x'), 1, 8);
  p.packets[0].offset_or_length = 65;
  EXPECT_EQ(a.add(0, p.packets[0]).error,
            "shader text length 65 is over the budget of 64 bytes");
  p.packets[0].offset_or_length = 60;
  ASSERT_EQ(a.add(0, p.packets[0]).status, AssembledShader::Status::Incomplete);
  EXPECT_EQ(a.add(1, p.packets[0]).error,
            "shaders in progress would hold 120 bytes, over the budget of 100");
  CreateShader second;
  second.stage = 1;
  second.offset_or_length = 8;
  EXPECT_EQ(a.add(0, second).error,
            "shader 0 starts while shader 1 of stage FRAGMENT is still being assembled");
  CreateShader zero;
  zero.stage = 2;
  EXPECT_EQ(a.add(0, zero).error, "shader declares a text length of 0");
}

// The budget counts what a first packet declares; memory holds only what has arrived.
TEST(ShaderAssembler, DeclaredLengthIsBudgetedNotAllocated) {
  ShaderAssembler a;
  auto p = split(kText, 6, 16);
  p.packets[0].offset_or_length = 4u << 20;  // declares 4 MiB, sends 16 bytes
  const AssembledShader r = a.add(2, p.packets[0]);
  ASSERT_EQ(r.status, AssembledShader::Status::Incomplete) << r.error;
  EXPECT_EQ(a.pending_bytes(), 4u << 20);
  a.forget_sub_context(2);
  EXPECT_EQ(a.pending_bytes(), 0u);
  EXPECT_EQ(a.add(2, p.packets[1]).error,
            "continuation of shader 6 but no shader of stage FRAGMENT is being assembled");
}

// The assembler is also called directly (not only behind the decoder's stage check).
TEST(ShaderAssembler, UnknownStagesAreNamedByNumber) {
  ShaderAssembler a;
  CreateShader p;
  p.handle = 2;
  p.stage = 9;
  p.continuation = 1;
  EXPECT_EQ(a.add(0, p).error,
            "continuation of shader 2 but no shader of stage 9 is being assembled");
}

// A continuation carrying more than the declared length is cut at the declared length.
TEST(ShaderAssembler, ContinuationPastTheDeclaredLengthIsCut) {
  ShaderAssembler a;
  std::vector<uint32_t> first = {0x44434241u, 0x48474645u};  // "ABCDEFGH"
  std::vector<uint32_t> rest = {0x00000049u, 0x5a5a5a5au};   // "I\0\0\0ZZZZ"
  CreateShader p;
  p.handle = 8;
  p.offset_or_length = 10;  // "ABCDEFGHI" + NUL
  p.text = {reinterpret_cast<const uint8_t*>(first.data()), 8};
  ASSERT_EQ(a.add(0, p).status, AssembledShader::Status::Incomplete);
  p.continuation = 1;
  p.offset_or_length = 8;
  p.text = {reinterpret_cast<const uint8_t*>(rest.data()), 8};
  const AssembledShader r = a.add(0, p);
  ASSERT_EQ(r.status, AssembledShader::Status::Complete) << r.error;
  EXPECT_EQ(r.text, "ABCDEFGHI");
  EXPECT_EQ(a.pending_bytes(), 0u);
}

}  // namespace
}  // namespace vgpu::virgl
