#include "decoder/tgsi/parser.h"

#include <gtest/gtest.h>

#include "tests/tgsi/tgsi_test_util.h"

namespace vgpu::tgsi {
namespace {

using testing::parse_ok;

constexpr std::string_view kTracedFragmentShader = R"(FRAG
DCL IN[0].xy, GENERIC[0], PERSPECTIVE
DCL OUT[0], COLOR
DCL SAMP[0]
DCL SVIEW[0], 2D, FLOAT
DCL CONST[0]
DCL TEMP[0]
DCL TEMP[1..4]
IMM[0] UINT32 {1056964608, 0, 1065353216, 0}
  0: MOV TEMP[0].xyz, IN[0].xyxy
  1: MOV TEMP[0].w, CONST[0].xxxx
  2: TXL OUT[0], TEMP[0], SAMP[0], 2D
  3: END
)";

TEST(TgsiParser, TracedFragmentShaderIsReadCompletely) {
  const Shader s = parse_ok(kTracedFragmentShader);
  EXPECT_EQ(s.stage, Stage::Fragment);
  ASSERT_EQ(s.declarations.size(), 7u);
  const Declaration& in = s.declarations[0];
  EXPECT_EQ(in.file, RegisterFile::Input);
  EXPECT_EQ(in.usage_mask, 0x3);
  EXPECT_TRUE(in.has_semantic);
  EXPECT_EQ(in.semantic, Semantic::GENERIC);
  EXPECT_TRUE(in.has_interpolation);
  EXPECT_EQ(in.interpolation, Interpolation::Perspective);
  EXPECT_EQ(s.declarations[3].texture, TextureTarget::Tex2D);
  EXPECT_EQ(s.declarations[3].return_types[3], ReturnType::Float);
  EXPECT_EQ(s.declarations[6].first, 1u);
  EXPECT_EQ(s.declarations[6].last, 4u);
  EXPECT_EQ(s.range_of(RegisterFile::Temporary).highest, 4u);
  ASSERT_EQ(s.immediates.size(), 1u);
  EXPECT_EQ(s.immediates[0].type, ImmediateType::Uint32);
  EXPECT_EQ(s.immediates[0].words[0], 1056964608u);
  EXPECT_EQ(s.immediates[0].word_count, 4);
  ASSERT_EQ(s.instructions.size(), 4u);
  const Instruction& mov = s.instructions[0];
  EXPECT_EQ(mov.opcode, Opcode::MOV);
  EXPECT_EQ(mov.dst[0].write_mask, 0x7);
  EXPECT_EQ(mov.src[0].swizzle, (std::array<uint8_t, 4>{kX, kY, kX, kY}));
  EXPECT_EQ(mov.where.line, 10u);
  EXPECT_EQ(mov.where.column, 6u);
  const Instruction& txl = s.instructions[2];
  EXPECT_EQ(txl.opcode, Opcode::TXL);
  EXPECT_TRUE(txl.has_texture);
  EXPECT_EQ(txl.texture, TextureTarget::Tex2D);
  EXPECT_EQ(txl.src[1].reg.file, RegisterFile::Sampler);
  EXPECT_EQ(testing::first_error(kTracedFragmentShader), "");
}

TEST(TgsiParser, OperandModifiersIndirectAnd2D) {
  const Shader s = parse_ok(
      "VERT\nDCL TEMP[0..7], ARRAY(1)\nDCL ADDR[0]\nDCL CONST[1][0..3]\n"
      "MOV_SAT TEMP[1].xw, -|TEMP[ADDR[0].x+3](1).wzyx|\n"
      "ADD TEMP[2], CONST[1][2].x, -CONST[ADDR[0].y-1](ARRAY(2))\n"
      "MOV TEMP[3], CONST[ADDR[0].z][1]\nEND\n");
  ASSERT_EQ(s.instructions.size(), 4u);
  const Instruction& mov = s.instructions[0];
  EXPECT_TRUE(mov.saturate);
  EXPECT_EQ(mov.dst[0].write_mask, 0x9);
  const SrcOperand& a = mov.src[0];
  EXPECT_TRUE(a.negate);
  EXPECT_TRUE(a.absolute);
  EXPECT_TRUE(a.reg.indirect);
  EXPECT_EQ(a.reg.address.file, RegisterFile::Address);
  EXPECT_EQ(a.reg.address.component, kX);
  EXPECT_EQ(a.reg.address.array_id, 1u);
  EXPECT_EQ(a.reg.index, 3);
  EXPECT_EQ(a.swizzle, (std::array<uint8_t, 4>{kW, kZ, kY, kX}));
  const SrcOperand& c = s.instructions[1].src[0];
  EXPECT_TRUE(c.reg.dimension.present);
  EXPECT_EQ(c.reg.dimension.index, 1);
  EXPECT_EQ(c.reg.index, 2);
  EXPECT_EQ(c.swizzle, (std::array<uint8_t, 4>{kX, kX, kX, kX}));
  const SrcOperand& d = s.instructions[1].src[1];
  EXPECT_EQ(d.reg.index, -1);
  EXPECT_EQ(d.reg.address.array_id, 2u);
  const SrcOperand& e = s.instructions[2].src[0];
  EXPECT_TRUE(e.reg.dimension.indirect);
  EXPECT_EQ(e.reg.dimension.address.component, kZ);
  EXPECT_EQ(e.reg.index, 1);
}

TEST(TgsiParser, InstructionNumbersLabelsAndPrecise) {
  const Shader s = parse_ok(
      "FRAG\nDCL TEMP[0]\n  0: UIF TEMP[0].xxxx :2\n  1: ELSE :3\n  2: ENDIF\n"
      "  3: MUL_SAT_PRECISE TEMP[0], TEMP[0], TEMP[0]\n  4: END\n");
  ASSERT_EQ(s.instructions.size(), 5u);
  EXPECT_TRUE(s.instructions[0].has_label);
  EXPECT_EQ(s.instructions[0].label, 2u);
  EXPECT_EQ(s.instructions[1].label, 3u);
  EXPECT_TRUE(s.instructions[3].saturate);
  EXPECT_TRUE(s.instructions[3].precise);
}

TEST(TgsiParser, TextureOffsetsAndMemoryQualifiers) {
  const Shader s = parse_ok(
      "COMP\nDCL TEMP[0]\nDCL SAMP[0]\nDCL IMAGE[0], 2D, PIPE_FORMAT_R32_UINT, WR\nDCL BUFFER[0]\n"
      "IMM[0] INT32 {1, -2, 0, 0}\n"
      "TEX TEMP[0], TEMP[0], SAMP[0], 2D, IMM[0].xyy\n"
      "LOAD TEMP[0], IMAGE[0], TEMP[0], COHERENT, VOLATILE, 2D, PIPE_FORMAT_R32_UINT\n"
      "ATOMUADD TEMP[0].x, BUFFER[0], TEMP[0].xxxx, TEMP[0].yyyy, RESTRICT\nEND\n");
  const Instruction& tex = s.instructions[0];
  ASSERT_EQ(tex.offset_count, 1);
  EXPECT_EQ(tex.offsets[0].file, RegisterFile::Immediate);
  EXPECT_EQ(tex.offsets[0].swizzle, (std::array<uint8_t, 3>{kX, kY, kY}));
  const Instruction& load = s.instructions[1];
  EXPECT_EQ(load.memory_qualifiers, (1u << 0) | (1u << 2));
  EXPECT_TRUE(load.has_memory_texture);
  EXPECT_EQ(load.memory_texture, TextureTarget::Tex2D);
  EXPECT_NE(load.memory_format, 0u);
  EXPECT_EQ(load.memory_format, s.declarations[2].image_format);
  EXPECT_TRUE(s.declarations[2].image_writable);
  EXPECT_EQ(s.instructions[2].memory_qualifiers, 1u << 1);
  EXPECT_EQ(s.immediates[0].words[1], 0xFFFFFFFEu);
}

// Every opcode of the table, written with the operand counts and kinds the table gives.
std::string instruction_for(const OpcodeInfo& info) {
  std::string line(info.name);
  const bool store = info.name == "STORE";
  for (uint8_t i = 0; i < info.dsts; ++i) line += i == 0 ? (store ? " BUFFER[0]" : " TEMP[0]") : ", TEMP[1]";
  for (uint8_t i = 0; i < info.srcs; ++i) {
    line += (i == 0 && info.dsts == 0) ? " " : ", ";
    const bool last = i + 1 == info.srcs;
    if (info.kind == OpcodeKind::tex && last) {
      line += "SAMP[0]";
    } else if (info.kind == OpcodeKind::sample && i == 1) {
      line += "SVIEW[0]";
    } else if (info.kind == OpcodeKind::sample && i == 2) {
      line += "SAMP[0]";
    } else if (info.kind == OpcodeKind::memory && i == 0 && !store) {
      line += "BUFFER[0]";
    } else {
      line += "TEMP[2].xyzw";
    }
  }
  if (info.kind == OpcodeKind::tex) line += ", 2D";
  return line;
}

TEST(TgsiParser, EveryOpcodeOfTheTableParsesWithItsOperands) {
  int checked = 0;
  for (uint16_t id = 0; id < kOpcodeLimit; ++id) {
    const OpcodeInfo* info = opcode_info(static_cast<Opcode>(id));
    if (info == nullptr) continue;
    const std::string text = "FRAG\n" + instruction_for(*info) + "\n";
    const Shader s = parse_ok(text);
    ASSERT_EQ(s.instructions.size(), 1u) << text;
    EXPECT_EQ(static_cast<uint16_t>(s.instructions[0].opcode), id) << text;
    EXPECT_EQ(s.instructions[0].dst_count, info->dsts) << text;
    EXPECT_EQ(s.instructions[0].src_count, info->srcs) << text;
    ++checked;
  }
  EXPECT_EQ(checked, 244);  // 252 ids less the 8 gaps Mesa 22.3 keeps
}

TEST(TgsiParser, EveryNonControlOpcodeValidatesInAShader) {
  for (uint16_t id = 0; id < kOpcodeLimit; ++id) {
    const OpcodeInfo* info = opcode_info(static_cast<Opcode>(id));
    if (info == nullptr) continue;
    switch (info->kind) {
      case OpcodeKind::plain: case OpcodeKind::tex: case OpcodeKind::sample: case OpcodeKind::memory: break;
      default: continue;
    }
    const std::string text =
        "FRAG\nDCL TEMP[0..2]\nDCL SAMP[0]\nDCL SVIEW[0], 2D, FLOAT\nDCL BUFFER[0]\n" + instruction_for(*info) +
        "\nEND\n";
    EXPECT_EQ(testing::first_error(text), "") << text;
  }
}

TEST(TgsiParser, WrongOperandCountIsReportedAtTheOperand) {
  EXPECT_EQ(testing::first_error("VERT\nDCL TEMP[0]\nADD TEMP[0], TEMP[0]\nEND\n"),
            "4:1: expected ',' between operands");
  EXPECT_EQ(testing::first_error("VERT\nDCL TEMP[0]\nMOV TEMP[0], TEMP[0], TEMP[0]\nEND\n"),
            "3:21: MOV takes 1 destination and 1 source operands");
}

TEST(TgsiParser, SyntaxErrorsCarryLineAndColumn) {
  EXPECT_EQ(testing::first_error("PIXEL\n"), "1:1: expected a shader stage (VERT, TESS_CTRL, TESS_EVAL, GEOM, FRAG, COMP), found 'PIXEL'");
  EXPECT_EQ(testing::first_error("FRAG\nFOO TEMP[0]\n"), "2:1: unknown opcode 'FOO'");
  EXPECT_EQ(testing::first_error("FRAG\nMOV TEMP[0], BOGUS[1]\n"), "2:14: unknown register file 'BOGUS'");
  EXPECT_EQ(testing::first_error("FRAG\nMOV TEMP[0].xx, TEMP[0]\n"), "2:13: bad write mask 'xx' (a subset of xyzw, in order)");
  EXPECT_EQ(testing::first_error("FRAG\nMOV TEMP[0], TEMP[0].xy\n"), "2:22: bad swizzle 'xy' (one or four of x, y, z, w)");
  EXPECT_EQ(testing::first_error("FRAG\nMOV TEMP[0], |TEMP[0]\nEND\n"), "3:1: expected '|' to close the absolute value");
  EXPECT_EQ(testing::first_error("FRAG\nMOV TEMP[70000], TEMP[0]\n"), "2:10: a register index 70000 is over the limit of 65535");
  EXPECT_EQ(testing::first_error("FRAG\n 3 MOV\n"), "2:2: an instruction number must be followed by ':'");
  EXPECT_EQ(testing::first_error("FRAG\n$\n"), "2:1: unexpected character '$'");
  EXPECT_EQ(testing::first_error("FRAG\nTEX TEMP[0], TEMP[0], SAMP[0], 9D\n"),
            "2:32: expected a texture target after TEX's operands, found '9D'");
}

TEST(TgsiParser, LimitsAreEnforcedBeforeStoring) {
  Limits limits;
  limits.max_instructions = 2;
  const ParseResult r = parse("FRAG\nNOP\nNOP\nNOP\n", limits);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error.to_string(), "4:1: more than 2 instructions");
  EXPECT_TRUE(r.shader.instructions.empty());
  limits = Limits{};
  limits.max_text_bytes = 4;
  EXPECT_EQ(parse("FRAG\n", limits).error.to_string(), "1:1: shader text of 5 bytes is over the limit of 4");
}

}  // namespace
}  // namespace vgpu::tgsi
