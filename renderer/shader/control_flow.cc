// Structured control flow, kills, geometry emission and barriers.  TGSI's IF/LOOP/SWITCH are
// already structured (the validator checked the nesting), so each opcode is one GLSL line.
#include <string>

#include "renderer/shader/instruction_emit.h"
#include "renderer/shader/linkage.h"
#include "renderer/shader/operands.h"

namespace vgpu::shader {
namespace {

using tgsi::Opcode;
using tgsi::OperandType;

// A CASE label must be a constant: TGSI gives it as an immediate.
bool case_value(Context& ctx, const tgsi::SrcOperand& src, std::string& out) {
  if (src.reg.file != tgsi::RegisterFile::Immediate || src.reg.indirect || src.reg.index < 0 ||
      static_cast<size_t>(src.reg.index) >= ctx.shader.immediates.size()) {
    ctx.fail(src.reg.where, "CASE needs an immediate operand");
    return false;
  }
  const auto& imm = ctx.shader.immediates[static_cast<size_t>(src.reg.index)];
  out = std::to_string(static_cast<int32_t>(imm.words[src.swizzle[0] & 3])) ;
  return true;
}

void close_block(Context& ctx) {
  --ctx.indent;
  ctx.line("}");
}

}  // namespace

bool emit_control_flow(Context& ctx, const tgsi::Instruction& inst) {
  switch (inst.opcode) {
    case Opcode::IF:
      ctx.line("if (" + fetch(ctx, inst.src[0], OperandType::F, 4) + ".x != 0.0) {");
      ++ctx.indent;
      return true;
    case Opcode::UIF:
      ctx.line("if (" + fetch(ctx, inst.src[0], OperandType::U, 4) + ".x != 0u) {");
      ++ctx.indent;
      return true;
    case Opcode::ELSE:
      --ctx.indent;
      ctx.line("} else {");
      ++ctx.indent;
      return true;
    case Opcode::ENDIF:
    case Opcode::ENDLOOP:
      close_block(ctx);
      return true;
    case Opcode::BGNLOOP:
      ctx.line("while (true) {");
      ++ctx.indent;
      return true;
    case Opcode::BRK:
      ctx.line("break;");
      return true;
    case Opcode::CONT:
      ctx.line("continue;");
      return true;
    case Opcode::SWITCH:
      ctx.line("switch (" + fetch(ctx, inst.src[0], OperandType::I, 4) + ".x) {");
      ctx.switch_has_label.push_back(false);
      ++ctx.indent;
      return true;
    case Opcode::CASE: {
      std::string value;
      if (!case_value(ctx, inst.src[0], value)) return true;
      --ctx.indent;
      ctx.line("case " + value + ":");
      ++ctx.indent;
      if (!ctx.switch_has_label.empty()) ctx.switch_has_label.back() = true;
      return true;
    }
    case Opcode::DEFAULT:
      --ctx.indent;
      ctx.line("default:");
      ++ctx.indent;
      if (!ctx.switch_has_label.empty()) ctx.switch_has_label.back() = true;
      return true;
    case Opcode::ENDSWITCH:
      // GLSL forbids a label with no statement before the closing brace.
      if (!ctx.switch_has_label.empty() && ctx.switch_has_label.back()) ctx.line("break;");
      if (!ctx.switch_has_label.empty()) ctx.switch_has_label.pop_back();
      close_block(ctx);
      return true;
    case Opcode::KILL:
    case Opcode::DEMOTE:
      ctx.line("discard;");
      return true;
    case Opcode::KILL_IF:
      ctx.line("if (any(lessThan(" + fetch(ctx, inst.src[0], OperandType::F, 4) +
               ", vec4(0.0)))) discard;");
      return true;
    case Opcode::RET:
      emit_epilogue(ctx, false);
      ctx.line("return;");
      return true;
    case Opcode::END:
      emit_epilogue(ctx, false);
      ctx.ended = true;
      return true;
    case Opcode::NOP:
      return true;
    case Opcode::EMIT:
    case Opcode::ENDPRIM: {
      std::string stream = "0";
      case_value(ctx, inst.src[0], stream);
      const bool emit = inst.opcode == Opcode::EMIT;
      if (emit) emit_epilogue(ctx, true);
      const char* call = emit ? "EmitStreamVertex(" : "EndStreamPrimitive(";
      ctx.line(stream == "0" ? std::string(emit ? "EmitVertex();" : "EndPrimitive();")
                             : call + stream + ");");
      return true;
    }
    case Opcode::BARRIER:
      ctx.line("barrier();");
      return true;
    case Opcode::MEMBAR:
      ctx.line("memoryBarrier();");
      if (ctx.shader.stage == tgsi::Stage::Compute) ctx.line("memoryBarrierShared();");
      return true;
    case Opcode::BGNSUB:
    case Opcode::ENDSUB:
    case Opcode::CAL:
      ctx.fail(inst.where, "subroutines (BGNSUB/CAL) are not supported");
      return true;
    default:
      return false;
  }
}

}  // namespace vgpu::shader
