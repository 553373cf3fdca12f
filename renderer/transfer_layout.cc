#include "renderer/transfer_layout.h"

#include <algorithm>

namespace vgpu::renderer {
namespace {

constexpr uint32_t kTargetBuffer = 0, kTarget3d = 3, kTargetCube = 4, kTargetCubeArray = 8;
constexpr uint32_t kTarget1d = 1, kTarget1dArray = 6;

uint32_t minify(uint32_t size, uint32_t level) {
  return level >= 32 ? 1u : std::max(1u, size >> level);
}

uint32_t blocks(uint32_t texels, uint32_t block) { return (texels + block - 1) / block; }

// A compressed box starts on a block boundary and ends on one or at the level's edge.
bool block_aligned(uint32_t start, uint32_t size, uint32_t block, uint32_t level_size) {
  return start % block == 0 && ((start + size) % block == 0 || start + size == level_size);
}

std::string outside(const char* axis, uint64_t start, uint64_t size, uint32_t level,
                    uint64_t limit) {
  return std::string("box ") + axis + " " + std::to_string(start) + " + " + std::to_string(size) +
         " exceeds level " + std::to_string(level) + " size " + std::to_string(limit);
}

}  // namespace

Extent level_extent(const trace::ResourceCreate& a, uint32_t level) {
  Extent e;
  e.width = minify(a.width, level);
  const bool one_d = a.target == kTargetBuffer || a.target == kTarget1d ||
                     a.target == kTarget1dArray;
  e.height = one_d ? 1 : minify(a.height, level);
  if (a.target == kTarget3d) {
    e.depth = minify(a.depth, level);
  } else if (a.target == kTargetCube) {
    e.depth = 6;
  } else {
    // Array layers do not shrink with the level; a cube array's array_size counts faces.
    e.depth = std::max(1u, a.array_size);
  }
  if (a.target == kTargetCubeArray) e.depth = std::max(1u, a.array_size);
  return e;
}

uint64_t storage_bytes(const trace::ResourceCreate& a, TexelBlock unit) {
  if (a.target == kTargetBuffer) return a.width;
  uint64_t total = 0;
  for (uint32_t level = 0; level <= a.last_level; ++level) {
    const Extent e = level_extent(a, level);
    total += uint64_t{blocks(e.width, unit.width)} * blocks(e.height, unit.height) * e.depth *
             unit.bytes;
  }
  return total * std::max(1u, a.nr_samples);
}

std::string layout_transfer(const trace::ResourceCreate& args, TexelBlock unit, uint32_t level,
                            const trace::Box& box, uint32_t stride, uint32_t layer_stride,
                            TransferLayout& out) {
  out = {};
  if (level > args.last_level) {
    return "level " + std::to_string(level) + " is past the last level " +
           std::to_string(args.last_level);
  }
  const Extent e = level_extent(args, level);
  if (uint64_t{box.x} + box.width > e.width) return outside("x", box.x, box.width, level, e.width);
  if (uint64_t{box.y} + box.height > e.height)
    return outside("y", box.y, box.height, level, e.height);
  if (uint64_t{box.z} + box.depth > e.depth) return outside("z", box.z, box.depth, level, e.depth);
  if (unit.width > 1 || unit.height > 1) {
    if (!block_aligned(box.x, box.width, unit.width, e.width) ||
        !block_aligned(box.y, box.height, unit.height, e.height)) {
      return "box (" + std::to_string(box.x) + ", " + std::to_string(box.y) + ") " +
             std::to_string(box.width) + "x" + std::to_string(box.height) +
             " does not follow the format's " + std::to_string(unit.width) + "x" +
             std::to_string(unit.height) + " blocks";
    }
  }
  out.rows = blocks(box.height, unit.height);
  out.row_bytes = uint64_t{blocks(box.width, unit.width)} * unit.bytes;
  out.stride = stride != 0 ? stride : uint64_t{blocks(e.width, unit.width)} * unit.bytes;
  if (layer_stride != 0) {
    out.layer_stride = layer_stride;
  } else if (__builtin_mul_overflow(out.stride, uint64_t{blocks(e.height, unit.height)},
                                    &out.layer_stride)) {
    return "the level's layer size overflows";
  }
  if (box.width == 0 || box.height == 0 || box.depth == 0) return {};
  if (out.rows > 1 && out.stride < out.row_bytes) {
    return "stride " + std::to_string(out.stride) + " is below the row size " +
           std::to_string(out.row_bytes);
  }
  uint64_t image_bytes = 0;
  if (__builtin_mul_overflow(uint64_t{out.rows} - 1, out.stride, &image_bytes) ||
      __builtin_add_overflow(image_bytes, out.row_bytes, &image_bytes)) {
    return "the transfer size overflows";
  }
  if (box.depth > 1 && out.layer_stride < image_bytes) {
    return "layer stride " + std::to_string(out.layer_stride) + " is below the image size " +
           std::to_string(image_bytes);
  }
  uint64_t layers_bytes = 0;
  if (__builtin_mul_overflow(uint64_t{box.depth} - 1, out.layer_stride, &layers_bytes) ||
      __builtin_add_overflow(layers_bytes, image_bytes, &out.size)) {
    return "the transfer size overflows";
  }
  return {};
}

bool range_inside(uint64_t offset, uint64_t size, uint64_t memory_size) {
  return offset <= memory_size && size <= memory_size - offset;
}

}  // namespace vgpu::renderer
