// The opcodes and resources the translator does not express in GLSL: each is refused with a
// message that names it and the line it is on (never a crash, never GLSL that does something
// else).  Mesa 22.3's virgl driver emits none of the opcodes for the GL features the renderer
// offers (subgroups, images, fbfetch and bindless are not in the caps it is given).
#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "tests/shader/opcode_coverage.h"
#include "tests/shader/shader_test_util.h"

namespace vgpu::shader::testing {
namespace {

struct RefusedRow {
  const char* opcodes;  // the first one must be named by the message
  const char* stage;    // the TGSI header line
  const char* decls;
  const char* instruction;  // the refused line comes first
};

constexpr const char* kFrag = "DCL IN[0], GENERIC[0], PERSPECTIVE\nDCL OUT[0], COLOR\n";
constexpr const char* kViews = "DCL SAMP[0]\nDCL SVIEW[0], 2D, FLOAT\n";
constexpr const char* kBuffer = "DCL BUFFER[0]\nIMM[0] UINT32 {0, 1, 0, 0}\n";

const RefusedRow kRows[] = {
    {"BGNSUB ENDSUB", "COMP", "", "BGNSUB\n  RET\nENDSUB\n"},
    {"CAL", "COMP", "", "CAL :0\n"},
    {"CLOCK", "COMP", "", "CLOCK TEMP[0].xy\n"},
    {"READ_HELPER", "FRAG", kFrag, "READ_HELPER TEMP[0].x\n"},
    {"FBFETCH", "FRAG", kFrag, "FBFETCH TEMP[0], OUT[0]\n"},
    {"READ_INVOC", "COMP", "", "READ_INVOC TEMP[0], TEMP[1], TEMP[1].xxxx\n"},
    {"READ_FIRST", "COMP", "", "READ_FIRST TEMP[0], TEMP[1]\n"},
    {"BALLOT", "COMP", "", "BALLOT TEMP[0].xy, TEMP[1].xxxx\n"},
    {"VOTE_ANY", "COMP", "", "VOTE_ANY TEMP[0].x, TEMP[1].xxxx\n"},
    {"VOTE_ALL", "COMP", "", "VOTE_ALL TEMP[0].x, TEMP[1].xxxx\n"},
    {"VOTE_EQ", "COMP", "", "VOTE_EQ TEMP[0].x, TEMP[1].xxxx\n"},
    {"ATOMFADD", "COMP", kBuffer, "ATOMFADD TEMP[0].x, BUFFER[0], IMM[0].xxxx, TEMP[1].xxxx\n"},
    {"ATOMINC_WRAP", "COMP", kBuffer,
     "ATOMINC_WRAP TEMP[0].x, BUFFER[0], IMM[0].xxxx, IMM[0].yyyy\n"},
    {"ATOMDEC_WRAP", "COMP", kBuffer,
     "ATOMDEC_WRAP TEMP[0].x, BUFFER[0], IMM[0].xxxx, IMM[0].yyyy\n"},
    {"SAMPLE", "FRAG", kViews, "SAMPLE TEMP[0], TEMP[1], SVIEW[0], SAMP[0]\n"},
    {"SAMPLE_I", "FRAG", kViews, "SAMPLE_I TEMP[0], TEMP[1], SVIEW[0]\n"},
    {"SAMPLE_I_MS", "FRAG", kViews, "SAMPLE_I_MS TEMP[0], TEMP[1], SVIEW[0], TEMP[1].xxxx\n"},
    {"SAMPLE_B", "FRAG", kViews, "SAMPLE_B TEMP[0], TEMP[1], SVIEW[0], SAMP[0], TEMP[1].xxxx\n"},
    {"SAMPLE_C", "FRAG", kViews, "SAMPLE_C TEMP[0], TEMP[1], SVIEW[0], SAMP[0], TEMP[1].xxxx\n"},
    {"SAMPLE_C_LZ", "FRAG", kViews,
     "SAMPLE_C_LZ TEMP[0], TEMP[1], SVIEW[0], SAMP[0], TEMP[1].xxxx\n"},
    {"SAMPLE_L", "FRAG", kViews, "SAMPLE_L TEMP[0], TEMP[1], SVIEW[0], SAMP[0], TEMP[1].xxxx\n"},
    {"SAMPLE_D", "FRAG", kViews,
     "SAMPLE_D TEMP[0], TEMP[1], SVIEW[0], SAMP[0], TEMP[1], TEMP[1]\n"},
    {"GATHER4", "FRAG", kViews, "GATHER4 TEMP[0], TEMP[1], SVIEW[0], SAMP[0]\n"},
    {"LOD", "FRAG", kViews, "LOD TEMP[0], TEMP[1], SVIEW[0], SAMP[0]\n"},
    {"SVIEWINFO", "FRAG", kViews, "SVIEWINFO TEMP[0], TEMP[1].xxxx, SVIEW[0]\n"},
    {"SAMPLE_POS", "FRAG", kViews, "SAMPLE_POS TEMP[0], SVIEW[0], TEMP[1].xxxx\n"},
    {"SAMPLE_INFO", "FRAG", kViews, "SAMPLE_INFO TEMP[0], SVIEW[0], TEMP[1].xxxx\n"},
    {"SAMP2HND", "FRAG", kViews, "SAMP2HND TEMP[0].xy, SAMP[0], 2D\n"},
    {"IMG2HND", "FRAG", kFrag, "IMG2HND TEMP[0].xy, TEMP[1]\n"},
    {"DFRACEXP", "COMP", "", "DFRACEXP TEMP[0].xy, TEMP[1].x, TEMP[2].xyxy\n"},
};

std::string row_shader(const RefusedRow& row) {
  return std::string(row.stage) + "\n" + row.decls + "DCL TEMP[0..2]\n" + row.instruction +
         "END\n";
}

// 1-based line of the row's instruction.
size_t instruction_line(const RefusedRow& row) {
  const std::string before = std::string(row.stage) + "\n" + row.decls + "DCL TEMP[0..2]\n";
  return static_cast<size_t>(std::count(before.begin(), before.end(), '\n')) + 1;
}

std::string first_word(const char* s) {
  const std::string text(s);
  return text.substr(0, text.find(' '));
}

void PrintTo(const RefusedRow& row, std::ostream* os) { *os << row.opcodes; }

class RefusedOpcode : public ::testing::TestWithParam<RefusedRow> {};

TEST_P(RefusedOpcode, MessageNamesTheOpcodeAndItsLine) {
  const RefusedRow& row = GetParam();
  std::string error;
  const TranslatedShader t = translate_text(row_shader(row), &error);
  EXPECT_TRUE(t.glsl.empty());
  const std::string where = "translate: " + std::to_string(instruction_line(row)) + ":1: ";
  EXPECT_EQ(error.rfind(where, 0), 0u) << error << " (wanted the parser's acceptance and " << where
                                       << ")";
  EXPECT_NE(error.find(first_word(row.opcodes)), std::string::npos) << error;
}

INSTANTIATE_TEST_SUITE_P(EveryRefusedOpcode, RefusedOpcode, ::testing::ValuesIn(kRows));

// Image and hardware atomic counter uses the translator cannot express are refused at the
// instruction (the working ones run in image_emit_test.cc and atomic_counter_emit_test.cc).
struct RefusedResource {
  const char* name;
  const char* declaration;
  const char* use;
};
const RefusedResource kResources[] = {
    {"declared without a format", "DCL IMAGE[0], 2D, PIPE_FORMAT_NONE, WR\n",
     "LOAD TEMP[0], IMAGE[0], TEMP[1], 2D, PIPE_FORMAT_NONE\n"},
    {"ATOMFADD on HWATOMIC is not supported", "DCL HWATOMIC[0][0]\n",
     "ATOMFADD TEMP[0].x, HWATOMIC[0][0], TEMP[1].xxxx, TEMP[1].xxxx\n"},
};

TEST(RefusedResources, MessageNamesTheInstructionLine) {
  for (const RefusedResource& r : kResources) {
    std::string error;
    const std::string text =
        std::string("COMP\nDCL TEMP[0..1]\n") + r.declaration + r.use + "END\n";
    const TranslatedShader t = translate_text(text, &error);
    EXPECT_TRUE(t.glsl.empty()) << r.name;
    EXPECT_EQ(error.rfind("translate: 4:1: ", 0), 0u) << error;
    EXPECT_NE(error.find(r.name), std::string::npos) << error;
  }
}

}  // namespace

std::vector<CoveredOpcodes> refused_opcode_coverage() {
  std::vector<CoveredOpcodes> out;
  for (const RefusedRow& row : kRows) out.push_back({row.opcodes, Coverage::Refused, row_shader(row)});
  return out;
}

}  // namespace vgpu::shader::testing
