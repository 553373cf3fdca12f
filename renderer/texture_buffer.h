// Sampler views on buffer resources (gallium's PIPE_BUFFER views, GL texture buffers): the view
// names a format and a range of elements (texels) of the buffer; the GL buffer texture covers
// exactly that range (glTextureBufferRange), so TXF / TXQ see only what the guest bound.
#pragma once

#include <epoxy/gl.h>

#include <cstdint>
#include <string>

#include "renderer/resource.h"

namespace vgpu::renderer {

// Empty when elements first..last of `buffer` in `format` make a valid texture buffer view
// (a buffer texture format whose bytes are the buffer's bytes, range inside the buffer, offset
// aligned, size within the capset's max_tbo_size); otherwise why not.
[[nodiscard]] std::string check_buffer_view(const Resource& buffer, const GlFormat& format,
                                            uint32_t first_element, uint32_t last_element);

// A new GL buffer texture over the checked range.
[[nodiscard]] GLuint make_buffer_texture(const Resource& buffer, const GlFormat& format,
                                         uint32_t first_element, uint32_t last_element);

}  // namespace vgpu::renderer
