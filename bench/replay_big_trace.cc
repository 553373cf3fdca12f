// Writes a large .vtrc for replay's memory benchmark (bench/replay_speed.sh): one 512x512
// display-target texture; every frame uploads 1 MiB of fresh pseudo-random texels (which zstd
// cannot shrink, so the file really is as large as asked), reads the whole texture back with
// the same bytes recorded (so replay checks each frame byte for byte), and ends the frame.
// Usage: replay_big_trace OUT.vtrc [MiB, default 1024]
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "trace/trace_writer.h"

namespace {

using namespace vgpu::trace;

constexpr uint32_t kSide = 512;
constexpr uint32_t kBytesPerTexel = 4;
constexpr uint32_t kB8G8R8A8Unorm = 1, kTexture2d = 2;
constexpr uint32_t kBindRenderTarget = 1u << 1, kBindSamplerView = 1u << 3;
constexpr uint32_t kBindDisplayTarget = 1u << 7;
constexpr uint32_t kCtx = 1, kRes = 1;

// xorshift64*: fast enough to make a gigabyte in seconds, and incompressible to zstd.
void fill(std::vector<uint8_t>& bytes, uint64_t& state) {
  for (size_t i = 0; i + 8 <= bytes.size(); i += 8) {
    state ^= state >> 12, state ^= state << 25, state ^= state >> 27;
    const uint64_t v = state * 0x2545F4914F6CDD1Dull;
    for (size_t b = 0; b < 8; ++b) bytes[i + b] = static_cast<uint8_t>(v >> (8 * b));
  }
}

bool write(TraceWriter& w, EventBody body) {
  Event e;
  e.delta_ns = 1'000'000;
  e.body = std::move(body);
  if (auto s = w.write(e); !s) {
    std::fprintf(stderr, "replay_big_trace: %s\n", s.error().message.c_str());
    return false;
  }
  return true;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2 || argc > 3) {
    std::fprintf(stderr, "usage: replay_big_trace OUT.vtrc [MiB]\n");
    return 2;
  }
  const uint64_t mib = argc == 3 ? std::strtoull(argv[2], nullptr, 10) : 1024;
  const uint64_t frame_bytes = uint64_t{kSide} * kSide * kBytesPerTexel;
  const uint64_t frames = (mib << 20) / frame_bytes;
  if (frames == 0) {
    std::fprintf(stderr, "replay_big_trace: MiB must be at least 1\n");
    return 2;
  }
  CaptureInfo info;
  info.tool_version = "replay_big_trace";
  info.transport = "synthetic";
  WriterOptions options;
  options.level = 1;  // incompressible anyway
  auto writer = TraceWriter::create(argv[1], info, options);
  if (!writer) {
    std::fprintf(stderr, "replay_big_trace: %s\n", writer.error().message.c_str());
    return 1;
  }
  TraceWriter& w = **writer;
  bool ok = write(w, ContextCreate{kCtx, 0, "replay_big_trace"}) &&
            write(w, ResourceCreate{kRes, kTexture2d, kB8G8R8A8Unorm,
                                    kBindRenderTarget | kBindSamplerView | kBindDisplayTarget,
                                    kSide, kSide, 1, 1, 0, 0, 0}) &&
            write(w, AttachResource{kCtx, kRes});
  std::vector<uint8_t> texels(frame_bytes);
  uint64_t state = 0x9E3779B97F4A7C15ull;
  for (uint64_t f = 0; ok && f < frames; ++f) {
    fill(texels, state);
    Transfer t;
    t.ctx_id = kCtx, t.res_id = kRes;
    t.box = {0, 0, 0, kSide, kSide, 1};
    t.stride = kSide * kBytesPerTexel;
    t.data = texels;
    TransferToHost up;
    static_cast<Transfer&>(up) = t;
    TransferFromHost down;
    static_cast<Transfer&>(down) = t;  // the same bytes: stored once, as a reference
    ok = write(w, up) && write(w, down) && write(w, FrameEnd{f});
  }
  if (auto s = w.finalize(); !s || !ok) {
    if (!s) std::fprintf(stderr, "replay_big_trace: %s\n", s.error().message.c_str());
    return 1;
  }
  const WriterStats stats = w.stats();
  std::printf("replay_big_trace: %s: %llu frames, %llu events, %llu bytes\n", argv[1],
              static_cast<unsigned long long>(frames),
              static_cast<unsigned long long>(stats.events),
              static_cast<unsigned long long>(stats.file_bytes));
  return 0;
}
