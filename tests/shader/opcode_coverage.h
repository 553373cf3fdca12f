// Which TGSI opcodes each table-driven test file exercises, so opcode_coverage_test.cc can
// prove that every opcode of decoder/tgsi/opcodes.def is tested: either by a row of
// renderer/shader/alu_ops.def (alu_emit_test.cc runs them all) or by a row listed here.
// Each file builds its list from the very table its parameterised test runs, so a row cannot
// be counted without being tested.
#pragma once

#include <string>
#include <vector>

namespace vgpu::shader::testing {

enum class Coverage {
  Runs,      // translated, compiled, run on llvmpipe, numeric result checked
  Compiles,  // translated and compiled / linked on llvmpipe only
  Refused,   // the translator refuses it; the test asserts the message names opcode and line
};

struct CoveredOpcodes {
  std::string opcodes;  // space-separated TGSI opcode names the row checks
  Coverage how;
  std::string tgsi;     // the row's shader: the completeness test checks the opcodes are in it
};

// One per test file; each returns the rows of that file's tables.
std::vector<CoveredOpcodes> texture_opcode_coverage();       // texture_emit_test.cc
std::vector<CoveredOpcodes> control_flow_opcode_coverage();  // control_flow_test.cc
std::vector<CoveredOpcodes> memory_opcode_coverage();        // memory_emit_test.cc
std::vector<CoveredOpcodes> stage_opcode_coverage();         // stage_layout_test.cc
std::vector<CoveredOpcodes> refused_opcode_coverage();       // refused_opcodes_test.cc
std::vector<CoveredOpcodes> interpolate_opcode_coverage();   // interpolate_emit_test.cc

}  // namespace vgpu::shader::testing
