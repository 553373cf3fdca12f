// Bytes per pixel of a virgl format, derived from its name in decoder/formats.def
// ("B8G8R8A8_UNORM": 8+8+8+8 bits, 4 bytes; "Z32_FLOAT_S8X24_UINT": 32+8+24 bits, 8 bytes).
//
// Why: a transfer with stride 0 moves rows of the whole mip level (virglrenderer's rule), and
// the interposer must know their pitch to record exactly the bytes of the region, as the vtest
// proxy does.  Formats whose name does not spell whole-byte pixels (compressed blocks, YUV,
// packed pairs, the signed/unsigned mixes) give 0: the caller then falls back to an upper bound.
#pragma once

#include <cstdint>

namespace vgpu::interposer {

[[nodiscard]] uint32_t pixel_size(uint32_t virgl_format);

}  // namespace vgpu::interposer
