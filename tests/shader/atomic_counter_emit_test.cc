// HWATOMIC[b][i]: every TGSI atomic and LOAD run on llvmpipe against counter buffer 0, which the
// test binds as the renderer does (an r32ui buffer texture on atomic_image_unit(0)); an
// indirect counter index is clamped to the declared counters.
#include <gtest/gtest.h>

#include <bit>
#include <string>
#include <vector>

#include "tests/shader/gl_fixture.h"
#include "tests/shader/shader_test_util.h"

namespace vgpu::shader::testing {
namespace {

// Runs `tgsi` with atomic buffer 0 holding `counters`; returns BUFFER[0] (4 words) and leaves
// the counters' final values in `counters`.
std::vector<uint32_t> run_with_counters(const std::string& tgsi, std::vector<uint32_t>& counters,
                                        std::string* error) {
  GlContext* gl = GlContext::get(error);
  if (!gl) return {};
  const TranslatedShader t = translate_text(tgsi, error);
  if (t.glsl.empty()) return {};
  const auto bytes = static_cast<GLsizeiptr>(counters.size() * 4);
  GLuint buffer = 0, texture = 0;
  glCreateBuffers(1, &buffer);
  glNamedBufferData(buffer, bytes, counters.data(), GL_DYNAMIC_COPY);
  glCreateTextures(GL_TEXTURE_BUFFER, 1, &texture);
  glTextureBufferRange(texture, GL_R32UI, buffer, 0, bytes);
  glBindImageTexture(atomic_image_unit(0), texture, 0, GL_FALSE, 0, GL_READ_WRITE, GL_R32UI);
  auto out = run_compute(t.glsl, std::vector<uint32_t>(4, 0), error);
  glMemoryBarrier(GL_BUFFER_UPDATE_BARRIER_BIT);
  glGetNamedBufferSubData(buffer, 0, bytes, counters.data());
  glDeleteTextures(1, &texture);
  glDeleteBuffers(1, &buffer);
  return out;
}

// Counter 1 incremented, counter 0 decremented (Mesa's atomicCounterDecrement: ATOMUADD of -1),
// then counter 0 read, and ADDR[0].x = 7 clamps to counter 1 (the last declared); the old
// values and the reads land in BUFFER[0].
constexpr const char* kIncDecDecls =
    "DCL HWATOMIC[0][0..1]\nDCL ADDR[0]\nDCL TEMP[0..3]\n"
    "IMM[0] UINT32 {0, 4, 1, 4294967295}\nIMM[1] UINT32 {8, 12, 7, 0}\n";
constexpr const char* kIncDecBody =
    "ATOMUADD TEMP[0].x, HWATOMIC[0][1], IMM[0].yyyy, IMM[0].zzzz\n"
    "STORE BUFFER[0].x, IMM[0].xxxx, TEMP[0].xxxx\n"
    "ATOMUADD TEMP[1].x, HWATOMIC[0][0], IMM[0].xxxx, IMM[0].wwww\n"
    "STORE BUFFER[0].x, IMM[0].yyyy, TEMP[1].xxxx\n"
    "LOAD TEMP[2].x, HWATOMIC[0][0], IMM[0].xxxx\n"
    "STORE BUFFER[0].x, IMM[1].xxxx, TEMP[2].xxxx\n"
    "UARL ADDR[0].x, IMM[1].zzzz\n"
    "LOAD TEMP[3].x, HWATOMIC[0][ADDR[0].x], IMM[0].xxxx\n"
    "STORE BUFFER[0].x, IMM[1].yyyy, TEMP[3].xxxx\n";

TEST(AtomicCounters, IncrementDecrementAndReadRunOnABoundBuffer) {
  std::string error;
  const TranslatedShader t = translate_text(compute_shader(kIncDecDecls, kIncDecBody), &error);
  ASSERT_FALSE(t.glsl.empty()) << error;
  EXPECT_EQ(t.atomic_buffer_mask, 1u);
  EXPECT_EQ(t.atomic_buffer_bytes[0], 8u);
  std::vector<uint32_t> counters = {10, 20};
  const auto out = run_with_counters(compute_shader(kIncDecDecls, kIncDecBody), counters, &error);
  ASSERT_EQ(out.size(), 4u) << error;
  EXPECT_EQ(out, (std::vector<uint32_t>{20, 10, 9, 21}));
  EXPECT_EQ(counters, (std::vector<uint32_t>{9, 21}));
}

// ARB_shader_atomic_counter_ops: each operation on counter 0 (holding -16 as an int) with
// operand 5 (CAS: compare with -16, swap in 9); the old value lands in BUFFER[0] word 0.
struct CounterOpRow {
  const char* opcode;
  uint32_t expected;
};
constexpr uint32_t kInitial = 0xfffffff0u;
const CounterOpRow kCounterOps[] = {
    {"ATOMUADD", kInitial + 5}, {"ATOMXCHG", 5},          {"ATOMCAS", 9},
    {"ATOMAND", kInitial & 5},  {"ATOMOR", kInitial | 5}, {"ATOMXOR", kInitial ^ 5},
    {"ATOMUMIN", 5},            {"ATOMUMAX", kInitial},   {"ATOMIMIN", kInitial},
    {"ATOMIMAX", 5},
};

std::string counter_op_shader(const CounterOpRow& row) {
  const bool cas = std::string(row.opcode) == "ATOMCAS";
  return compute_shader("DCL HWATOMIC[0][0]\nDCL TEMP[0]\nIMM[0] UINT32 {0, " +
                            std::to_string(cas ? kInitial : 5u) + ", 9, 0}\n",
                        std::string(row.opcode) + " TEMP[0].x, HWATOMIC[0][0], IMM[0].xxxx, " +
                            "IMM[0].yyyy" + (cas ? ", IMM[0].zzzz" : "") +
                            "\nSTORE BUFFER[0].x, IMM[0].xxxx, TEMP[0].xxxx\n");
}

TEST(AtomicCounters, EveryAtomicOpcodeReturnsTheOldValueAndStoresTheNewOne) {
  for (const CounterOpRow& row : kCounterOps) {
    std::string error;
    std::vector<uint32_t> counters = {kInitial};
    const auto out = run_with_counters(counter_op_shader(row), counters, &error);
    ASSERT_EQ(out.size(), 4u) << row.opcode << ": " << error;
    EXPECT_EQ(out[0], kInitial) << row.opcode;
    EXPECT_EQ(counters[0], row.expected) << row.opcode;
  }
}

TEST(AtomicCounters, CountersPastTheLimitAreRefused) {
  std::string error;
  const TranslatedShader t = translate_text(compute_shader("DCL HWATOMIC[0][32]\n", ""), &error);
  EXPECT_TRUE(t.glsl.empty());
  EXPECT_NE(error.find("HWATOMIC[0][32] is over the limits"), std::string::npos) << error;
}

}  // namespace
}  // namespace vgpu::shader::testing
