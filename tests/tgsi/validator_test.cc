// One test per class of validation error, each asserting the message and its position.
#include "decoder/tgsi/validator.h"

#include <gtest/gtest.h>

#include <string>

#include "tests/tgsi/tgsi_test_util.h"

namespace vgpu::tgsi {
namespace {

using testing::first_error;

TEST(TgsiValidateRegisters, DirectRegisterOutsideTheDeclaredRange) {
  EXPECT_EQ(first_error("FRAG\nDCL TEMP[0..4]\nMOV TEMP[0], TEMP[9]\nEND\n"),
            "3:14: TEMP[9] is outside the declared TEMP[0..4]");
  EXPECT_EQ(first_error("FRAG\nDCL TEMP[0]\nMOV OUT[0], TEMP[0]\nEND\n"),
            "3:5: OUT[0] is not declared (no OUT declaration)");
  EXPECT_EQ(first_error("FRAG\nDCL TEMP[0]\nMOV TEMP[0], IMM[1]\nEND\n"),
            "3:14: IMM[1] names an immediate, but there is none");
}

TEST(TgsiValidateRegisters, TwoDimensionalConstantsNeedTheirBuffer) {
  const std::string decls = "FRAG\nDCL TEMP[0]\nDCL CONST[1][0..3]\n";
  EXPECT_EQ(first_error(decls + "MOV TEMP[0], CONST[1][3]\nEND\n"), "");
  EXPECT_EQ(first_error(decls + "MOV TEMP[0], CONST[2][3]\nEND\n"),
            "4:14: CONST[2][3] is not declared");
  EXPECT_EQ(first_error(decls + "MOV TEMP[0], CONST[1][4]\nEND\n"),
            "4:14: CONST[1][4] is not declared");
}

// DCL MEMORY[1], SHARED declares the shared space (its index is the memory type); Mesa's
// NIR-to-TGSI names it MEMORY[0] in instructions (corpus/shaders/cs-8e6dfa627eec8fb9.tgsi).
TEST(TgsiValidateRegisters, MemoryUsesNameIndexZeroOrADeclaredSpace) {
  const std::string cs = "COMP\nDCL TEMP[0]\nIMM[0] UINT32 {0, 0, 0, 0}\n";
  const std::string shared = cs + "DCL MEMORY[1], SHARED\n";
  EXPECT_EQ(first_error(shared + "LOAD TEMP[0].x, MEMORY[0], IMM[0].xxxx\nEND\n"), "");
  EXPECT_EQ(first_error(shared + "LOAD TEMP[0].x, MEMORY[1], IMM[0].xxxx\nEND\n"), "");
  EXPECT_EQ(first_error(shared + "LOAD TEMP[0].x, MEMORY[2], IMM[0].xxxx\nEND\n"),
            "5:17: MEMORY[2] is outside the declared MEMORY[1..1]");
  EXPECT_EQ(first_error(cs + "LOAD TEMP[0].x, MEMORY[0], IMM[0].xxxx\nEND\n"),
            "4:17: MEMORY[0] is not declared (no MEMORY declaration)");
}

TEST(TgsiValidateRegisters, IndirectAccessStaysInItsArray) {
  const std::string decls = "VERT\nDCL TEMP[0..3], ARRAY(1)\nDCL TEMP[4]\nDCL ADDR[0]\n";
  EXPECT_EQ(first_error(decls + "MOV TEMP[4], TEMP[ADDR[0].x+2](1)\nEND\n"), "");
  EXPECT_EQ(first_error(decls + "MOV TEMP[4], TEMP[ADDR[0].x+4](1)\nEND\n"),
            "5:14: TEMP[4] is outside ARRAY(1) TEMP[0..3]");
  EXPECT_EQ(first_error(decls + "MOV TEMP[4], TEMP[ADDR[0].x](2)\nEND\n"),
            "5:14: indirect access to TEMP ARRAY(2), which is not declared");
  EXPECT_EQ(first_error(decls + "MOV TEMP[4], TEMP[ADDR[1].x]\nEND\n"),
            "5:14: address register ADDR[1] is outside the declared ADDR[0..0]");
  EXPECT_EQ(first_error(decls + "MOV TEMP[4], TEMP[ADDR[0].x+5]\nEND\n"),
            "5:14: TEMP[5] is outside the declared TEMP[0..4]");
}

TEST(TgsiValidateDeclarations, OverlapsDuplicateArraysAndMissingTargets) {
  EXPECT_EQ(first_error("FRAG\nDCL TEMP[0..3]\nDCL TEMP[2]\nEND\n"),
            "3:1: TEMP[2] overlaps TEMP[0..3] declared at line 2");
  EXPECT_EQ(first_error("FRAG\nDCL TEMP[0], ARRAY(1)\nDCL TEMP[1], ARRAY(1)\nEND\n"),
            "3:1: ARRAY(1) of TEMP is declared twice (first at line 2)");
  EXPECT_EQ(first_error("FRAG\nDCL SVIEW[0], FLOAT\nEND\n"), "2:1: SVIEW declaration without a texture target");
  EXPECT_EQ(first_error("FRAG\nDCL CONST[0][0..1]\nDCL CONST[1][0..1]\nEND\n"), "");
}

// A compute shader has neither inputs nor outputs (a renderer fuzzer finding: GL refused the
// `out` the translator wrote for one).
TEST(TgsiValidateDeclarations, ComputeShadersDeclareNoInputsOrOutputs) {
  EXPECT_EQ(first_error("COMP\nDCL OUT[0], COLOR\nEND\n"),
            "2:1: OUT declaration in a compute shader (it has no inputs or outputs)");
  EXPECT_EQ(first_error("COMP\nDCL IN[0]\nEND\n"),
            "2:1: IN declaration in a compute shader (it has no inputs or outputs)");
  EXPECT_EQ(first_error("COMP\nDCL SV[0], THREAD_ID\nEND\n"), "");
}

// Mesa 22.3 declares some registers twice (captured in corpus/shaders): the repeat is merged
// into the first declaration, its components added; a repeat that differs in more than its
// components is still an overlap.
TEST(TgsiValidateDeclarations, RepeatedSingleRegistersMergeTheirComponents) {
  const CheckedShader split = parse_and_validate(
      "FRAG\nDCL IN[0].xyz, GENERIC[0], PERSPECTIVE\nDCL IN[1], GENERIC[1], PERSPECTIVE\n"
      "DCL IN[0].w, GENERIC[0], PERSPECTIVE\nDCL OUT[0], COLOR\nMOV OUT[0], IN[0]\nEND\n");
  ASSERT_TRUE(split.ok()) << split.error.to_string();
  ASSERT_EQ(split.shader.declarations.size(), 3u);
  EXPECT_EQ(split.shader.declarations[0].usage_mask, kWriteMaskXYZW);
  EXPECT_EQ(first_error("VERT\nDCL OUT[2], GENERIC[1]\nDCL OUT[2], GENERIC[1]\nEND\n"), "");
  EXPECT_EQ(first_error("VERT\nDCL OUT[2], GENERIC[1]\nDCL OUT[2], GENERIC[2]\nEND\n"),
            "3:1: OUT[2] overlaps OUT[2] declared at line 2");
  EXPECT_EQ(first_error("FRAG\nDCL IN[0].xy, GENERIC[0], PERSPECTIVE\n"
                        "DCL IN[0].zw, GENERIC[0], LINEAR\nEND\n"),
            "3:1: IN[0] overlaps IN[0] declared at line 2");
}

TEST(TgsiValidateOperands, FilesMustSuitTheOpcode) {
  EXPECT_EQ(first_error("FRAG\nDCL IN[0]\nMOV IN[0], IN[0]\nEND\n"), "3:5: MOV: IN[0] cannot be written");
  EXPECT_EQ(first_error("FRAG\nDCL TEMP[0]\nTEX TEMP[0], TEMP[0], TEMP[0], 2D\nEND\n"),
            "3:23: TEX: TEMP[0] is not a sampler (SAMP)");
  EXPECT_EQ(first_error("FRAG\nDCL TEMP[0]\nDCL SAMP[0]\nTEX TEMP[0], TEMP[0], SAMP[0]\nEND\n"),
            "4:1: TEX needs a texture target after its operands");
  EXPECT_EQ(first_error("FRAG\nDCL TEMP[0]\nDCL SAMP[0]\nSAMPLE TEMP[0], TEMP[0], TEMP[0], SAMP[0]\nEND\n"),
            "4:26: SAMPLE: TEMP[0] is not a sampler view (SVIEW)");
  EXPECT_EQ(first_error("COMP\nDCL TEMP[0]\nLOAD TEMP[0], TEMP[0], TEMP[0]\nEND\n"),
            "3:15: LOAD: TEMP[0] is not a BUFFER, IMAGE, MEMORY, CONSTBUF or HWATOMIC register");
}

TEST(TgsiValidateControlFlow, BlocksMustBalance) {
  const std::string t = "FRAG\nDCL TEMP[0]\n";
  EXPECT_EQ(first_error(t + "IF TEMP[0].xxxx\nEND\n"), "4:1: END inside IF");
  EXPECT_EQ(first_error(t + "IF TEMP[0].xxxx\n"), "3:1: IF is never closed");
  EXPECT_EQ(first_error(t + "ELSE\nEND\n"), "3:1: ELSE without IF");
  EXPECT_EQ(first_error(t + "BGNLOOP\nENDIF\nENDLOOP\nEND\n"),
            "4:1: ENDIF without IF (innermost open block: BGNLOOP at line 3)");
  EXPECT_EQ(first_error(t + "BRK\nEND\n"), "3:1: BRK outside a loop or switch");
  EXPECT_EQ(first_error(t + "SWITCH TEMP[0].xxxx\nCONT\nENDSWITCH\nEND\n"), "4:1: CONT outside a loop");
  EXPECT_EQ(first_error(t + "CASE TEMP[0].xxxx\nEND\n"), "3:1: CASE outside SWITCH");
  EXPECT_EQ(first_error(t + "BGNLOOP\nBGNSUB\nENDSUB\nENDLOOP\nEND\n"), "4:1: BGNSUB inside BGNLOOP");
  EXPECT_EQ(first_error(t + "MOV TEMP[0], TEMP[0]\n"), "3:1: the shader has no END");
  EXPECT_EQ(first_error(t + "END\nBGNSUB\nRET\nENDSUB\n"), "");
}

TEST(TgsiValidateControlFlow, NestingDepthIsCapped) {
  std::string text = "FRAG\nDCL TEMP[0]\n";
  for (int i = 0; i < 65; ++i) text += "BGNLOOP\n";
  EXPECT_EQ(first_error(text), "67:1: control flow nested deeper than 64 levels");
  // One level less is fine once closed: the cap, not the shape, is what fails above.
  std::string ok = "FRAG\n";
  for (int i = 0; i < 64; ++i) ok += "BGNLOOP\n";
  for (int i = 0; i < 64; ++i) ok += "ENDLOOP\n";
  EXPECT_EQ(first_error(ok + "END\n"), "");
}

}  // namespace
}  // namespace vgpu::tgsi
