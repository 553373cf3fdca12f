// Control flow translated and run: loops with BRK/CONT, IF/UIF/ELSE, SWITCH with fall-through
// and DEFAULT, indirect temporaries through ADDR.  Results are computed again in C++.
#include <gtest/gtest.h>

#include <string>
#include <vector>

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

}  // namespace
}  // namespace vgpu::shader::testing
