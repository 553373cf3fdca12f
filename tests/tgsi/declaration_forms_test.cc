// Every DCL, IMM and PROPERTY form, driven by the tables rather than written out by hand.
#include <gtest/gtest.h>

#include <string>

#include "tests/tgsi/tgsi_test_util.h"

namespace vgpu::tgsi {
namespace {

using testing::parse_ok;

TEST(TgsiDeclarationForms, EverySemanticWithIndexAndInterpolation) {
  for (uint8_t i = 0; i < kSemanticCount; ++i) {
    const auto sem = static_cast<Semantic>(i);
    const std::string text = "FRAG\nDCL IN[3].xz, " + std::string(semantic_name(sem)) + "[7], LINEAR, CENTROID\n";
    const Shader s = parse_ok(text);
    ASSERT_EQ(s.declarations.size(), 1u) << text;
    const Declaration& d = s.declarations[0];
    EXPECT_EQ(d.semantic, sem) << text;
    EXPECT_EQ(d.semantic_index, 7u);
    EXPECT_EQ(d.usage_mask, 0x5);
    EXPECT_EQ(d.interpolation, Interpolation::Linear);
    EXPECT_EQ(d.location, InterpolationLocation::Centroid);
  }
}

TEST(TgsiDeclarationForms, EveryTextureTargetAndReturnType) {
  for (uint8_t t = 0; t < kTextureTargetCount; ++t) {
    for (uint8_t r = 0; r < 5; ++r) {
      const std::string text = "FRAG\nDCL SVIEW[2], " + std::string(texture_name(static_cast<TextureTarget>(t))) +
                               ", " + std::string(return_type_name(static_cast<ReturnType>(r))) + "\n";
      const Shader s = parse_ok(text);
      ASSERT_EQ(s.declarations.size(), 1u) << text;
      EXPECT_EQ(static_cast<uint8_t>(s.declarations[0].texture), t);
      EXPECT_EQ(static_cast<uint8_t>(s.declarations[0].return_types[3]), r);
    }
  }
}

TEST(TgsiDeclarationForms, FileQualifiers) {
  const Shader s = parse_ok(
      "GEOM\nDCL IN[][0..2], POSITION\nDCL OUT[1], GENERIC[0], STREAM(1, 2, 3, 0)\nDCL TEMP[0..3], ARRAY(5), LOCAL\n"
      "DCL OUT[0], POSITION, INVARIANT\nDCL BUFFER[0], ATOMIC\nDCL MEMORY[0], PRIVATE\nDCL IMAGE[1], 3D, PIPE_FORMAT_R8_UNORM, RAW\n"
      "DCL HWATOMIC[2][0..7]\nDCL SV[0], PRIM_ID\n");
  ASSERT_EQ(s.declarations.size(), 9u);
  EXPECT_TRUE(s.declarations[0].per_vertex);
  EXPECT_EQ(s.declarations[0].last, 2u);
  EXPECT_EQ(s.declarations[1].streams, (std::array<uint8_t, 4>{1, 2, 3, 0}));
  EXPECT_EQ(s.declarations[2].array_id, 5u);
  EXPECT_TRUE(s.declarations[2].local);
  EXPECT_TRUE(s.declarations[3].invariant);
  EXPECT_TRUE(s.declarations[4].buffer_atomic);
  EXPECT_EQ(s.declarations[5].memory_type, MemoryType::Private);
  EXPECT_TRUE(s.declarations[6].image_raw);
  EXPECT_FALSE(s.declarations[6].image_writable);
  EXPECT_EQ(s.declarations[6].texture, TextureTarget::Tex3D);
  EXPECT_TRUE(s.declarations[7].has_dimension);
  EXPECT_EQ(s.declarations[7].dimension, 2u);
  EXPECT_EQ(s.declarations[8].semantic, Semantic::PRIM_ID);
}

TEST(TgsiDeclarationForms, BadQualifiersAreNamed) {
  EXPECT_EQ(testing::first_error("FRAG\nDCL TEMP[0], GENERIC[1]\n"),
            "2:14: 'GENERIC' is not a qualifier of a TEMP declaration");
  EXPECT_EQ(testing::first_error("FRAG\nDCL IMM[0]\n"), "2:5: 'IMM' is not a register file a DCL can declare");
  EXPECT_EQ(testing::first_error("FRAG\nDCL TEMP[3..1]\n"), "2:1: declared range TEMP[3..1] is empty");
  EXPECT_EQ(testing::first_error("FRAG\nDCL TEMP[0], ARRAY(0)\n"), "2:14: array ids start at 1");
}

TEST(TgsiImmediateForms, EveryTypeKeepsItsRawWords) {
  const Shader s = parse_ok(
      "VERT\nIMM[0] FLT32 {0x3f800000, 1.5, -2.0, 0x00000000}\nIMM[1] UINT32 {4294967295, 0, 1, 2}\n"
      "IMM[2] INT32 {-2147483648, 2147483647, -1, 0}\nIMM[3] FLT64 {1.00000000, -0.50000000}\n"
      "IMM[4] UINT64 {18446744073709551615, 1}\nIMM[5] INT64 {-1, 9223372036854775807}\n");
  ASSERT_EQ(s.immediates.size(), 6u);
  EXPECT_EQ(s.immediates[0].words, (std::array<uint32_t, 4>{0x3f800000u, 0x3fc00000u, 0xc0000000u, 0u}));
  EXPECT_EQ(s.immediates[1].words[0], 0xFFFFFFFFu);
  EXPECT_EQ(s.immediates[2].words[0], 0x80000000u);
  EXPECT_EQ(s.immediates[3].words, (std::array<uint32_t, 4>{0u, 0x3ff00000u, 0u, 0xbfe00000u}));
  EXPECT_EQ(s.immediates[4].word_count, 4);
  EXPECT_EQ(s.immediates[4].words[1], 0xFFFFFFFFu);
  EXPECT_EQ(s.immediates[5].words, (std::array<uint32_t, 4>{0xFFFFFFFFu, 0xFFFFFFFFu, 0xFFFFFFFFu, 0x7FFFFFFFu}));
}

TEST(TgsiImmediateForms, BadValuesAndOrder) {
  EXPECT_EQ(testing::first_error("VERT\nIMM[0] UINT32 {4294967296}\n"), "2:16: '4294967296' is not a UINT32 value");
  EXPECT_EQ(testing::first_error("VERT\nIMM[1] FLT32 {1.0}\n"),
            "2:5: IMM[1] out of order: the next immediate is IMM[0]");
  EXPECT_EQ(testing::first_error("VERT\nIMM[0] FLT64 {1.0, 2.0, 3.0}\n"), "2:25: an immediate holds at most 2 values");
}

TEST(TgsiPropertyForms, EveryPropertyTakesANumberAndNamedValuesByName) {
  for (uint8_t i = 0; i < kPropertyCount; ++i) {
    const auto id = static_cast<PropertyId>(i);
    const Shader s = parse_ok("GEOM\nPROPERTY " + std::string(property_name(id)) + " 1\n");
    ASSERT_EQ(s.properties.size(), 1u);
    EXPECT_EQ(s.properties[0].id, id);
    EXPECT_EQ(s.properties[0].value, 1u);
  }
  const Shader s = parse_ok(
      "FRAG\nPROPERTY GS_INPUT_PRIMITIVE TRIANGLES_ADJACENCY\nPROPERTY FS_COORD_ORIGIN LOWER_LEFT\n"
      "PROPERTY FS_COORD_PIXEL_CENTER INTEGER\nPROPERTY NEXT_SHADER GEOM\n");
  EXPECT_EQ(s.properties[0].value, 12u);
  EXPECT_EQ(s.properties[1].value, 1u);
  EXPECT_EQ(s.properties[2].value, 1u);
  EXPECT_EQ(s.properties[3].value, static_cast<uint32_t>(Stage::Geometry));
  EXPECT_EQ(testing::first_error("FRAG\nPROPERTY FS_COORD_ORIGIN SIDEWAYS\n"),
            "2:26: 'SIDEWAYS' is not a value of FS_COORD_ORIGIN");
}

TEST(TgsiStageHeaders, EveryStage) {
  for (uint8_t i = 0; i < 6; ++i) {
    const Shader s = parse_ok(std::string(stage_name(static_cast<Stage>(i))) + "\nEND\n");
    EXPECT_EQ(static_cast<uint8_t>(s.stage), i);
  }
}

}  // namespace
}  // namespace vgpu::tgsi
