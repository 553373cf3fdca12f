// Fuzzes the .vtrc reader.  Input: one config byte, then a whole trace file read from memory.
// Config bit 0 set: checksums are not verified, so that mutations reach the decompressor, the
// record parser and the payload references behind them (with checks on, almost every mutation
// stops at a CRC).  Walks every
// event (touching every payload byte so ASan sees any bad view), then seeks to a few frames,
// which exercises the index and the payload references across blocks.
#include <cstddef>
#include <cstdint>
#include <span>

#include "trace/trace_reader.h"

namespace {

// Reads every payload byte: a view outside its block would be caught here by ASan.
uint64_t touch(const vgpu::trace::Event& e) {
  uint64_t sum = e.delta_ns;
  std::visit(
      [&](const auto& b) {
        if constexpr (requires { b.data; }) {
          for (uint8_t v : b.data) sum += v;
        } else if constexpr (requires { b.dwords; }) {
          for (uint32_t v : b.dwords) sum += v;
        } else if constexpr (requires { b.points; }) {
          for (const auto& p : b.points) sum += p.value;
        } else if constexpr (requires { b.text; }) {
          for (char c : b.text) sum += static_cast<uint8_t>(c);
        }
      },
      e.body);
  return sum;
}

uint64_t walk(vgpu::trace::TraceReader& r, uint64_t limit) {
  vgpu::trace::Event e;
  uint64_t sum = 0;
  for (uint64_t n = 0; n < limit; ++n) {
    auto more = r.next(e);
    if (!more || !more.value()) break;
    sum += touch(e);
  }
  return sum;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size < 1) return 0;
  vgpu::trace::ReaderOptions options;
  options.verify_checksums = (data[0] & 1) == 0;
  ++data;
  --size;
  options.max_block_size = 8u << 20;  // keep each input's memory small; the format allows 256 MiB
  options.cached_blocks = 2;
  auto reader = vgpu::trace::TraceReader::open_memory(std::span(data, size), "fuzz.vtrc", options);
  if (!reader) return 0;
  vgpu::trace::TraceReader& r = *reader.value();
  volatile uint64_t sink = walk(r, UINT64_MAX);
  if (const vgpu::trace::TraceIndex* index = r.index(); index && !index->frames.empty()) {
    const uint64_t frames = index->frames.size();
    for (uint64_t k : {frames - 1, frames / 2, uint64_t{0}}) {
      if (r.seek_frame(k).ok()) sink = sink + walk(r, 64);
    }
  }
  (void)sink;
  return 0;
}
