// SET_SHADER_BUFFERS / SET_SHADER_IMAGES / SET_ATOMIC_BUFFERS: the checks when they arrive, and
// the bindings at work in dispatches and draws on llvmpipe, read back.
#include "renderer/shader_resources.h"

#include <gtest/gtest.h>

#include <bit>

#include "tests/renderer/gpu_command_fixture.h"

namespace vgpu::renderer::testing {
namespace {

using virgl::Encoder;

constexpr uint32_t kTexture2D = 2;
constexpr uint32_t kR32Uint = 193, kR8G8B8A8Unorm = 67, kB8G8R8A8Unorm = 1;
constexpr uint32_t kR16G16B16A16Unorm = 51;  // 8-byte texels
constexpr uint32_t kAccessReadWrite = 3;

virgl::SetShaderImages image(uint32_t stage, uint32_t slot, uint32_t res, uint32_t format,
                             uint32_t layers = 0, uint32_t level = 0) {
  virgl::SetShaderImages s;
  s.stage = stage;
  s.start_slot = slot;
  s.images.push_back({format, kAccessReadWrite, layers, level, res});
  return s;
}

class ShaderResourcesTest : public GpuCommandTest {};

TEST_F(ShaderResourcesTest, ShaderBufferRangesAndSlotsAreChecked) {
  buffer(1, std::vector<uint32_t>(4, 0));
  resource(2, kTexture2D, kR32Uint, 4, 4);
  Encoder enc;
  enc.add(shader_buffers(kComputeStage, 1, 8, 16));           // 8 + 16 > 16 bytes
  enc.add(shader_buffers(kComputeStage, 1, 0xfffffff0u, 32));  // wraps in 32 bits
  enc.add(shader_buffers(kComputeStage, 2, 0, 4));             // a texture
  enc.add(shader_buffers(kComputeStage, 1, 0, 0));             // empty range
  virgl::SetShaderBuffers too_far = shader_buffers(0 /* VERTEX */, 1, 0, 16);
  too_far.start_slot = 12;  // other stages have 12 slots
  enc.add(too_far);
  virgl::SetAtomicBuffers atomics;
  atomics.start_slot = 16;
  atomics.buffers.push_back({0, 4, 1});
  enc.add(atomics);
  submit(enc);
  EXPECT_TRUE(has_diagnostic("range 8+16 is not inside buffer 1")) << all_diagnostics();
  EXPECT_TRUE(has_diagnostic("range 4294967280+32 is not inside buffer 1")) << all_diagnostics();
  EXPECT_TRUE(has_diagnostic("range 0+4 is not inside buffer 2")) << all_diagnostics();
  EXPECT_TRUE(has_diagnostic("range 0+0 is not inside buffer 1")) << all_diagnostics();
  EXPECT_TRUE(has_diagnostic("shader buffer slot 12 exceeds the limit of 12"))
      << all_diagnostics();
  EXPECT_TRUE(has_diagnostic("atomic buffer slot 16 exceeds the limit of 16"))
      << all_diagnostics();
}

// BUFFER[ADDR[0].x]: GLSL has no dynamic choice between blocks, the translator tests the index.
TEST_F(ShaderResourcesTest, ShaderBuffersAreSelectedByAnIndirectIndex) {
  buffer(1, {0});
  buffer(2, {0});
  const std::string text = compute_text(1, R"(DCL BUFFER[0..1]
DCL ADDR[0]
IMM[0] UINT32 {1, 0, 77, 0}
  0: UARL ADDR[0].x, IMM[0].xxxx
  1: STORE BUFFER[ADDR[0].x].x, IMM[0].yyyy, IMM[0].zzzz
  2: END
)");
  Encoder enc;
  add_compute_shader(enc, 10, text);
  virgl::SetShaderBuffers both = shader_buffers(kComputeStage, 1, 0, 4);
  both.buffers.push_back({0, 4, 2});
  enc.add(both);
  enc.add(grid(1, 1));
  submit(enc);
  EXPECT_EQ(read_words(1, 1)[0], 0u) << all_diagnostics();
  EXPECT_EQ(read_words(2, 1)[0], 77u) << all_diagnostics();
}

// One block of 4 threads: thread x stores x + 10 into texel (x, 1) of an R32_UINT image, then
// loads texel (x, 0) into word x of the SSBO: image writes land in the texture, image reads see
// the texture's uploaded contents.
TEST_F(ShaderResourcesTest, ComputeShadersLoadAndStoreImageTexels) {
  resource(1, kTexture2D, kR32Uint, 4, 2);
  const uint32_t row0[4] = {7, 8, 9, 10};
  trace::TransferToHost up;
  up.ctx_id = kCtx;
  up.res_id = 1;
  up.box = {0, 0, 0, 4, 1, 1};
  up.data = {reinterpret_cast<const uint8_t*>(row0), sizeof(row0)};
  send(up);
  buffer(2, std::vector<uint32_t>(4, 0));
  const std::string text = compute_text(4, R"(DCL SV[0], THREAD_ID
DCL IMAGE[0], 2D, PIPE_FORMAT_R32_UINT, WR
DCL BUFFER[0]
DCL TEMP[0..2]
IMM[0] UINT32 {0, 1, 10, 2}
  0: MOV TEMP[0].x, SV[0].xxxx
  1: MOV TEMP[0].y, IMM[0].yyyy
  2: UADD TEMP[1], SV[0].xxxx, IMM[0].zzzz
  3: STORE IMAGE[0], TEMP[0], TEMP[1], 2D, PIPE_FORMAT_R32_UINT
  4: MOV TEMP[0].y, IMM[0].xxxx
  5: LOAD TEMP[1], IMAGE[0], TEMP[0], 2D, PIPE_FORMAT_R32_UINT
  6: SHL TEMP[2].x, SV[0].xxxx, IMM[0].wwww
  7: STORE BUFFER[0].x, TEMP[2].xxxx, TEMP[1].xxxx
  8: END
)");
  Encoder enc;
  add_compute_shader(enc, 10, text);
  enc.add(image(kComputeStage, 0, 1, kR32Uint));
  enc.add(shader_buffers(kComputeStage, 2, 0, 16));
  enc.add(grid(4, 1));
  enc.add(virgl::MemoryBarrier{(1u << 12) - 1});
  submit(enc);
  EXPECT_EQ(read_words(2, 4), (std::vector<uint32_t>{7, 8, 9, 10})) << all_diagnostics();
  const auto texels = read(1, 4, 2, 4);
  std::vector<uint32_t> row1(4);
  std::memcpy(row1.data(), texels.data() + 16, 16);
  EXPECT_EQ(row1, (std::vector<uint32_t>{10, 11, 12, 13})) << all_diagnostics();
}

TEST_F(ShaderResourcesTest, ImageViewsAreCheckedAgainstTheirResource) {
  resource(1, kTexture2D, kR8G8B8A8Unorm, 4, 4, 1, 1, 2);
  resource(2, kTexture2D, kR16G16B16A16Unorm, 4, 4);
  buffer(3, std::vector<uint32_t>(4, 0));
  Encoder enc;
  enc.add(image(kComputeStage, 0, 1, kB8G8R8A8Unorm));     // no GLSL image format
  enc.add(image(kComputeStage, 0, 1, kR8G8B8A8Unorm, 0, 3));  // level 3 of 0..2
  enc.add(image(kComputeStage, 0, 1, kR8G8B8A8Unorm, 1u | 1u << 16));  // layer 1 of 1
  enc.add(image(kComputeStage, 0, 2, kR32Uint));            // 4-byte view of 8-byte texels
  enc.add(image(kComputeStage, 0, 3, kR32Uint, 8, 16));     // buffer bytes 8..23 of 16
  enc.add(image(kComputeStage, 16, 1, kR8G8B8A8Unorm));     // 16 image slots per stage
  submit(enc);
  EXPECT_TRUE(has_diagnostic("format 1 is not an image format")) << all_diagnostics();
  EXPECT_TRUE(has_diagnostic("level 3 layers 0..0 are outside resource 1")) << all_diagnostics();
  EXPECT_TRUE(has_diagnostic("level 0 layers 1..1 are outside resource 1")) << all_diagnostics();
  EXPECT_TRUE(has_diagnostic("format 193 is not compatible with resource 2")) << all_diagnostics();
  EXPECT_TRUE(has_diagnostic("range 8+16 is not inside buffer 3")) << all_diagnostics();
  EXPECT_TRUE(has_diagnostic("image slot 16 exceeds the limit of 16")) << all_diagnostics();
}

// 16 invocations increment counter 1 of atomic buffer 0, decrement counter 0 and OR their
// thread bit into counter 2 (ARB_shader_atomic_counter_ops); the old values the increments see
// are summed by an ATOMUADD on an SSBO to prove each saw a distinct value.
TEST_F(ShaderResourcesTest, HardwareAtomicCountersIncrementAndDecrement) {
  buffer(1, {100, 5, 0, 0, 0, 0, 0, 0});
  buffer(2, std::vector<uint32_t>(1, 0));
  const std::string text = compute_text(16, R"(DCL SV[0], THREAD_ID
DCL HWATOMIC[0][0..2]
DCL BUFFER[0]
DCL TEMP[0..1]
IMM[0] UINT32 {0, 4, 1, 4294967295}
  0: ATOMUADD TEMP[0].x, HWATOMIC[0][1], IMM[0].yyyy, IMM[0].zzzz
  1: ATOMUADD TEMP[1].x, HWATOMIC[0][0], IMM[0].xxxx, IMM[0].wwww
  2: ATOMUADD TEMP[1].x, BUFFER[0], IMM[0].xxxx, TEMP[0].xxxx
  3: SHL TEMP[1].x, IMM[0].zzzz, SV[0].xxxx
  4: ATOMOR TEMP[1].x, HWATOMIC[0][2], IMM[0].xxxx, TEMP[1].xxxx
  5: END
)");
  Encoder enc;
  add_compute_shader(enc, 10, text);
  virgl::SetAtomicBuffers atomics;
  atomics.buffers.push_back({0, 8, 1});  // two counters: the shader declares three
  enc.add(atomics);
  enc.add(shader_buffers(kComputeStage, 2, 0, 4));
  enc.add(grid(16, 1));
  atomics.buffers[0] = {4, 12, 1};  // counters must start on the buffer texture alignment
  enc.add(atomics);
  enc.add(grid(16, 1));
  submit(enc);
  EXPECT_TRUE(has_diagnostic("HWATOMIC[0] of the COMPUTE shader needs 12 bytes"))
      << all_diagnostics();
  EXPECT_TRUE(has_diagnostic("atomic buffer range 4+12 is not aligned")) << all_diagnostics();
  Encoder again;
  atomics.buffers[0] = {0, 12, 1};
  again.add(atomics);
  again.add(grid(16, 1));
  again.add(virgl::MemoryBarrier{2});
  submit(again);
  EXPECT_EQ(read_words(1, 3), (std::vector<uint32_t>{84, 21, 0xffff})) << all_diagnostics();
  // The increments returned 5..20 once each: their sum.
  EXPECT_EQ(read_words(2, 1)[0], 200u) << all_diagnostics();
}

// A full-window triangle whose fragment shader adds 1 to an SSBO word per fragment, and writes
// red: shader buffers are bound for draws too (the fragment stage's range).
TEST_F(ShaderResourcesTest, FragmentShadersWriteShaderBuffersDuringDraws) {
  resource(1, kTexture2D, kB8G8R8A8Unorm, 4, 4);
  const float vertices[9] = {-1, -1, 0, 3, -1, 0, -1, 3, 0};
  std::vector<uint32_t> words(9);
  std::memcpy(words.data(), vertices, sizeof(vertices));
  buffer(2, words);
  buffer(3, {0});
  Encoder enc;
  virgl::CreateSurface surface;
  surface.handle = 1;
  surface.resource = 1;
  surface.format = kB8G8R8A8Unorm;
  enc.add(surface);
  virgl::SetFramebufferState fb;
  fb.cbufs.push_back(1);
  enc.add(fb);
  enc.add(stage_shader_packet(10, 0, "VERT\nDCL IN[0]\nDCL OUT[0], POSITION\n  0: MOV OUT[0], IN[0]\n"
                               "  1: END\n"));
  enc.add(stage_shader_packet(11, kFragmentStage, R"(FRAG
DCL OUT[0], COLOR
DCL BUFFER[0]
DCL TEMP[0]
IMM[0] UINT32 {0, 1, 0, 0}
IMM[1] FLT32 {1.0, 0.0, 0.0, 1.0}
  0: ATOMUADD TEMP[0].x, BUFFER[0], IMM[0].xxxx, IMM[0].yyyy
  1: MOV OUT[0], IMM[1]
  2: END
)"));
  enc.add(virgl::BindShader{10, 0});
  enc.add(virgl::BindShader{11, kFragmentStage});
  virgl::CreateVertexElements ve;
  ve.handle = 12;
  ve.elements.push_back({0, 0, 0, 30 /* R32G32B32_FLOAT */});
  enc.add(ve);
  enc.add(virgl::BindObject{5 /* VERTEX_ELEMENTS */, 12});
  virgl::SetVertexBuffers vbs;
  vbs.buffers.push_back({12, 0, 2});
  enc.add(vbs);
  virgl::SetViewportState vp;
  vp.viewports.push_back({{2, 2, 0.5f}, {2, 2, 0.5f}});
  enc.add(vp);
  virgl::DrawVbo draw;
  draw.mode = 4;  // TRIANGLES
  draw.count = 3;
  draw.instance_count = 1;
  enc.add(draw);  // BUFFER[0] not bound: rejected
  enc.add(shader_buffers(kFragmentStage, 3, 0, 4));
  enc.add(draw);
  enc.add(virgl::MemoryBarrier{2});
  submit(enc);
  EXPECT_TRUE(has_diagnostic("BUFFER[0] of the FRAGMENT shader has no shader buffer bound"))
      << all_diagnostics();
  EXPECT_EQ(read_words(3, 1)[0], 16u) << "one increment per pixel of the 4x4 target"
                                      << all_diagnostics();
  EXPECT_EQ(read(1, 4, 4, 4)[2], 0xff) << "and the draw itself happened";
}

}  // namespace

// Mesa unbinds every slot its host offered (16 shader buffers, 32 images on virglrenderer over
// llvmpipe): a trace captured there unbinds slots past our limits, which is accepted; binding a
// resource there is not (above).
TEST_F(GpuCommandTest, UnbindingSlotsPastTheLimitIsAccepted) {
  virgl::Encoder enc;
  virgl::SetShaderBuffers buffers;
  buffers.stage = 0;  // VERTEX: 12 slots
  ASSERT_TRUE(buffers.buffers.resize(16));
  enc.add(buffers);
  virgl::SetShaderImages images;
  images.stage = kFragmentStage;  // 16 slots
  ASSERT_TRUE(images.images.resize(32));
  enc.add(images);
  submit(enc);
  EXPECT_TRUE(diagnostics().empty()) << all_diagnostics();
}

}  // namespace vgpu::renderer::testing
