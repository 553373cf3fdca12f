// The footer index: where each block starts and where each frame starts, so that a reader can
// seek to frame N without decompressing what comes before it.
#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "trace/format.h"
#include "trace/result.h"

namespace vgpu::trace {

struct TraceIndex {
  std::vector<format::BlockEntry> blocks;
  std::vector<format::FrameEntry> frames;  // frame k = the events after the k-th FrameEnd
  uint64_t event_count = 0;
};

[[nodiscard]] std::vector<uint8_t> encode_index(const TraceIndex& index);

// Parses and cross-checks an index against the file it came from: blocks in increasing order
// between `data_begin` and `data_end` (the index block's offset), event numbers contiguous, frames
// in order and inside their blocks.  Any inconsistency is an error: the reader then falls back
// to scanning the blocks.
[[nodiscard]] Result<TraceIndex> decode_index(std::span<const uint8_t> bytes, uint64_t data_begin,
                                              uint64_t data_end);

}  // namespace vgpu::trace
