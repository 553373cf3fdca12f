// Which bytes of a resource's backing memory (the guest-visible shared memory) a transfer reads or
// writes: what capture must snapshot for TRANSFER3D, COPY_TRANSFER3D, TRANSFER_PUT2 and
// TRANSFER_GET2.
//
// Why an upper bound is good enough: the snapshot is replayed by writing it back into a mirror of
// the backing at the same offset, so bytes past the exact region are the guest's own bytes, and
// writing them is harmless.  The bound comes from the strides the guest gave (rows of `stride`,
// layers of `layer_stride`), which avoids a per-format block-size table; it is clamped to the
// backing's size.
#pragma once

#include <cstdint>

namespace vgpu::capture {

struct BackingRange {
  uint64_t offset = 0;
  uint64_t size = 0;
  bool exact = true;  // false: strides were missing and the range runs to the end of the backing
};

struct TransferShape {
  uint32_t target = 0;  // pipe_texture_target of the resource (0: PIPE_BUFFER)
  uint32_t stride = 0, layer_stride = 0;
  uint32_t width = 0, height = 0, depth = 0;  // box size
  uint64_t offset = 0;
};

// The range of `shape` inside a backing of `backing_size` bytes; size 0 when the offset is
// outside it.
[[nodiscard]] BackingRange backing_range(const TransferShape& shape, uint64_t backing_size);

}  // namespace vgpu::capture
