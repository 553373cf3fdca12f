// Sampler views on buffers (texture buffers): TXF and TXQ through the view's element range, and
// the checks at CREATE_OBJECT(SAMPLER_VIEW).
#include <gtest/gtest.h>

#include "tests/renderer/gpu_command_fixture.h"

namespace vgpu::renderer::testing {
namespace {

using virgl::Encoder;

constexpr uint32_t kR32Uint = 193, kB8G8R8A8Unorm = 1, kL8Unorm = 9;

virgl::CreateSamplerView buffer_view(uint32_t handle, uint32_t res, uint32_t format,
                                     uint32_t first, uint32_t last) {
  virgl::CreateSamplerView v;
  v.handle = handle;
  v.resource = res;
  v.format = format;
  v.first_element_or_layers = first;
  v.last_element_or_levels = last;
  v.swizzle_r = 0;
  v.swizzle_g = 1;
  v.swizzle_b = 2;
  v.swizzle_a = 3;
  return v;
}

class TextureBufferTest : public GpuCommandTest {};

// Thread i fetches texel i of the view (elements 4..7 of a 12-word buffer) into word i of the
// SSBO, and thread 0 also stores the view's size (TXQ) in word 4.
TEST_F(TextureBufferTest, FetchesSeeOnlyTheViewsElementRange) {
  std::vector<uint32_t> texels(12);
  for (uint32_t i = 0; i < texels.size(); ++i) texels[i] = 1000 + i;
  buffer(1, texels);
  buffer(2, std::vector<uint32_t>(5, 0));
  const std::string text = compute_text(4, R"(DCL SV[0], THREAD_ID
DCL SAMP[0]
DCL SVIEW[0], BUFFER, UINT
DCL BUFFER[0]
DCL TEMP[0..2]
IMM[0] UINT32 {0, 2, 16, 0}
  0: MOV TEMP[0], IMM[0].xxxx
  1: MOV TEMP[0].x, SV[0].xxxx
  2: TXF TEMP[1], TEMP[0], SAMP[0], BUFFER
  3: SHL TEMP[2].x, SV[0].xxxx, IMM[0].yyyy
  4: STORE BUFFER[0].x, TEMP[2].xxxx, TEMP[1].xxxx
  5: TXQ TEMP[1], IMM[0].xxxx, SAMP[0], BUFFER
  6: STORE BUFFER[0].x, IMM[0].zzzz, TEMP[1].xxxx
  7: END
)");
  Encoder enc;
  add_compute_shader(enc, 10, text);
  enc.add(buffer_view(20, 1, kR32Uint, 4, 7));
  virgl::SetSamplerViews views;
  views.stage = kComputeStage;
  views.views.push_back(20);
  enc.add(views);
  enc.add(shader_buffers(kComputeStage, 2, 0, 20));
  enc.add(grid(4, 1));
  enc.add(virgl::MemoryBarrier{2});
  submit(enc);
  EXPECT_EQ(read_words(2, 5), (std::vector<uint32_t>{1004, 1005, 1006, 1007, 4}))
      << all_diagnostics();
}

TEST_F(TextureBufferTest, ViewsOutsideTheBufferOrInUnreadableFormatsAreRefused) {
  buffer(1, std::vector<uint32_t>(8, 0));
  Encoder enc;
  enc.add(buffer_view(20, 1, kR32Uint, 4, 8));          // element 8 of 0..7
  enc.add(buffer_view(21, 1, kR32Uint, 5, 4));          // first > last
  enc.add(buffer_view(22, 1, kR32Uint, 0xffffffffu, 0xffffffffu));  // 64-bit offset
  enc.add(buffer_view(23, 1, kB8G8R8A8Unorm, 0, 1));   // GL would read it as RGBA
  enc.add(buffer_view(24, 1, kL8Unorm, 0, 1));         // emulated by a swizzle
  enc.add(buffer_view(25, 1, kR32Uint, 1, 2));          // 4-byte offset, alignment 16 or more
  submit(enc);
  EXPECT_TRUE(has_diagnostic("elements 4..8 are outside buffer 1")) << all_diagnostics();
  EXPECT_TRUE(has_diagnostic("elements 5..4 are outside buffer 1")) << all_diagnostics();
  EXPECT_TRUE(has_diagnostic("elements 4294967295..4294967295 are outside")) << all_diagnostics();
  EXPECT_TRUE(has_diagnostic("format 1 cannot be a texture buffer format")) << all_diagnostics();
  EXPECT_TRUE(has_diagnostic("format 9 cannot be a texture buffer format")) << all_diagnostics();
  EXPECT_TRUE(has_diagnostic("texture buffer offset 4 is not aligned")) << all_diagnostics();
}

}  // namespace
}  // namespace vgpu::renderer::testing
