// Every texture opcode (kind "tex" in opcodes.def) translated, compiled and run in a fragment
// shader on llvmpipe, sampling real GL textures whose texels are known, over a 4x4 window so the
// level of detail follows from how fast the coordinates move per pixel.  The expected values are
// computed from the texel formula below, never written out by hand.
#include <gtest/gtest.h>

#include <algorithm>
#include <array>
#include <bit>
#include <cmath>
#include <string>
#include <vector>

#include "tests/shader/gl_fixture.h"
#include "tests/shader/opcode_coverage.h"
#include "tests/shader/shader_test_util.h"

namespace vgpu::shader::testing {
namespace {

constexpr int kWindow = 4;  // window and level-0 size of the 2D textures
using Vec4 = std::array<float, 4>;

// Colour texels: r encodes where the texel is, g is -r (so a gather of component 1 differs from
// one of component 0), b the level.  2D: place = 10 * y + x; cube arrays: layer * 6 + face.
Vec4 texel(int level, int place) {
  const float r = static_cast<float>(100 * level + place);
  return {r, -r, static_cast<float>(level), 1.0f};
}
Vec4 texel_2d(int level, int x, int y) {
  const int size = kWindow >> level;
  return texel(level, 10 * std::clamp(y, 0, size - 1) + std::clamp(x, 0, size - 1));
}
constexpr float kDepth = 0.5f;  // every depth texel; the tests compare against it with LEQUAL

enum class TextureKind { Color2D, ColorCubeArray, Depth2D, DepthCubeArray, Msaa2D };

struct TextureRow {
  const char* opcodes;  // what the row checks
  TextureKind texture;
  const char* sview;    // the SVIEW declaration's target
  const char* body;     // TEMP[1] = f(IN[0] = gl_FragCoord)
  Vec4 (*expected)(int x, int y);
  bool int_result = false;  // compare the words as int32 instead of floats
  uint8_t mask = 0xf;       // components to compare
  float tolerance = 0.0f;
};

constexpr const char* kImmediates =
    "IMM[0] FLT32 {0.25, 0.5, 2.0, 1.25}\n"
    "IMM[1] INT32 {0, 1, 2, 3}\n"
    "IMM[2] FLT32 {3.5, 0.0, 0.0, 0.0}\n"
    "IMM[3] FLT32 {1.0, 0.0, 0.0, 0.0}\n";

Vec4 ints(int a, int b, int c, int d) {
  return {std::bit_cast<float>(a), std::bit_cast<float>(b), std::bit_cast<float>(c),
          std::bit_cast<float>(d)};
}
Vec4 depth_test_passes(int x, int /*y*/) {
  // The compare value is (x + 0.5) / 4: at most kDepth for x < 2.
  const float pass = (static_cast<float>(x) + 0.5f) / 4.0f <= kDepth ? 1.0f : 0.0f;
  return {pass, pass, pass, pass};
}

const TextureRow kRows[] = {
    // Coordinates (x + 0.5) / 4 move one texel per pixel: level 0.
    {"TEX", TextureKind::Color2D, "2D",
     "MUL TEMP[0], IN[0], IMM[0].xxxx\nTEX TEMP[1], TEMP[0], SAMP[0], 2D\n",
     [](int x, int y) { return texel_2d(0, x, y); }},
    // Two texels per pixel would select level 1; TEX_LZ stays on level 0.
    {"TEX_LZ", TextureKind::Color2D, "2D",
     "MUL TEMP[0], IN[0], IMM[0].yyyy\nTEX_LZ TEMP[1], TEMP[0], SAMP[0], 2D\n",
     [](int x, int y) { return texel_2d(0, 2 * x + 1, 2 * y + 1); }},
    // (x + 0.5) / 2 divided by q = 2.
    {"TXP", TextureKind::Color2D, "2D",
     "MUL TEMP[0], IN[0], IMM[0].yyyy\nMOV TEMP[0].w, IMM[0].zzzz\n"
     "TXP TEMP[1], TEMP[0], SAMP[0], 2D\n",
     [](int x, int y) { return texel_2d(0, x, y); }},
    // Level 0 by derivatives, + bias 1.25: level 1.
    {"TXB", TextureKind::Color2D, "2D",
     "MUL TEMP[0], IN[0], IMM[0].xxxx\nMOV TEMP[0].w, IMM[0].wwww\n"
     "TXB TEMP[1], TEMP[0], SAMP[0], 2D\n",
     [](int x, int y) { return texel_2d(1, x / 2, y / 2); }},
    {"TXL", TextureKind::Color2D, "2D",
     "MUL TEMP[0], IN[0], IMM[0].xxxx\nMOV TEMP[0].w, IMM[0].zzzz\n"
     "TXL TEMP[1], TEMP[0], SAMP[0], 2D\n",
     [](int, int) { return texel_2d(2, 0, 0); }},
    // Explicit gradients of one whole texture per pixel (4 texels): level 2.
    {"TXD", TextureKind::Color2D, "2D",
     "MUL TEMP[0], IN[0], IMM[0].xxxx\nMOV TEMP[2], IMM[3].xyyy\nMOV TEMP[3], IMM[3].yxyy\n"
     "TXD TEMP[1], TEMP[0], TEMP[2], TEMP[3], SAMP[0], 2D\n",
     [](int, int) { return texel_2d(2, 0, 0); }},
    // Integer texel (x / 2, y / 2) of level 1.
    {"TXF", TextureKind::Color2D, "2D",
     "F2I TEMP[0].xy, IN[0]\nISHR TEMP[0].xy, TEMP[0], IMM[1].yyyy\n"
     "MOV TEMP[0].zw, IMM[1].xxxy\nTXF TEMP[1], TEMP[0], SAMP[0], 2D\n",
     [](int x, int y) { return texel_2d(1, x / 2, y / 2); }},
    {"TXF_LZ", TextureKind::Color2D, "2D",
     "F2I TEMP[0].xy, IN[0]\nTXF_LZ TEMP[1], TEMP[0], SAMP[0], 2D\n",
     [](int x, int y) { return texel_2d(0, x, y); }},
    // Size of level 1 and the level count.
    {"TXQ", TextureKind::Color2D, "2D", "TXQ TEMP[1], IMM[1].yyyy, SAMP[0], 2D\n",
     [](int, int) { return ints(2, 2, 0, 3); }, true},
    // The 2x2 footprint around texel corner (x + 1, y + 1) minus a half, component 1 (= -r):
    // order (x0, y1), (x1, y1), (x1, y0), (x0, y0).
    {"TG4", TextureKind::Color2D, "2D",
     "MUL TEMP[0], IN[0], IMM[0].xxxx\nTG4 TEMP[1], TEMP[0], IMM[1].yyyy, SAMP[0], 2D\n",
     [](int x, int y) {
       return Vec4{texel_2d(0, x, y + 1)[1], texel_2d(0, x + 1, y + 1)[1],
                   texel_2d(0, x + 1, y)[1], texel_2d(0, x, y)[1]};
     }},
    // Two texels per pixel: level 1, both as accessed and as computed.
    {"LODQ", TextureKind::Color2D, "2D",
     "MUL TEMP[0], IN[0], IMM[0].yyyy\nLODQ TEMP[1], TEMP[0], SAMP[0], 2D\n",
     [](int, int) { return Vec4{1.0f, 1.0f, 0.0f, 0.0f}; }, false, 0x3, 0.05f},
    {"TXQS", TextureKind::Msaa2D, "2D_MSAA", "TXQS TEMP[1], SAMP[0], 2D_MSAA\n",
     [](int, int) { return ints(4, 0, 0, 0); }, true, 0x1},
    // Cube arrays: direction +X (face 0) of layer 1.
    {"TXL2", TextureKind::ColorCubeArray, "CUBEARRAY",
     "MOV TEMP[0], IMM[3].xyyx\nMOV TEMP[2], IMM[3].xxxx\n"
     "TXL2 TEMP[1], TEMP[0], TEMP[2], SAMP[0], CUBEARRAY\n",
     [](int, int) { return texel(1, 6); }},
    // z moves a quarter texel per pixel (level -2); bias 3.5 makes it level 1.5 -> 1.
    {"TXB2", TextureKind::ColorCubeArray, "CUBEARRAY",
     "MOV TEMP[0], IMM[3].xyyx\nMUL TEMP[0].z, IN[0].xxxx, IMM[0].xxxx\n"
     "MOV TEMP[2], IMM[2].xxxx\nTXB2 TEMP[1], TEMP[0], TEMP[2], SAMP[0], CUBEARRAY\n",
     [](int, int) { return texel(1, 6); }},
    {"TEX2", TextureKind::DepthCubeArray, "SHADOWCUBEARRAY",
     "MOV TEMP[0], IMM[3].xyyy\nMUL TEMP[2], IN[0].xxxx, IMM[0].xxxx\n"
     "TEX2 TEMP[1], TEMP[0], TEMP[2], SAMP[0], SHADOWCUBEARRAY\n",
     depth_test_passes},
    {"TEX", TextureKind::Depth2D, "SHADOW2D",
     "MUL TEMP[0], IN[0], IMM[0].xxxx\nMOV TEMP[0].z, TEMP[0].xxxx\n"
     "TEX TEMP[1], TEMP[0], SAMP[0], SHADOW2D\n",
     depth_test_passes},
};

std::string row_shader(const TextureRow& row) {
  return std::string("FRAG\nDCL IN[0], POSITION, LINEAR\nDCL OUT[0], COLOR\nDCL SAMP[0]\n") +
         "DCL SVIEW[0], " + row.sview + ", FLOAT\nDCL TEMP[0..3]\n" + kImmediates + row.body +
         "MOV OUT[0], TEMP[1]\nEND\n";
}

void set_filters(GLenum target, bool compare) {
  glTexParameteri(target, GL_TEXTURE_MIN_FILTER, GL_NEAREST_MIPMAP_NEAREST);
  glTexParameteri(target, GL_TEXTURE_MAG_FILTER, GL_NEAREST);
  glTexParameteri(target, GL_TEXTURE_WRAP_S, GL_CLAMP_TO_EDGE);
  glTexParameteri(target, GL_TEXTURE_WRAP_T, GL_CLAMP_TO_EDGE);
  if (compare) {
    glTexParameteri(target, GL_TEXTURE_MIN_FILTER, GL_NEAREST);
    glTexParameteri(target, GL_TEXTURE_COMPARE_MODE, GL_COMPARE_REF_TO_TEXTURE);
    glTexParameteri(target, GL_TEXTURE_COMPARE_FUNC, GL_LEQUAL);
  }
}

// Creates the row's texture on FS sampler slot 0's unit; returns it for deletion.
GLuint make_texture(TextureKind kind) {
  GLuint t = 0;
  glGenTextures(1, &t);
  glActiveTexture(GL_TEXTURE0 + texture_unit(Stage::FRAGMENT, 0));
  switch (kind) {
    case TextureKind::Color2D: {
      glBindTexture(GL_TEXTURE_2D, t);
      glTexStorage2D(GL_TEXTURE_2D, 3, GL_RGBA32F, kWindow, kWindow);
      for (int level = 0; level < 3; ++level) {
        const int size = kWindow >> level;
        std::vector<Vec4> texels;
        for (int y = 0; y < size; ++y) {
          for (int x = 0; x < size; ++x) texels.push_back(texel_2d(level, x, y));
        }
        glTexSubImage2D(GL_TEXTURE_2D, level, 0, 0, size, size, GL_RGBA, GL_FLOAT, texels.data());
      }
      set_filters(GL_TEXTURE_2D, false);
      break;
    }
    case TextureKind::ColorCubeArray: {
      glBindTexture(GL_TEXTURE_CUBE_MAP_ARRAY, t);
      glTexStorage3D(GL_TEXTURE_CUBE_MAP_ARRAY, 2, GL_RGBA32F, 2, 2, 12);
      for (int level = 0; level < 2; ++level) {
        const int size = 2 >> level;
        for (int layer_face = 0; layer_face < 12; ++layer_face) {
          const std::vector<Vec4> texels(static_cast<size_t>(size * size),
                                         texel(level, layer_face));
          glTexSubImage3D(GL_TEXTURE_CUBE_MAP_ARRAY, level, 0, 0, layer_face, size, size, 1,
                          GL_RGBA, GL_FLOAT, texels.data());
        }
      }
      set_filters(GL_TEXTURE_CUBE_MAP_ARRAY, false);
      break;
    }
    case TextureKind::Depth2D:
    case TextureKind::DepthCubeArray: {
      const bool cube = kind == TextureKind::DepthCubeArray;
      const GLenum target = cube ? GL_TEXTURE_CUBE_MAP_ARRAY : GL_TEXTURE_2D;
      const int size = cube ? 2 : kWindow, layers = cube ? 6 : 1;
      const std::vector<float> depths(static_cast<size_t>(size * size * layers), kDepth);
      glBindTexture(target, t);
      if (cube) {
        glTexStorage3D(target, 1, GL_DEPTH_COMPONENT32F, size, size, layers);
        glTexSubImage3D(target, 0, 0, 0, 0, size, size, layers, GL_DEPTH_COMPONENT, GL_FLOAT,
                        depths.data());
      } else {
        glTexStorage2D(target, 1, GL_DEPTH_COMPONENT32F, size, size);
        glTexSubImage2D(target, 0, 0, 0, size, size, GL_DEPTH_COMPONENT, GL_FLOAT, depths.data());
      }
      set_filters(target, true);
      break;
    }
    case TextureKind::Msaa2D:
      glBindTexture(GL_TEXTURE_2D_MULTISAMPLE, t);
      glTexStorage2DMultisample(GL_TEXTURE_2D_MULTISAMPLE, 4, GL_RGBA8, kWindow, kWindow, GL_TRUE);
      break;
  }
  glActiveTexture(GL_TEXTURE0);
  return t;
}

void PrintTo(const TextureRow& row, std::ostream* os) { *os << row.opcodes << ": " << row.body; }

std::string describe(const ::testing::TestParamInfo<TextureRow>& info) {
  return std::string(info.param.opcodes) + "_" + std::to_string(info.index);
}

class TextureOpcode : public ::testing::TestWithParam<TextureRow> {};

TEST_P(TextureOpcode, SamplesTheExpectedTexels) {
  const TextureRow& row = GetParam();
  std::string error;
  GlContext* gl = GlContext::get(&error);
  ASSERT_NE(gl, nullptr) << error;
  ShaderKey key;
  key.color_uint_mask = 1;
  const TranslatedShader t = translate_text(row_shader(row), &error, key);
  ASSERT_FALSE(t.glsl.empty()) << error;
  ASSERT_EQ(t.samplers.size(), 1u);
  const GLuint texture = make_texture(row.texture);
  const auto pixels = run_fragment(t.glsl, kWindow, kWindow, &error);
  glDeleteTextures(1, &texture);
  ASSERT_EQ(pixels.size(), static_cast<size_t>(kWindow * kWindow)) << error << "\n" << t.glsl;
  for (int y = 0; y < kWindow; ++y) {
    for (int x = 0; x < kWindow; ++x) {
      const auto& got = pixels[static_cast<size_t>(y * kWindow + x)];
      const Vec4 want = row.expected(x, y);
      for (size_t c = 0; c < 4; ++c) {
        if (!(row.mask >> c & 1)) continue;
        if (row.int_result) {
          EXPECT_EQ(static_cast<int32_t>(got[c]), std::bit_cast<int32_t>(want[c]))
              << "pixel " << x << "," << y << " component " << c;
        } else {
          EXPECT_NEAR(std::bit_cast<float>(got[c]), want[c], row.tolerance)
              << "pixel " << x << "," << y << " component " << c;
        }
      }
    }
  }
}

INSTANTIATE_TEST_SUITE_P(EveryTextureOpcode, TextureOpcode, ::testing::ValuesIn(kRows), describe);

}  // namespace

std::vector<CoveredOpcodes> texture_opcode_coverage() {
  std::vector<CoveredOpcodes> out;
  for (const TextureRow& row : kRows) out.push_back({row.opcodes, Coverage::Runs, row_shader(row)});
  return out;
}


// SAMP[ADDR[0].x + base]: a sampler array indexed at run time (GLSL 4 / ARB_gpu_shader5 sampler
// array indexing).  Slot n holds one texel of value 10 n + 1; the address comes from IMM[1]
// (0, 1, 2, 3) through UARL, so the translator cannot see it, and it is the same for every
// pixel (GL requires a dynamically uniform index).  Past the declared samplers it clamps.
class IndirectSampler : public ::testing::TestWithParam<std::pair<int, int>> {};

TEST_P(IndirectSampler, EachIndexReachesItsOwnTexture) {
  const auto [index, base] = GetParam();
  std::string error;
  GlContext* gl = GlContext::get(&error);
  ASSERT_NE(gl, nullptr) << error;
  constexpr int kSlots = 4;
  std::string text = "FRAG\nDCL IN[0], POSITION, LINEAR\nDCL OUT[0], COLOR\n";
  for (int slot = 0; slot < kSlots; ++slot) text += "DCL SAMP[" + std::to_string(slot) + "]\n";
  for (int slot = 0; slot < kSlots; ++slot) {
    text += "DCL SVIEW[" + std::to_string(slot) + "], 2D, FLOAT\n";
  }
  text += "DCL TEMP[0..1]\nDCL ADDR[0]\n" + std::string(kImmediates) +
          "UARL ADDR[0].x, IMM[1]." + std::string(4, "xyzw"[index]) + "\n"
          "TEX TEMP[1], IMM[0].xxxx, SAMP[ADDR[0].x+" + std::to_string(base) + "], 2D\n"
          "MOV OUT[0], TEMP[1]\nEND\n";
  ShaderKey key;
  key.color_uint_mask = 1;
  const TranslatedShader t = translate_text(text, &error, key);
  ASSERT_FALSE(t.glsl.empty()) << error;
  ASSERT_EQ(t.samplers.size(), static_cast<size_t>(kSlots));
  std::array<GLuint, kSlots> textures{};
  glGenTextures(kSlots, textures.data());
  for (int slot = 0; slot < kSlots; ++slot) {
    glActiveTexture(GL_TEXTURE0 + texture_unit(Stage::FRAGMENT, static_cast<uint32_t>(slot)));
    glBindTexture(GL_TEXTURE_2D, textures[static_cast<size_t>(slot)]);
    glTexStorage2D(GL_TEXTURE_2D, 1, GL_RGBA32F, 1, 1);
    const float v = static_cast<float>(10 * slot + 1);
    const Vec4 texel_value = {v, v, v, v};
    glTexSubImage2D(GL_TEXTURE_2D, 0, 0, 0, 1, 1, GL_RGBA, GL_FLOAT, texel_value.data());
    set_filters(GL_TEXTURE_2D, false);
  }
  glActiveTexture(GL_TEXTURE0);
  const auto pixels = run_fragment(t.glsl, kWindow, 1, &error);
  glDeleteTextures(kSlots, textures.data());
  ASSERT_EQ(pixels.size(), static_cast<size_t>(kWindow)) << error << "\n" << t.glsl;
  const int slot = std::min(index + base, kSlots - 1);
  for (int x = 0; x < kWindow; ++x) {
    EXPECT_EQ(std::bit_cast<float>(pixels[static_cast<size_t>(x)][0]),
              static_cast<float>(10 * slot + 1))
        << "column " << x << "\n" << t.glsl;
  }
}

INSTANTIATE_TEST_SUITE_P(IndexAndBase, IndirectSampler,
                         ::testing::Values(std::pair{0, 0}, std::pair{1, 0}, std::pair{3, 0},
                                           std::pair{2, 1}, std::pair{3, 1}));

}  // namespace vgpu::shader::testing
