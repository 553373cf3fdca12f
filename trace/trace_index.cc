#include "trace/trace_index.h"

#include <cstring>
#include <string>

namespace vgpu::trace {

namespace f = format;

std::vector<uint8_t> encode_index(const TraceIndex& index) {
  const f::IndexHeader h{static_cast<uint32_t>(index.blocks.size()),
                         static_cast<uint32_t>(index.frames.size()), index.event_count};
  const size_t blocks_bytes = index.blocks.size() * sizeof(f::BlockEntry);
  const size_t frames_bytes = index.frames.size() * sizeof(f::FrameEntry);
  std::vector<uint8_t> out(sizeof h + blocks_bytes + frames_bytes);
  std::memcpy(out.data(), &h, sizeof h);
  if (blocks_bytes) std::memcpy(out.data() + sizeof h, index.blocks.data(), blocks_bytes);
  if (frames_bytes) {
    std::memcpy(out.data() + sizeof h + blocks_bytes, index.frames.data(), frames_bytes);
  }
  return out;
}

Result<TraceIndex> decode_index(std::span<const uint8_t> bytes, uint64_t data_begin,
                                uint64_t data_end) {
  auto bad = [](std::string what) { return Error{ErrorCode::Corrupt, "index: " + what}; };
  f::IndexHeader h;
  if (bytes.size() < sizeof h) return bad("shorter than its header");
  std::memcpy(&h, bytes.data(), sizeof h);
  const uint64_t need = sizeof h + uint64_t{h.block_count} * sizeof(f::BlockEntry) +
                        uint64_t{h.frame_count} * sizeof(f::FrameEntry);
  if (need != bytes.size()) {
    return bad(std::to_string(h.block_count) + " blocks and " + std::to_string(h.frame_count) +
               " frames need " + std::to_string(need) + " bytes, the index has " +
               std::to_string(bytes.size()));
  }
  TraceIndex index;
  index.event_count = h.event_count;
  index.blocks.resize(h.block_count);
  index.frames.resize(h.frame_count);
  const size_t blocks_bytes = index.blocks.size() * sizeof(f::BlockEntry);
  if (blocks_bytes) std::memcpy(index.blocks.data(), bytes.data() + sizeof h, blocks_bytes);
  if (!index.frames.empty()) {
    std::memcpy(index.frames.data(), bytes.data() + sizeof h + blocks_bytes,
                index.frames.size() * sizeof(f::FrameEntry));
  }
  uint64_t next_offset = data_begin;
  uint64_t next_event = 0;
  for (size_t i = 0; i < index.blocks.size(); ++i) {
    const f::BlockEntry& b = index.blocks[i];
    if (b.file_offset < next_offset || b.file_offset >= data_end ||
        data_end - b.file_offset < sizeof(f::BlockHeader)) {
      return bad("block " + std::to_string(i) + " at offset " + std::to_string(b.file_offset) +
                 " is out of order or outside the data");
    }
    if (b.first_event != next_event || b.event_count == 0) {
      return bad("block " + std::to_string(i) + " starts at event " +
                 std::to_string(b.first_event) + ", expected " + std::to_string(next_event));
    }
    next_offset = b.file_offset + sizeof(f::BlockHeader);
    next_event += b.event_count;
  }
  if (next_event != index.event_count) {
    return bad("blocks hold " + std::to_string(next_event) + " events, the index says " +
               std::to_string(index.event_count));
  }
  uint64_t prev_event = 0;
  for (size_t k = 0; k < index.frames.size(); ++k) {
    const f::FrameEntry& fr = index.frames[k];
    if (fr.block >= index.blocks.size() || fr.first_event < prev_event ||
        (k == 0 && fr.first_event != 0)) {
      return bad("frame " + std::to_string(k) + " points outside the trace");
    }
    const f::BlockEntry& b = index.blocks[fr.block];
    if (fr.first_event < b.first_event || fr.first_event - b.first_event >= b.event_count ||
        fr.block_offset >= b.uncompressed_size || fr.block_offset % f::kRecordAlignment != 0) {
      return bad("frame " + std::to_string(k) + " is not inside block " +
                 std::to_string(fr.block));
    }
    prev_event = fr.first_event;
  }
  return index;
}

}  // namespace vgpu::trace
