// Moves a checked box (transfer_layout.h) between a resource's GL storage and linear memory laid
// out with the transfer's strides.  The caller has validated everything; these only issue GL.
#pragma once

#include <cstdint>
#include <span>
#include <string>

#include "renderer/gl_formats.h"
#include "renderer/resource.h"
#include "renderer/transfer_layout.h"

namespace vgpu::renderer {

// Pixels in a format's gallium layout <-> the layout of its GL format/type, in place (only
// kDepth24InLowBits formats differ).
void guest_to_gl_pixels(const GlFormat& format, std::span<uint8_t> pixels);
void gl_to_guest_pixels(const GlFormat& format, std::span<uint8_t> pixels);

// Writes whole blocks of a compressed texture (res.format has kCompressed) in box `b`, which
// the caller checked against the block grid (layout_transfer).
void compressed_sub_image(const Resource& res, uint32_t level, const trace::Box& b,
                          std::span<const uint8_t> blocks);

// `src` starts at the box's first byte and holds at least layout.size bytes.
[[nodiscard]] std::string upload_box(Resource& res, uint32_t level, const trace::Box& box,
                                     const TransferLayout& layout, std::span<const uint8_t> src);
// Writes only the box's rows into `dst` (layout.size bytes at least); bytes between rows are
// left as they were, as they are in the guest's memory.
[[nodiscard]] std::string download_box(Resource& res, uint32_t level, const trace::Box& box,
                                       const TransferLayout& layout, std::span<uint8_t> dst);

}  // namespace vgpu::renderer
