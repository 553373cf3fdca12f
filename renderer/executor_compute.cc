// LAUNCH_GRID, MEMORY_BARRIER and TEXTURE_BARRIER.
//
// A dispatch is checked like a draw: the compute shader translates and links, every resource
// it declares is bound (uniform blocks, sampler views, SSBOs, images, atomic buffers), and the
// block and grid sizes are inside the limits the capsets advertise.  An indirect grid is read
// back from its buffer and checked the same way before it is dispatched directly: GL leaves an
// indirect grid over the limits undefined, and a huge one would stall the host.
#include <array>

#include "renderer/caps.h"
#include "renderer/draw_bindings.h"
#include "renderer/shader_resources.h"
#include "renderer/submit_executor.h"
#include "renderer/transfer_layout.h"

namespace vgpu::renderer {
namespace {

constexpr uint32_t kTextureBarrierSampler = 1, kTextureBarrierFramebuffer = 2;

std::string size_text(const std::array<uint32_t, 3>& s) {
  return std::to_string(s[0]) + "x" + std::to_string(s[1]) + "x" + std::to_string(s[2]);
}

// Against the capset's compute limits (caps.h).
std::string check_sizes(const std::array<uint32_t, 3>& block, const std::array<uint32_t, 3>& grid) {
  uint64_t invocations = 1;
  for (size_t i = 0; i < 3; ++i) {
    if (block[i] > kMaxComputeBlockSize[i] || grid[i] > kMaxComputeGridSize[i]) {
      return "block " + size_text(block) + " or grid " + size_text(grid) +
             " exceeds the limits " + size_text(kMaxComputeBlockSize) + " and " +
             size_text(kMaxComputeGridSize);
    }
    invocations *= block[i];
  }
  if (invocations > kMaxComputeInvocations) {
    return "block " + size_text(block) + " has more than " +
           std::to_string(kMaxComputeInvocations) + " invocations";
  }
  return {};
}

}  // namespace

void SubmitExecutor::on(const virgl::LaunchGrid& cmd, const virgl::CommandLocation&) {
  take();
  SubContext& s = sub();
  ShaderObject* cs = s.shaders[shader::stage_index(shader::Stage::COMPUTE)].get();
  if (cs == nullptr) {
    reject("no compute shader is bound");
    return;
  }
  if (cs->header.shared_memory_size > kMaxComputeSharedBytes) {
    reject("compute shader asks for " + std::to_string(cs->header.shared_memory_size) +
           " bytes of shared memory, over " + std::to_string(kMaxComputeSharedBytes));
    return;
  }
  std::array<uint32_t, 3> grid = cmd.grid;
  std::shared_ptr<Resource> indirect;
  if (cmd.indirect_resource != 0) {
    indirect = attached(cmd.indirect_resource, "indirect grid buffer");
    if (!indirect) return;
    if (!indirect->is_buffer() || cmd.indirect_offset % 4 != 0 ||
        !range_inside(cmd.indirect_offset, sizeof(grid), indirect->args.width)) {
      reject("indirect grid at " + std::to_string(cmd.indirect_offset) +
             " is not 12 aligned bytes inside buffer " + std::to_string(cmd.indirect_resource));
      return;
    }
    glGetNamedBufferSubData(indirect->gl_name, cmd.indirect_offset, sizeof(grid), grid.data());
  }
  std::string why;
  const ComputeProgram* program = core_.programs.get_compute(*cs, why);
  if (program) why = check_sizes(program->compute->local_size, grid);
  if (why.empty()) why = bind_stage_uniforms(s, *program->compute);
  if (why.empty()) why = bind_stage_textures(s, *program->compute);
  if (why.empty()) why = bind_shader_resources(s, *program->compute);
  if (!why.empty()) {
    reject(why);
    return;
  }
  glUseProgram(program->program);
  glDispatchCompute(grid[0], grid[1], grid[2]);
}

void SubmitExecutor::on(const virgl::MemoryBarrier& cmd, const virgl::CommandLocation&) {
  take();
  if (const GLbitfield bits = memory_barrier_bits(cmd.flags); bits != 0) glMemoryBarrier(bits);
}

void SubmitExecutor::on(const virgl::TextureBarrier& cmd, const virgl::CommandLocation&) {
  take();
  if ((cmd.flags & (kTextureBarrierSampler | kTextureBarrierFramebuffer)) != 0) glTextureBarrier();
}

}  // namespace vgpu::renderer
