// Where a transfer's box lies in a resource and in linear memory: the checks every transfer
// (TransferToHost/FromHost events, TRANSFER3D, vtest PUT2/GET2, inline writes) goes through
// before any GL call, all in 64-bit arithmetic.
//
// Strides follow virglrenderer's rule, which is what guests rely on: a stride of 0 means the
// row pitch of the whole mip level (level width x bytes per pixel), not of the box, and a layer
// stride of 0 means that row pitch x the level height.  vtest's TRANSFER_GET2/PUT2 carry no
// strides, so their bytes sit at the level's natural pitch in the guest's memory.
#pragma once

#include <cstdint>
#include <string>

#include "renderer/gl_formats.h"
#include "trace/events.h"

namespace vgpu::renderer {

// A mip level's size: width, height, and depth or layer count (faces x layers for cubes).
struct Extent {
  uint32_t width = 0, height = 0, depth = 0;
};

// The size of `level` of a resource created with `args`; the caller checks last_level first.
[[nodiscard]] Extent level_extent(const trace::ResourceCreate& args, uint32_t level);

struct TransferLayout {
  uint32_t rows = 0;          // rows of the box per layer: texel rows, or block rows
  uint64_t row_bytes = 0;     // bytes of one row of the box
  uint64_t stride = 0;        // effective row pitch in linear memory
  uint64_t layer_stride = 0;  // effective layer pitch
  uint64_t size = 0;          // bytes from the first to the last byte touched (0: empty box)
};

// Checks `box` at `level` against the resource and computes the linear layout; an empty
// string means ok, otherwise the reason ("box x 60 + width 8 exceeds level 0 width 64").
// `unit` is the format's texel block: the box is in texels, but a compressed format's box must
// start on a block and end on one or at the level's edge, and rows and strides count blocks.
[[nodiscard]] std::string layout_transfer(const trace::ResourceCreate& args, TexelBlock unit,
                                          uint32_t level, const trace::Box& box, uint32_t stride,
                                          uint32_t layer_stride, TransferLayout& out);
// The same for a plain format of `bytes_per_pixel`.
[[nodiscard]] inline std::string layout_transfer(const trace::ResourceCreate& args,
                                                 uint32_t bytes_per_pixel, uint32_t level,
                                                 const trace::Box& box, uint32_t stride,
                                                 uint32_t layer_stride, TransferLayout& out) {
  return layout_transfer(args, TexelBlock{1, 1, bytes_per_pixel}, level, box, stride,
                         layer_stride, out);
}

// Bytes of every level (and layer and sample) of a resource in `unit`s, as a linear mirror
// holds them; fits in 64 bits since the resource checks bound each dimension.
[[nodiscard]] uint64_t storage_bytes(const trace::ResourceCreate& args, TexelBlock unit);

// Checks that [offset, offset + size) lies inside a memory of `memory_size` bytes.
[[nodiscard]] bool range_inside(uint64_t offset, uint64_t size, uint64_t memory_size);

}  // namespace vgpu::renderer
