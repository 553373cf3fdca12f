// LAUNCH_GRID, compute shaders (shared memory, barriers) and MEMORY_BARRIER / TEXTURE_BARRIER,
// dispatched on llvmpipe and read back.
#include <gtest/gtest.h>

#include "renderer/caps.h"
#include "renderer/shader_resources.h"
#include "tests/renderer/gpu_command_fixture.h"

namespace vgpu::renderer::testing {
namespace {

using virgl::Encoder;

// Invocation i (block * 4 + thread) stores 2 * i + 1 at word i of BUFFER[0].
const std::string kWriteIds = compute_text(4, R"(DCL SV[0], BLOCK_ID
DCL SV[1], THREAD_ID
DCL BUFFER[0]
DCL TEMP[0..1]
IMM[0] UINT32 {4, 2, 1, 0}
  0: UMAD TEMP[0].x, SV[0].xxxx, IMM[0].xxxx, SV[1].xxxx
  1: SHL TEMP[1].x, TEMP[0].xxxx, IMM[0].yyyy
  2: UMAD TEMP[0].y, TEMP[0].xxxx, IMM[0].yyyy, IMM[0].zzzz
  3: STORE BUFFER[0].x, TEMP[1].xxxx, TEMP[0].yyyy
  4: END
)");

class ComputeTest : public GpuCommandTest {};

TEST_F(ComputeTest, EveryInvocationOfTheGridWritesItsShaderBufferWord) {
  buffer(1, std::vector<uint32_t>(12, 0));
  Encoder enc;
  add_compute_shader(enc, 10, kWriteIds);
  enc.add(shader_buffers(kComputeStage, 1, 0, 48));
  enc.add(grid(4, 2));  // 8 invocations: words 0..7
  enc.add(virgl::MemoryBarrier{2 /* PIPE_BARRIER_SHADER_BUFFER */});
  submit(enc);
  const auto words = read_words(1, 12);
  for (uint32_t i = 0; i < 8; ++i) EXPECT_EQ(words[i], 2 * i + 1) << i << all_diagnostics();
  for (uint32_t i = 8; i < 12; ++i) EXPECT_EQ(words[i], 0u) << "past the grid: " << i;
  EXPECT_TRUE(diagnostics().empty()) << all_diagnostics();
}

TEST_F(ComputeTest, IndirectGridIsReadFromItsBufferAndChecked) {
  buffer(1, std::vector<uint32_t>(12, 0));
  buffer(2, {99, 3, 1, 1, 70000, 1, 1});  // a 3x1x1 grid at byte 4, an oversized one at 16
  Encoder enc;
  add_compute_shader(enc, 10, kWriteIds);
  enc.add(shader_buffers(kComputeStage, 1, 0, 48));
  virgl::LaunchGrid indirect = grid(4, 0);
  indirect.indirect_resource = 2;
  indirect.indirect_offset = 4;
  enc.add(indirect);
  submit(enc);
  const auto words = read_words(1, 12);
  for (uint32_t i = 0; i < 12; ++i) EXPECT_EQ(words[i], 2 * i + 1) << i << all_diagnostics();
  EXPECT_TRUE(diagnostics().empty()) << all_diagnostics();

  Encoder oversized;
  indirect.indirect_offset = 16;
  oversized.add(indirect);
  indirect.indirect_offset = 20;  // 12 bytes from 20 end past the 28-byte buffer
  oversized.add(indirect);
  indirect.indirect_offset = 6;  // not dword aligned
  oversized.add(indirect);
  submit(oversized);
  EXPECT_TRUE(has_diagnostic("grid 70000x1x1 exceeds the limits")) << all_diagnostics();
  EXPECT_TRUE(has_diagnostic("indirect grid at 20 is not 12 aligned bytes")) << all_diagnostics();
  EXPECT_TRUE(has_diagnostic("indirect grid at 6 is not 12 aligned bytes")) << all_diagnostics();
}

TEST_F(ComputeTest, DispatchesWithoutTheirResourcesAreRejected) {
  buffer(1, std::vector<uint32_t>(4, 0));
  Encoder enc;
  enc.add(grid(4, 1));  // no compute shader bound yet
  add_compute_shader(enc, 10, kWriteIds);
  enc.add(grid(4, 1));  // BUFFER[0] unbound
  enc.add(shader_buffers(kComputeStage, 1, 0, 16));
  enc.add(grid(4, 65536));  // over max_compute_grid_size
  submit(enc);
  EXPECT_TRUE(has_diagnostic("no compute shader is bound")) << all_diagnostics();
  EXPECT_TRUE(has_diagnostic("BUFFER[0] of the COMPUTE shader has no shader buffer bound"))
      << all_diagnostics();
  EXPECT_TRUE(has_diagnostic("grid 65536x1x1 exceeds the limits")) << all_diagnostics();
  Encoder greedy;
  add_compute_shader(greedy, 11, kWriteIds, 1u << 20);
  greedy.add(grid(4, 1));
  submit(greedy);
  EXPECT_TRUE(has_diagnostic("asks for 1048576 bytes of shared memory")) << all_diagnostics();
  EXPECT_EQ(read_words(1, 4), std::vector<uint32_t>(4, 0)) << "nothing was dispatched";
}

// Thread i writes shared word i, waits at the barrier, then stores shared word 3 - i: the
// shared array is sized from CREATE_OBJECT's shared memory dword and the barrier orders it.
TEST_F(ComputeTest, SharedMemoryIsExchangedAcrossABarrier) {
  buffer(1, std::vector<uint32_t>(4, 0));
  const std::string text = compute_text(4, R"(DCL SV[0], THREAD_ID
DCL BUFFER[0]
DCL MEMORY[0], SHARED
DCL TEMP[0..2]
IMM[0] UINT32 {4, 2, 3, 100}
  0: SHL TEMP[0].x, SV[0].xxxx, IMM[0].yyyy
  1: UADD TEMP[1].x, SV[0].xxxx, IMM[0].wwww
  2: STORE MEMORY[0].x, TEMP[0].xxxx, TEMP[1].xxxx
  3: BARRIER
  4: INEG TEMP[2].x, SV[0].xxxx
  5: UADD TEMP[2].x, TEMP[2].xxxx, IMM[0].zzzz
  6: SHL TEMP[2].x, TEMP[2].xxxx, IMM[0].yyyy
  7: LOAD TEMP[1].x, MEMORY[0], TEMP[2].xxxx
  8: STORE BUFFER[0].x, TEMP[0].xxxx, TEMP[1].xxxx
  9: END
)");
  Encoder enc;
  add_compute_shader(enc, 10, text, 16);
  enc.add(shader_buffers(kComputeStage, 1, 0, 16));
  enc.add(grid(4, 1));
  submit(enc);
  EXPECT_EQ(read_words(1, 4), (std::vector<uint32_t>{103, 102, 101, 100})) << all_diagnostics();
}

TEST_F(ComputeTest, BarriersMapGalliumFlagsToGlBits) {
  EXPECT_EQ(memory_barrier_bits(0), 0u);
  EXPECT_EQ(memory_barrier_bits(1u << 1),
            GLbitfield{GL_SHADER_STORAGE_BARRIER_BIT | GL_ATOMIC_COUNTER_BARRIER_BIT});
  EXPECT_EQ(memory_barrier_bits(1u << 8), GLbitfield{GL_SHADER_IMAGE_ACCESS_BARRIER_BIT});
  EXPECT_EQ(memory_barrier_bits((1u << 6) | (1u << 9)),
            GLbitfield{GL_COMMAND_BARRIER_BIT | GL_FRAMEBUFFER_BARRIER_BIT});
  // Both commands run as GL calls without errors (TearDown checks) and are taken.
  Encoder enc;
  enc.add(virgl::MemoryBarrier{(1u << 12) - 1});  // PIPE_BARRIER_ALL
  enc.add(virgl::TextureBarrier{1});
  submit(enc);
  EXPECT_TRUE(diagnostics().empty()) << all_diagnostics();
}

// What the capset offers for compute and shader resources must fit what the host's GL gives
// (the binding convention of shader/bindings.h included).
TEST_F(ComputeTest, CapsetLimitsFitTheHostGl) {
  const auto limit = [](GLenum what, GLuint index = 0, bool indexed = false) {
    GLint v = 0;
    if (indexed) {
      glGetIntegeri_v(what, index, &v);
    } else {
      glGetIntegerv(what, &v);
    }
    return static_cast<uint32_t>(v);
  };
  const CapsV2 caps = renderer_caps();
  for (GLuint i = 0; i < 3; ++i) {
    EXPECT_GE(limit(GL_MAX_COMPUTE_WORK_GROUP_SIZE, i, true), caps.max_compute_block_size[i]);
    EXPECT_GE(limit(GL_MAX_COMPUTE_WORK_GROUP_COUNT, i, true), caps.max_compute_grid_size[i]);
  }
  EXPECT_GE(limit(GL_MAX_COMPUTE_WORK_GROUP_INVOCATIONS), caps.max_compute_work_group_invocations);
  EXPECT_GE(limit(GL_MAX_COMPUTE_SHARED_MEMORY_SIZE), caps.max_compute_shared_memory_size);
  EXPECT_GE(limit(GL_MAX_SHADER_STORAGE_BUFFER_BINDINGS), shader::kShaderBufferRanges.total());
  EXPECT_GE(limit(GL_MAX_FRAGMENT_SHADER_STORAGE_BLOCKS), caps.max_shader_buffer_frag_compute);
  EXPECT_GE(limit(GL_MAX_COMPUTE_SHADER_STORAGE_BLOCKS), caps.max_shader_buffer_frag_compute);
  EXPECT_GE(limit(GL_MAX_VERTEX_SHADER_STORAGE_BLOCKS), caps.max_shader_buffer_other_stages);
  // Images and atomic counter buffers share the image units and per-stage image uniforms.
  EXPECT_GE(limit(GL_MAX_IMAGE_UNITS), shader::atomic_image_unit(shader::kMaxAtomicBuffers));
  const uint32_t frag_compute_images =
      caps.max_shader_image_frag_compute + caps.max_atomic_counter_buffers[1];
  EXPECT_GE(limit(GL_MAX_FRAGMENT_IMAGE_UNIFORMS), frag_compute_images);
  EXPECT_GE(limit(GL_MAX_COMPUTE_IMAGE_UNIFORMS), frag_compute_images);
  EXPECT_GE(limit(GL_MAX_VERTEX_IMAGE_UNIFORMS),
            caps.max_shader_image_other_stages + caps.max_atomic_counter_buffers[0]);
  EXPECT_GE(limit(GL_MAX_TEXTURE_BUFFER_SIZE), caps.v1.max_tbo_size);
  EXPECT_EQ(caps.texture_buffer_offset_alignment % limit(GL_TEXTURE_BUFFER_OFFSET_ALIGNMENT), 0u);
  EXPECT_EQ(caps.shader_buffer_offset_alignment %
                limit(GL_SHADER_STORAGE_BUFFER_OFFSET_ALIGNMENT),
            0u);
}

}  // namespace
}  // namespace vgpu::renderer::testing
