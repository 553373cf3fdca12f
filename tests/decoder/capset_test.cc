// decode_capset: what `vgpu-trace caps` prints is read from the bytes by the capset.def layout.
#include "decoder/capset.h"

#include <gtest/gtest.h>

#include <cstring>
#include <string>
#include <vector>

namespace vgpu::virgl {
namespace {

std::vector<uint8_t> bytes_of(const CapsV2& caps, size_t size) {
  std::vector<uint8_t> out(size);
  std::memcpy(out.data(), &caps, size);
  return out;
}

std::string value_of(const DecodedCapset& d, const std::string& name) {
  for (const auto& f : d.fields) {
    if (f.name == name) return f.value;
  }
  return "<missing " + name + ">";
}

CapsV2 sample_caps() {
  CapsV2 caps;
  caps.v1.max_version = 2;
  caps.v1.glsl_level = 450;
  caps.v1.bset = (1u << 0) | (1u << 4) | (1u << 31);
  caps.v1.sampler[0] = (1u << 1) | (1u << 2);  // B8G8R8A8_UNORM, B8G8R8X8_UNORM
  caps.min_texel_offset = -8;
  caps.max_aliased_point_size = 255.5f;
  caps.capability_bits = (1u << 7) | (1u << 17);
  caps.capability_bits_v2 = 1u << 4;
  caps.max_compute_grid_size = {65535, 1, 2};
  std::memcpy(caps.renderer.data(), "host gl", 7);
  return caps;
}

TEST(CapsetTest, DecodesEveryKindOfFieldByName) {
  const DecodedCapset d = decode_capset(bytes_of(sample_caps(), sizeof(CapsV2)));
  EXPECT_EQ(d.truncated_at, 0u);
  EXPECT_EQ(value_of(d, "v1.glsl_level"), "450");
  EXPECT_EQ(value_of(d, "v1.bset"),
            "indep_blend_enable conditional_render transform_feedback_overflow_query");
  EXPECT_EQ(value_of(d, "v1.sampler"), "2 formats: B8G8R8A8_UNORM B8G8R8X8_UNORM");
  EXPECT_EQ(value_of(d, "v1.render"), "0 formats");
  EXPECT_EQ(value_of(d, "min_texel_offset"), "-8");
  EXPECT_EQ(value_of(d, "max_aliased_point_size"), "255.5");
  EXPECT_EQ(value_of(d, "capability_bits"), "COMPUTE_SHADER TRANSFER");
  EXPECT_EQ(value_of(d, "capability_bits_v2"), "STRING_MARKER");
  EXPECT_EQ(value_of(d, "max_compute_grid_size"), "[65535, 1, 2]");
  EXPECT_EQ(value_of(d, "video_caps"), "[0 x 128]");
  EXPECT_EQ(value_of(d, "renderer"), "\"host gl\"");
  EXPECT_EQ(value_of(d, "max_tes_outputs"), "0");
}

TEST(CapsetTest, CapsetOneHasOnlyTheV1Fields) {
  const DecodedCapset d = decode_capset(bytes_of(sample_caps(), sizeof(CapsV1)));
  EXPECT_EQ(d.truncated_at, 0u);
  EXPECT_EQ(d.fields.back().name, "v1.max_texture_gather_components");
  EXPECT_EQ(value_of(d, "min_texel_offset"), "<missing min_texel_offset>");
}

TEST(CapsetTest, AnOlderHostsShorterCapsetEndsAfterRenderer) {
  const DecodedCapset d = decode_capset(bytes_of(sample_caps(), kCapsV2RendererEnd));
  EXPECT_EQ(d.truncated_at, 0u);
  EXPECT_EQ(d.fields.back().name, "renderer");
}

TEST(CapsetTest, APartialFieldIsReportedWhereItStarts) {
  const DecodedCapset d = decode_capset(bytes_of(sample_caps(), sizeof(CapsV1) + 6));
  EXPECT_EQ(d.fields.back().name, "min_aliased_point_size");  // bytes 308..311
  EXPECT_EQ(d.truncated_at, sizeof(CapsV1) + 4);
}

TEST(CapsetTest, UnassignedFlagsPrintTheirBitNumber) {
  CapsV2 caps;
  caps.capability_bits_v2 = 1u << 30;
  const DecodedCapset d = decode_capset(bytes_of(caps, sizeof(CapsV2)));
  EXPECT_EQ(value_of(d, "capability_bits_v2"), "bit30");
  EXPECT_EQ(value_of(d, "capability_bits"), "(none)");
}

}  // namespace
}  // namespace vgpu::virgl
