// HWATOMIC[b][i]: increments, decrements and reads run on llvmpipe against an atomic counter
// buffer the test binds at atomic_buffer_binding(0); an indirect counter index is clamped to
// the declared counters.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "tests/shader/gl_fixture.h"
#include "tests/shader/shader_test_util.h"

namespace vgpu::shader::testing {
namespace {

// Counter 1 incremented, counter 0 decremented, then counter 0 read, and ADDR[0].x = 7 clamps
// to counter 1 (the last declared); the old values and the read land in BUFFER[0].
constexpr const char* kDecls =
    "DCL HWATOMIC[0][0..1]\nDCL ADDR[0]\nDCL TEMP[0..3]\n"
    "IMM[0] UINT32 {0, 4, 1, 4294967295}\nIMM[1] UINT32 {8, 12, 7, 0}\n";
constexpr const char* kBody =
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
  GlContext* gl = GlContext::get(&error);
  ASSERT_NE(gl, nullptr) << error;
  const TranslatedShader t = translate_text(compute_shader(kDecls, kBody), &error);
  ASSERT_FALSE(t.glsl.empty()) << error;
  EXPECT_EQ(t.atomic_buffer_mask, 1u);
  EXPECT_EQ(t.atomic_buffer_bytes[0], 8u);
  std::vector<uint32_t> counters = {10, 20};
  GLuint buffer = 0;
  glCreateBuffers(1, &buffer);
  glNamedBufferData(buffer, 8, counters.data(), GL_DYNAMIC_COPY);
  glBindBufferRange(GL_ATOMIC_COUNTER_BUFFER, atomic_buffer_binding(0), buffer, 0, 8);
  const auto out = run_compute(t.glsl, std::vector<uint32_t>(4, 0), &error);
  glMemoryBarrier(GL_BUFFER_UPDATE_BARRIER_BIT);
  glGetNamedBufferSubData(buffer, 0, 8, counters.data());
  glDeleteBuffers(1, &buffer);
  ASSERT_EQ(out.size(), 4u) << error;
  EXPECT_EQ(out, (std::vector<uint32_t>{20, 10, 9, 21}));
  EXPECT_EQ(counters, (std::vector<uint32_t>{9, 21}));
}

TEST(AtomicCounters, CountersPastTheFixedArrayAreRefused) {
  std::string error;
  const TranslatedShader t = translate_text(
      compute_shader("DCL HWATOMIC[0][32]\n", ""), &error);
  EXPECT_TRUE(t.glsl.empty());
  EXPECT_NE(error.find("HWATOMIC[0][32] is over the limits"), std::string::npos) << error;
}

}  // namespace
}  // namespace vgpu::shader::testing
