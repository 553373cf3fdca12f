// Shader buffers (SSBOs), images and hardware atomic counter buffers: checking the guest's
// SET_SHADER_BUFFERS / SET_SHADER_IMAGES / SET_ATOMIC_BUFFERS bindings when they arrive, and
// binding what a program uses to the GL binding points of shader/bindings.h before a draw or a
// dispatch.  Ranges are checked in 64-bit against the resource when bound; a slot a program
// uses must be bound to something valid, or the draw / dispatch is rejected.
#pragma once

#include <memory>
#include <string>

#include "decoder/payloads_state.h"
#include "renderer/sub_context.h"

namespace vgpu::renderer {

// A shader or atomic buffer slot from the guest's (offset, length) on `buffer` (nullptr for
// resource 0: the slot is unbound).  Empty string when valid, else why not.
[[nodiscard]] std::string make_buffer_binding(std::shared_ptr<Resource> buffer,
                                              const virgl::BufferBinding& b,
                                              ShaderBufferBinding& out);

// An image slot: the format must be an image format of the same size as the resource's, the
// level / layers or the buffer range inside the resource.
[[nodiscard]] std::string make_image_binding(std::shared_ptr<Resource> resource,
                                             const virgl::ImageBinding& b,
                                             std::shared_ptr<ShaderImageBinding>& out);

// Binds the SSBOs, images and atomic counter buffers `ts` declares.
[[nodiscard]] std::string bind_shader_resources(SubContext& sub,
                                                const shader::TranslatedShader& ts);

// PIPE_BARRIER_* flags of MEMORY_BARRIER as glMemoryBarrier bits.
[[nodiscard]] GLbitfield memory_barrier_bits(uint32_t pipe_flags);

}  // namespace vgpu::renderer
