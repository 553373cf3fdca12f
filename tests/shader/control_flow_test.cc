// Control flow translated and run: loops with BRK/CONT, IF/UIF/ELSE, SWITCH with fall-through
// and DEFAULT, indirect temporaries through ADDR.  Results are computed again in C++.
// The table at the end runs every control-flow opcode with several selectors, so each path
// gives a different result; the kills run in a fragment shader and leave a known pattern of
// discarded pixels.
#include <gtest/gtest.h>

#include <array>
#include <string>
#include <vector>

#include "tests/shader/opcode_coverage.h"
#include "tests/shader/shader_test_util.h"

namespace vgpu::shader::testing {
namespace {

std::vector<uint32_t> run(const std::string& decls, const std::string& body, std::string* error) {
  const TranslatedShader t = translate_text(compute_shader(decls, body), error);
  if (t.glsl.empty()) return {};
  return run_compute(t.glsl, std::vector<uint32_t>(4, 0), error);
}

// sum = 0; for (i = 0; ; ++i) { if (i >= 10) break; if (i == 3) continue; sum += i; }
TEST(ControlFlow, LoopWithBreakAndContinue) {
  std::string error;
  const auto out = run(
      "DCL TEMP[0..2]\nIMM[0] UINT32 {0, 1, 10, 3}\n",
      "MOV TEMP[0].xy, IMM[0].xxxx\n"
      "BGNLOOP\n"
      "  USGE TEMP[1].x, TEMP[0].yyyy, IMM[0].zzzz\n"
      "  UIF TEMP[1].xxxx\n    BRK\n  ENDIF\n"
      "  USEQ TEMP[1].x, TEMP[0].yyyy, IMM[0].wwww\n"
      "  UIF TEMP[1].xxxx\n    UADD TEMP[0].y, TEMP[0].yyyy, IMM[0].yyyy\n    CONT\n  ENDIF\n"
      "  UADD TEMP[0].x, TEMP[0].xxxx, TEMP[0].yyyy\n"
      "  UADD TEMP[0].y, TEMP[0].yyyy, IMM[0].yyyy\n"
      "ENDLOOP\n"
      "STORE BUFFER[0].x, IMM[0].xxxx, TEMP[0].xxxx\n",
      &error);
  ASSERT_EQ(out.size(), 4u) << error;
  uint32_t sum = 0;
  for (uint32_t i = 0; i < 10; ++i) sum += i == 3 ? 0 : i;
  EXPECT_EQ(out[0], sum);
}

// Each case value selects a result; case 1 falls through into case 2.
TEST(ControlFlow, SwitchFallThroughAndDefault) {
  for (int selector : {0, 1, 2, 7}) {
    std::string error;
    const std::string imm = "IMM[0] INT32 {" + std::to_string(selector) + ", 1, 2, 0}\n"
                            "IMM[1] UINT32 {100, 200, 300, 0}\n";
    const auto out = run("DCL TEMP[0]\n" + imm,
                         "MOV TEMP[0].x, IMM[1].wwww\n"
                         "SWITCH IMM[0].xxxx\n"
                         "CASE IMM[0].yyyy\n  UADD TEMP[0].x, TEMP[0].xxxx, IMM[1].xxxx\n"
                         "CASE IMM[0].zzzz\n  UADD TEMP[0].x, TEMP[0].xxxx, IMM[1].yyyy\n  BRK\n"
                         "DEFAULT\n  MOV TEMP[0].x, IMM[1].zzzz\n  BRK\n"
                         "ENDSWITCH\n"
                         "STORE BUFFER[0].x, IMM[1].wwww, TEMP[0].xxxx\n",
                         &error);
    ASSERT_EQ(out.size(), 4u) << error;
    const uint32_t expected = selector == 1 ? 300u : selector == 2 ? 200u : 300u;
    EXPECT_EQ(out[0], expected) << "selector " << selector;
  }
}

// TEMP[ADDR[0].x + 1] inside ARRAY(1): written by index, read back by index.
TEST(ControlFlow, IndirectTemporaries) {
  std::string error;
  const auto out = run(
      "DCL TEMP[0..3], ARRAY(1)\nDCL TEMP[4]\nDCL ADDR[0]\n"
      "IMM[0] UINT32 {11, 22, 33, 0}\nIMM[1] FLT32 {1.0, 0.0, 0.0, 0.0}\n",
      "ARL ADDR[0].x, IMM[1].xxxx\n"
      "MOV TEMP[ADDR[0].x+1](1).x, IMM[0].yyyy\n"
      "MOV TEMP[0].x, IMM[0].xxxx\n"
      "MOV TEMP[4].x, TEMP[ADDR[0].x+1](1).xxxx\n"
      "STORE BUFFER[0].x, IMM[0].wwww, TEMP[4].xxxx\n",
      &error);
  ASSERT_EQ(out.size(), 4u) << error;
  EXPECT_EQ(out[0], 22u);
}

// ---- one row per control-flow opcode -------------------------------------------------------
// The selector is word 0 of BUFFER[0] (TEMP[0].x); the row stores its result at word 1.
struct FlowRow {
  const char* opcodes;
  const char* body;  // ends with END (subroutine rows put their body after it)
  uint32_t (*expected)(uint32_t selector);
};

constexpr const char* kFlowDecls =
    "DCL TEMP[0..3]\nIMM[0] UINT32 {0, 4, 1, 3}\nIMM[1] UINT32 {100, 200, 300, 0}\n"
    "IMM[2] INT32 {1, 2, 0, 0}\n";
constexpr const char* kLoadSelector = "LOAD TEMP[0], BUFFER[0], IMM[0].xxxx\n";
constexpr const char* kStoreResult = "STORE BUFFER[0].x, IMM[0].yyyy, TEMP[2].xxxx\n";

const FlowRow kFlowRows[] = {
    {"IF ELSE ENDIF",
     "U2F TEMP[1].x, TEMP[0].xxxx\nIF TEMP[1].xxxx\n  MOV TEMP[2].x, IMM[1].xxxx\nELSE\n"
     "  MOV TEMP[2].x, IMM[1].yyyy\nENDIF\n",
     [](uint32_t s) { return s ? 100u : 200u; }},
    {"UIF ENDIF",
     "MOV TEMP[2].x, IMM[1].zzzz\nUIF TEMP[0].xxxx\n  MOV TEMP[2].x, IMM[1].xxxx\nENDIF\n",
     [](uint32_t s) { return s ? 100u : 300u; }},
    // sum of i < selector + 3, skipping i == 1
    {"BGNLOOP ENDLOOP BRK CONT",
     "MOV TEMP[2].x, IMM[0].xxxx\nMOV TEMP[1].x, IMM[0].xxxx\nUADD TEMP[3].x, TEMP[0].xxxx, "
     "IMM[0].wwww\nBGNLOOP\n  USGE TEMP[1].y, TEMP[1].xxxx, TEMP[3].xxxx\n  UIF TEMP[1].yyyy\n"
     "    BRK\n  ENDIF\n  USEQ TEMP[1].y, TEMP[1].xxxx, IMM[0].zzzz\n  UIF TEMP[1].yyyy\n"
     "    UADD TEMP[1].x, TEMP[1].xxxx, IMM[0].zzzz\n    CONT\n  ENDIF\n"
     "  UADD TEMP[2].x, TEMP[2].xxxx, TEMP[1].xxxx\n  UADD TEMP[1].x, TEMP[1].xxxx, IMM[0].zzzz\n"
     "ENDLOOP\n",
     [](uint32_t s) {
       uint32_t sum = 0;
       for (uint32_t i = 0; i < s + 3; ++i) sum += i == 1 ? 0 : i;
       return sum;
     }},
    // case 1 falls through into case 2
    {"SWITCH CASE DEFAULT ENDSWITCH",
     "MOV TEMP[2].x, IMM[0].xxxx\nSWITCH TEMP[0].xxxx\nCASE IMM[2].xxxx\n"
     "  UADD TEMP[2].x, TEMP[2].xxxx, IMM[1].xxxx\nCASE IMM[2].yyyy\n"
     "  UADD TEMP[2].x, TEMP[2].xxxx, IMM[1].yyyy\n  BRK\nDEFAULT\n  MOV TEMP[2].x, IMM[1].zzzz\n"
     "  BRK\nENDSWITCH\n",
     [](uint32_t s) { return s == 1 ? 300u : s == 2 ? 200u : 300u; }},
    {"NOP", "NOP\nUADD TEMP[2].x, TEMP[0].xxxx, IMM[0].zzzz\n",
     [](uint32_t s) { return s + 1; }},
    // RET leaves main before the second store
    {"RET",
     "MOV TEMP[2].x, IMM[1].xxxx\nSTORE BUFFER[0].x, IMM[0].yyyy, TEMP[2].xxxx\n"
     "UIF TEMP[0].xxxx\n  RET\nENDIF\nMOV TEMP[2].x, IMM[1].yyyy\n",
     [](uint32_t s) { return s ? 100u : 200u; }},
};

std::string flow_shader(const FlowRow& row) {
  return compute_shader(kFlowDecls, std::string(kLoadSelector) + row.body + kStoreResult);
}

void PrintTo(const FlowRow& row, std::ostream* os) { *os << row.opcodes; }

class FlowOpcode : public ::testing::TestWithParam<FlowRow> {};

TEST_P(FlowOpcode, EachPathGivesItsResult) {
  std::string error;
  const TranslatedShader t = translate_text(flow_shader(GetParam()), &error);
  ASSERT_FALSE(t.glsl.empty()) << error;
  for (uint32_t selector : {0u, 1u, 2u, 5u}) {
    const auto out = run_compute(t.glsl, {selector, 0xdeadbeefu, 0, 0}, &error);
    ASSERT_EQ(out.size(), 4u) << error;
    EXPECT_EQ(out[1], GetParam().expected(selector)) << "selector " << selector;
  }
}

INSTANTIATE_TEST_SUITE_P(EveryFlowOpcode, FlowOpcode, ::testing::ValuesIn(kFlowRows));

// END: what follows it (a subroutine, as Mesa places them) is not run.
constexpr const char* kEndShader =
    "COMP\nPROPERTY CS_FIXED_BLOCK_WIDTH 1\nPROPERTY CS_FIXED_BLOCK_HEIGHT 1\n"
    "PROPERTY CS_FIXED_BLOCK_DEPTH 1\nDCL BUFFER[0]\nIMM[0] UINT32 {0, 4, 77, 99}\n"
    "STORE BUFFER[0].x, IMM[0].yyyy, IMM[0].zzzz\nEND\n"
    "BGNSUB\n  STORE BUFFER[0].x, IMM[0].yyyy, IMM[0].wwww\n  RET\nENDSUB\n";

TEST(ControlFlow, EndStopsTranslationBeforeTrailingSubroutines) {
  std::string error;
  const TranslatedShader t = translate_text(kEndShader, &error);
  ASSERT_FALSE(t.glsl.empty()) << error;
  const auto out = run_compute(t.glsl, {0, 0, 0, 0}, &error);
  ASSERT_EQ(out.size(), 4u) << error;
  EXPECT_EQ(out[1], 77u);
}

// ---- kills, in a fragment shader over a 4x4 window ------------------------------------------
struct KillRow {
  const char* opcodes;
  const char* body;
  bool (*discarded)(int x, int y);
};

const KillRow kKillRows[] = {
    // x + 0.5 - 2 < 0 for x < 2
    {"KILL_IF", "ADD TEMP[0], IN[0].xxxx, -IMM[0].xxxx\nKILL_IF TEMP[0]\n",
     [](int x, int) { return x < 2; }},
    {"KILL", "F2U TEMP[0], IN[0]\nUSGE TEMP[1].x, TEMP[0].yyyy, IMM[1].xxxx\nUIF TEMP[1].xxxx\n"
             "  KILL\nENDIF\n",
     [](int, int y) { return y >= 3; }},
    {"DEMOTE", "F2U TEMP[0], IN[0]\nUSEQ TEMP[1].x, TEMP[0].xxxx, TEMP[0].yyyy\n"
               "UIF TEMP[1].xxxx\n  DEMOTE\nENDIF\n",
     [](int x, int y) { return x == y; }},
};

std::string kill_shader(const KillRow& row) {
  return std::string("FRAG\nDCL IN[0], POSITION, LINEAR\nDCL OUT[0], COLOR\nDCL TEMP[0..1]\n") +
         "IMM[0] FLT32 {2.0, 0.0, 0.0, 0.0}\nIMM[1] UINT32 {3, 7, 0, 0}\n" + row.body +
         "MOV OUT[0], IMM[1].yyyy\nEND\n";
}

void PrintTo(const KillRow& row, std::ostream* os) { *os << row.opcodes; }

class KillOpcode : public ::testing::TestWithParam<KillRow> {};

TEST_P(KillOpcode, DiscardsExactlyThePixelsItShould) {
  std::string error;
  ShaderKey key;
  key.color_uint_mask = 1;
  const TranslatedShader t = translate_text(kill_shader(GetParam()), &error, key);
  ASSERT_FALSE(t.glsl.empty()) << error;
  const auto pixels = run_fragment(t.glsl, 4, 4, &error);
  ASSERT_EQ(pixels.size(), 16u) << error;
  for (int y = 0; y < 4; ++y) {
    for (int x = 0; x < 4; ++x) {
      const uint32_t want = GetParam().discarded(x, y) ? kClearWord : 7u;
      EXPECT_EQ(pixels[static_cast<size_t>(y * 4 + x)][0], want) << "pixel " << x << "," << y;
    }
  }
}

INSTANTIATE_TEST_SUITE_P(EveryKillOpcode, KillOpcode, ::testing::ValuesIn(kKillRows));

}  // namespace
}  // namespace vgpu::shader::testing

namespace vgpu::shader::testing {

std::vector<CoveredOpcodes> control_flow_opcode_coverage() {
  std::vector<CoveredOpcodes> out;
  for (const FlowRow& row : kFlowRows) out.push_back({row.opcodes, Coverage::Runs, flow_shader(row)});
  for (const KillRow& row : kKillRows) out.push_back({row.opcodes, Coverage::Runs, kill_shader(row)});
  out.push_back({"END", Coverage::Runs, kEndShader});
  return out;
}

}  // namespace vgpu::shader::testing
