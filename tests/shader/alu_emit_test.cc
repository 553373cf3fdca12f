// The table-driven ALU opcodes, compiled and run on llvmpipe.  Every row of alu_ops.def is
// translated and executed (the list is the table itself); a selection is checked numerically
// against a C++ reference of TGSI's definition, 4 components at a time.
#include <gtest/gtest.h>

#include <bit>
#include <cmath>
#include <cstring>
#include <functional>
#include <string>
#include <vector>

#include "decoder/tgsi/tables.h"
#include "tests/shader/gl_fixture.h"
#include "tests/shader/shader_test_util.h"

namespace vgpu::shader::testing {
namespace {

// TEMP[0..3] are loaded from words 0..15 of the buffer, the result is stored at word 16.
std::string op_shader(const std::string& line) {
  return compute_shader(
      "DCL TEMP[0..4]\nIMM[0] UINT32 {0, 16, 32, 48}\nIMM[1] UINT32 {64, 0, 0, 0}\n",
      "LOAD TEMP[0], BUFFER[0], IMM[0].xxxx\nLOAD TEMP[1], BUFFER[0], IMM[0].yyyy\n"
      "LOAD TEMP[2], BUFFER[0], IMM[0].zzzz\nLOAD TEMP[3], BUFFER[0], IMM[0].wwww\n" +
          line + "\nSTORE BUFFER[0].xyzw, IMM[1].xxxx, TEMP[4]\n");
}

std::vector<uint32_t> run_op(const std::string& line, const std::vector<uint32_t>& inputs,
                             std::string* error) {
  const TranslatedShader t = translate_text(op_shader(line), error);
  if (t.glsl.empty()) return {};
  std::vector<uint32_t> words(inputs);
  words.resize(20, 0xdeadbeef);
  auto out = run_compute(t.glsl, words, error);
  if (out.empty()) return {};
  return {out.begin() + 16, out.end()};
}

uint32_t f(float v) { return std::bit_cast<uint32_t>(v); }

// ---- every row of the table translates, compiles and runs -----------------------------------
struct Row {
  const char* name;
};
constexpr Row kRows[] = {
#define VGPU_GLSL_ALU(NAME, srcs, glsl) {#NAME},
#include "renderer/shader/alu_ops.def"
#undef VGPU_GLSL_ALU
};

class EveryAluOpcode : public ::testing::TestWithParam<Row> {};

TEST_P(EveryAluOpcode, TranslatesCompilesAndRuns) {
  const auto op = tgsi::find_opcode(GetParam().name);
  ASSERT_TRUE(op.has_value()) << GetParam().name;
  const tgsi::OpcodeInfo* info = tgsi::opcode_info(*op);
  ASSERT_NE(info, nullptr);
  std::string line = std::string(GetParam().name) + " TEMP[4]";
  for (uint8_t i = 0; i < info->srcs; ++i) line += ", TEMP[" + std::to_string(i) + "]";
  std::string error;
  if (line.rfind("DD", 0) == 0) {
    // Derivatives exist only in fragment shaders: compile one instead of running compute.
    const std::string fs =
        "FRAG\nDCL IN[0], GENERIC[0], PERSPECTIVE\nDCL OUT[0], COLOR\nDCL TEMP[0..4]\n"
        "MOV TEMP[0], IN[0]\nMOV TEMP[1], IN[0].yzwx\n" + line + "\nMOV OUT[0], TEMP[4]\nEND\n";
    const TranslatedShader t = translate_text(fs, &error);
    ASSERT_FALSE(t.glsl.empty()) << error;
    GlContext* gl = GlContext::get(&error);
    ASSERT_NE(gl, nullptr) << error;
    const GLuint program = gl->link({{GL_FRAGMENT_SHADER, t.glsl}}, &error);
    EXPECT_NE(program, 0u) << error;
    glDeleteProgram(program);
    EXPECT_TRUE(gl->take_errors().empty());
    return;
  }
  std::vector<uint32_t> inputs(16);
  for (uint32_t i = 0; i < 16; ++i) inputs[i] = f(1.0f + static_cast<float>(i));
  const auto out = run_op(line, inputs, &error);
  EXPECT_EQ(out.size(), 4u) << error;
}

INSTANTIATE_TEST_SUITE_P(AluOpsDef, EveryAluOpcode, ::testing::ValuesIn(kRows),
                         [](const auto& p) { return std::string(p.param.name); });

// ---- numeric checks ---------------------------------------------------------------------------
using Lane = std::function<uint32_t(uint32_t a, uint32_t b, uint32_t c)>;

struct Case {
  const char* line;
  std::vector<uint32_t> a, b, c;  // 4 words each (TEMP[0], TEMP[1], TEMP[2])
  Lane reference;                  // per component
};

float F(uint32_t w) { return std::bit_cast<float>(w); }
int32_t I(uint32_t w) { return static_cast<int32_t>(w); }
uint32_t U(int32_t v) { return static_cast<uint32_t>(v); }

std::vector<Case> cases() {
  const std::vector<uint32_t> fa = {f(1.5f), f(-2.0f), f(0.25f), f(8.0f)};
  const std::vector<uint32_t> fb = {f(2.0f), f(3.0f), f(-0.5f), f(8.0f)};
  const std::vector<uint32_t> fc = {f(1.0f), f(0.0f), f(10.0f), f(-1.0f)};
  const std::vector<uint32_t> ia = {7, U(-9), 0x80000000u, 123456789};
  const std::vector<uint32_t> ib = {2, 0, 33, U(-4)};
  const std::vector<uint32_t> ic = {1, 2, 3, 4};
  return {
      {"ADD TEMP[4], TEMP[0], TEMP[1]", fa, fb, fc,
       [](uint32_t a, uint32_t b, uint32_t) { return f(F(a) + F(b)); }},
      {"MAD TEMP[4], TEMP[0], TEMP[1], TEMP[2]", fa, fb, fc,
       [](uint32_t a, uint32_t b, uint32_t c) { return f(F(a) * F(b) + F(c)); }},
      {"SLT TEMP[4], TEMP[0], TEMP[1]", fa, fb, fc,
       [](uint32_t a, uint32_t b, uint32_t) { return f(F(a) < F(b) ? 1.0f : 0.0f); }},
      {"FSGE TEMP[4], TEMP[0], TEMP[1]", fa, fb, fc,
       [](uint32_t a, uint32_t b, uint32_t) { return F(a) >= F(b) ? ~0u : 0u; }},
      {"MOV TEMP[4], -|TEMP[0]|", fa, fb, fc,
       [](uint32_t a, uint32_t, uint32_t) { return f(-std::fabs(F(a))); }},
      {"MOV_SAT TEMP[4], TEMP[2]", fa, fb, fc,
       [](uint32_t, uint32_t, uint32_t c) { return f(std::fmin(std::fmax(F(c), 0.0f), 1.0f)); }},
      {"CMP TEMP[4], TEMP[0], TEMP[1], TEMP[2]", fa, fb, fc,
       [](uint32_t a, uint32_t b, uint32_t c) { return F(a) < 0.0f ? b : c; }},
      {"FLR TEMP[4], TEMP[0]", fa, fb, fc,
       [](uint32_t a, uint32_t, uint32_t) { return f(std::floor(F(a))); }},
      {"F2I TEMP[4], TEMP[0]", fa, fb, fc,
       [](uint32_t a, uint32_t, uint32_t) { return U(static_cast<int32_t>(F(a))); }},
      {"I2F TEMP[4], TEMP[0]", ia, ib, ic,
       [](uint32_t a, uint32_t, uint32_t) { return f(static_cast<float>(I(a))); }},
      {"UADD TEMP[4], TEMP[0], TEMP[1]", ia, ib, ic,
       [](uint32_t a, uint32_t b, uint32_t) { return a + b; }},
      {"UMUL TEMP[4], TEMP[0], TEMP[1]", ia, ib, ic,
       [](uint32_t a, uint32_t b, uint32_t) { return a * b; }},
      {"UDIV TEMP[4], TEMP[0], TEMP[1]", ia, ib, ic,
       [](uint32_t a, uint32_t b, uint32_t) { return b ? a / b : ~0u; }},
      {"UMOD TEMP[4], TEMP[0], TEMP[1]", ia, ib, ic,
       [](uint32_t a, uint32_t b, uint32_t) { return b ? a % b : ~0u; }},
      {"SHL TEMP[4], TEMP[0], TEMP[1]", ia, ib, ic,
       [](uint32_t a, uint32_t b, uint32_t) { return a << (b & 31); }},
      {"ISHR TEMP[4], TEMP[0], TEMP[1]", ia, ib, ic,
       [](uint32_t a, uint32_t b, uint32_t) { return U(I(a) >> (b & 31)); }},
      {"USHR TEMP[4], TEMP[0], TEMP[1]", ia, ib, ic,
       [](uint32_t a, uint32_t b, uint32_t) { return a >> (b & 31); }},
      {"IMAX TEMP[4], TEMP[0], TEMP[1]", ia, ib, ic,
       [](uint32_t a, uint32_t b, uint32_t) { return U(std::max(I(a), I(b))); }},
      {"USLT TEMP[4], TEMP[0], TEMP[1]", ia, ib, ic,
       [](uint32_t a, uint32_t b, uint32_t) { return a < b ? ~0u : 0u; }},
      {"UCMP TEMP[4], TEMP[1], TEMP[0], TEMP[2]", ia, ib, ic,
       [](uint32_t a, uint32_t b, uint32_t c) { return b ? a : c; }},
      {"XOR TEMP[4], TEMP[0], TEMP[1]", ia, ib, ic,
       [](uint32_t a, uint32_t b, uint32_t) { return a ^ b; }},
      {"UMUL_HI TEMP[4], TEMP[0], TEMP[1]", ia, ib, ic,
       [](uint32_t a, uint32_t b, uint32_t) {
         return static_cast<uint32_t>((uint64_t{a} * uint64_t{b}) >> 32);
       }},
      {"UBFE TEMP[4], TEMP[0], TEMP[2], TEMP[2]", ia, ib, ic,
       [](uint32_t a, uint32_t, uint32_t c) { return (a >> c) & ((1u << c) - 1); }},
      {"POPC TEMP[4], TEMP[0]", ia, ib, ic,
       [](uint32_t a, uint32_t, uint32_t) { return static_cast<uint32_t>(std::popcount(a)); }},
      {"BREV TEMP[4], TEMP[0]", ia, ib, ic,
       [](uint32_t a, uint32_t, uint32_t) {
         uint32_t r = 0;
         for (int i = 0; i < 32; ++i) r |= ((a >> i) & 1u) << (31 - i);
         return r;
       }},
  };
}

TEST(AluNumeric, MatchesTgsiDefinition) {
  for (const Case& c : cases()) {
    std::vector<uint32_t> in(c.a);
    in.insert(in.end(), c.b.begin(), c.b.end());
    in.insert(in.end(), c.c.begin(), c.c.end());
    in.resize(16, 0);
    std::string error;
    const auto out = run_op(c.line, in, &error);
    ASSERT_EQ(out.size(), 4u) << c.line << ": " << error;
    for (size_t k = 0; k < 4; ++k) {
      EXPECT_EQ(out[k], c.reference(c.a[k], c.b[k], c.c[k])) << c.line << " component " << k;
    }
  }
}

// Replicating opcodes read .x and write every component.
TEST(AluNumeric, ReplicateOpcodesSplatTheScalar) {
  std::string error;
  const std::vector<uint32_t> in = {f(4.0f), f(9.0f), 0, 0, f(1.0f), f(2.0f), f(3.0f), f(4.0f),
                                    0, 0, 0, 0, 0, 0, 0, 0};
  auto out = run_op("RSQ TEMP[4], TEMP[0].yxzw", in, &error);
  ASSERT_EQ(out.size(), 4u) << error;
  for (uint32_t w : out) EXPECT_FLOAT_EQ(F(w), 1.0f / 3.0f);
  // A partial write mask writes only its components (TEMP[4] was the result of RSQ before?
  // no: each run is a new shader, so y and w are unspecified and not checked).
  out = run_op("DP4 TEMP[4].xz, TEMP[1], TEMP[1]", in, &error);
  ASSERT_EQ(out.size(), 4u) << error;
  EXPECT_EQ(out[0], f(30.0f));
  EXPECT_EQ(out[2], f(30.0f));
}

// 64-bit opcodes work on xy / zw pairs.
TEST(AluNumeric, DoubleAndInt64Pairs) {
  const double x = 1.25, y = -3.5;
  const auto lo = [](uint64_t v) { return static_cast<uint32_t>(v); };
  const auto hi = [](uint64_t v) { return static_cast<uint32_t>(v >> 32); };
  const uint64_t bx = std::bit_cast<uint64_t>(x), by = std::bit_cast<uint64_t>(y);
  std::vector<uint32_t> in = {lo(bx), hi(bx), lo(by), hi(by), lo(by), hi(by), lo(bx), hi(bx),
                              0, 0, 0, 0, 0, 0, 0, 0};
  std::string error;
  auto out = run_op("DADD TEMP[4], TEMP[0], TEMP[1]", in, &error);
  ASSERT_EQ(out.size(), 4u) << error;
  const uint64_t sum0 = std::bit_cast<uint64_t>(x + y);
  EXPECT_EQ(out[0], lo(sum0));
  EXPECT_EQ(out[1], hi(sum0));
  EXPECT_EQ(out[2], lo(sum0));
  EXPECT_EQ(out[3], hi(sum0));

  const uint64_t a = 0x123456789abcdefull, b = 0xfedcba987ull;
  in = {lo(a), hi(a), lo(b), hi(b), lo(b), hi(b), lo(a), hi(a), 0, 0, 0, 0, 0, 0, 0, 0};
  out = run_op("U64MUL TEMP[4], TEMP[0], TEMP[1]", in, &error);
  ASSERT_EQ(out.size(), 4u) << error;
  EXPECT_EQ(out[0], lo(a * b));
  EXPECT_EQ(out[1], hi(a * b));
  out = run_op("D2F TEMP[4].xy, TEMP[0]", {lo(bx), hi(bx), lo(by), hi(by), 0, 0, 0, 0, 0, 0, 0,
                                            0, 0, 0, 0, 0}, &error);
  ASSERT_EQ(out.size(), 4u) << error;
  EXPECT_EQ(out[0], f(1.25f));
  EXPECT_EQ(out[1], f(-3.5f));
}


// 64-bit sources with 32-bit results (D2F, D2I, DSLT...) hand their two results to the written
// components in order: the first gets the double in .xy, the second the one in .zw, wherever
// the mask puts them (tgsi_exec's rule, which Mesa's virgl driver relies on: it emits
// "MOV TEMP[7].xy, TEMP[3].zwzw; D2F TEMP[0].y, TEMP[7]").  Found by piglit's
// tcs-input-array-dvec4-index-rd: the .y result came from the stale .zw.
TEST(AluEmit, NarrowingResultsFillTheWrittenComponentsInOrder) {
  const uint64_t a = std::bit_cast<uint64_t>(2.5), b = std::bit_cast<uint64_t>(-7.0);
  const std::vector<uint32_t> inputs = {static_cast<uint32_t>(a), static_cast<uint32_t>(a >> 32),
                                        static_cast<uint32_t>(b), static_cast<uint32_t>(b >> 32)};
  struct MaskCase {
    const char* mask;
    std::array<uint32_t, 4> want;  // 0 marks components left unwritten (TEMP[4] starts zero)
  };
  const MaskCase cases[] = {
      {"y", {0, f(2.5f), 0, 0}},
      {"w", {0, 0, 0, f(2.5f)}},
      {"yz", {0, f(2.5f), f(-7.0f), 0}},
      {"xw", {f(2.5f), 0, 0, f(-7.0f)}},
      {"zw", {0, 0, f(2.5f), f(-7.0f)}},
  };
  for (const MaskCase& c : cases) {
    std::string error;
    const auto out = run_op(std::string("MOV TEMP[4], IMM[1].yyyy\nD2F TEMP[4].") + c.mask +
                                ", TEMP[0]",
                            inputs, &error);
    ASSERT_EQ(out.size(), 4u) << error;
    for (size_t i = 0; i < 4; ++i) {
      EXPECT_EQ(out[i], c.want[i]) << "mask ." << c.mask << " component " << i;
    }
  }
}

}  // namespace
}  // namespace vgpu::shader::testing
