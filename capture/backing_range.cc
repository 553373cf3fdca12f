#include "capture/backing_range.h"

#include <algorithm>
#include <cstdint>

namespace vgpu::capture {

BackingRange backing_range(const TransferShape& s, uint64_t backing_size) {
  BackingRange r;
  r.offset = s.offset;
  if (s.offset >= backing_size) return r;
  const uint64_t available = backing_size - s.offset;
  const uint64_t rows = std::max<uint32_t>(s.height, 1);
  const uint64_t layers = std::max<uint32_t>(s.depth, 1);
  uint64_t size;
  if (s.target == 0 && s.stride == 0) {
    size = s.width;  // buffers are byte-addressed: the box width is the byte count
  } else if (s.stride != 0 && (layers == 1 || s.layer_stride != 0)) {
    // Each product fits in 64 bits (32 x 32); their sum may not, so it saturates.
    const uint64_t layer_part = (layers - 1) * s.layer_stride;
    const uint64_t row_part = rows * s.stride;
    size = layer_part > UINT64_MAX - row_part ? UINT64_MAX : layer_part + row_part;
  } else {
    size = available;
    r.exact = false;
  }
  r.size = std::min(size, available);
  return r;
}

}  // namespace vgpu::capture
