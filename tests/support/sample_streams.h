// Realistic virgl command streams built with the encoder, shaped like what Mesa's virgl driver
// emits: a draw-heavy frame (state changes and a draw per object) and an upload-heavy one
// (texture data inline and through transfers).  Used by the benchmarks, the fuzz seeds and the
// corpus stream the README disassembles.
#pragma once

#include <cstdint>
#include <vector>

namespace vgpu::testing {

// Objects every frame refers to: blend, DSA, rasterizer, vertex elements, shaders (with real
// TGSI text), sampler state and view, surfaces and the framebuffer.
std::vector<uint32_t> setup_stream();

// `draws` draws, each with the state changes Mesa emits around it (vertex buffers, sampler
// views, constants, binds, viewport, scissor), preceded by a clear.
std::vector<uint32_t> draw_heavy_stream(int draws);

// `uploads` texture uploads of `bytes_each` bytes, alternating inline writes and TRANSFER3D,
// with a draw every 8 uploads.
std::vector<uint32_t> upload_heavy_stream(int uploads, uint32_t bytes_each);

}  // namespace vgpu::testing
