// Completeness: every opcode of the TGSI table (decoder/tgsi/opcodes.def) has a test, either a
// row of alu_ops.def (alu_emit_test.cc runs each) or a row of one of the opcode tables listed in
// opcode_coverage.h.  A new opcode in opcodes.def fails this test until someone tests it.
#include <gtest/gtest.h>

#include <iostream>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "decoder/tgsi/ir.h"
#include "decoder/tgsi/validator.h"
#include "tests/shader/opcode_coverage.h"

namespace vgpu::shader::testing {
namespace {

const char* const kAllOpcodes[] = {
#define VGPU_TGSI_OPCODE(id, NAME, dsts, srcs, dst_type, src_type, kind) #NAME,
#define VGPU_TGSI_OPCODE_GAP(id)
#include "decoder/tgsi/opcodes.def"
#undef VGPU_TGSI_OPCODE_GAP
#undef VGPU_TGSI_OPCODE
};

const char* const kAluOpcodes[] = {
#define VGPU_GLSL_ALU(NAME, srcs, glsl) #NAME,
#include "renderer/shader/alu_ops.def"
#undef VGPU_GLSL_ALU
};

std::vector<CoveredOpcodes> all_rows() {
  std::vector<CoveredOpcodes> rows;
  for (auto list : {texture_opcode_coverage(), control_flow_opcode_coverage(),
                    memory_opcode_coverage(), stage_opcode_coverage(), refused_opcode_coverage(),
                    interpolate_opcode_coverage()}) {
    rows.insert(rows.end(), list.begin(), list.end());
  }
  return rows;
}

std::vector<std::string> words(const std::string& s) {
  std::vector<std::string> out;
  size_t start = 0;
  while (start < s.size()) {
    const size_t end = s.find(' ', start);
    out.push_back(s.substr(start, end - start));
    if (end == std::string::npos) break;
    start = end + 1;
  }
  return out;
}

TEST(OpcodeCoverage, EveryRowContainsTheOpcodesItClaims) {
  for (const CoveredOpcodes& row : all_rows()) {
    const tgsi::CheckedShader checked = tgsi::parse_and_validate(row.tgsi);
    ASSERT_TRUE(checked.ok()) << checked.error.to_string() << "\n" << row.tgsi;
    std::set<std::string> present;
    for (const tgsi::Instruction& inst : checked.shader.instructions) {
      if (const tgsi::OpcodeInfo* info = tgsi::opcode_info(inst.opcode)) present.emplace(info->name);
    }
    for (const std::string& op : words(row.opcodes)) {
      EXPECT_TRUE(present.count(op)) << op << " is claimed but absent from\n" << row.tgsi;
    }
  }
}

TEST(OpcodeCoverage, EveryTgsiOpcodeHasATest) {
  std::map<std::string, std::set<Coverage>> covered;
  for (const CoveredOpcodes& row : all_rows()) {
    for (const std::string& op : words(row.opcodes)) covered[op].insert(row.how);
  }
  const std::set<std::string> alu(std::begin(kAluOpcodes), std::end(kAluOpcodes));
  std::map<std::string, int> counts;
  for (const char* op : kAllOpcodes) {
    const bool is_alu = alu.count(op) > 0;
    const auto it = covered.find(op);
    EXPECT_TRUE(is_alu || it != covered.end()) << op << " has no test";
    if (it != covered.end()) {
      // A refused opcode cannot also run; an ALU row is never refused.
      EXPECT_FALSE(it->second.count(Coverage::Refused) && (is_alu || it->second.size() > 1)) << op;
    }
    const char* how = is_alu ? "alu (runs)"
                      : it == covered.end()                    ? "none"
                      : it->second.count(Coverage::Runs)       ? "runs"
                      : it->second.count(Coverage::Compiles)   ? "compiles"
                                                               : "refused";
    ++counts[how];
  }
  std::cout << "opcodes: " << std::size(kAllOpcodes);
  for (const auto& [how, n] : counts) std::cout << ", " << how << " " << n;
  std::cout << "\n";
}

}  // namespace
}  // namespace vgpu::shader::testing
