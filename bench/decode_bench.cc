// decode + validate throughput of the virgl decoder on realistic streams (target: >= 2 GB/s
// per core for each).  The visitor is the base CommandVisitor, so what is measured is the
// decoder itself: framing, the length rule, every field read and every validity rule.
#include <benchmark/benchmark.h>

#include "decoder/decode.h"
#include "tests/support/sample_streams.h"

namespace {

using namespace vgpu::virgl;

void run(benchmark::State& state, const std::vector<uint32_t>& stream) {
  CommandVisitor visitor;
  uint32_t commands = 0;
  for (auto _ : state) {
    const DecodeSummary s = decode(stream, visitor);
    if (!s.ok()) state.SkipWithError("the sample stream did not decode cleanly");
    commands = s.commands;
    benchmark::DoNotOptimize(commands);
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations()) *
                          static_cast<int64_t>(stream.size() * 4));
  state.counters["commands"] = commands;
  state.counters["commands_per_s"] = benchmark::Counter(
      static_cast<double>(commands), benchmark::Counter::kIsIterationInvariantRate);
}

void BM_DecodeDrawHeavy(benchmark::State& state) {
  auto stream = vgpu::testing::setup_stream();
  const auto draws = vgpu::testing::draw_heavy_stream(2000);
  stream.insert(stream.end(), draws.begin(), draws.end());
  run(state, stream);
}
BENCHMARK(BM_DecodeDrawHeavy);

void BM_DecodeUploadHeavy(benchmark::State& state) {
  auto stream = vgpu::testing::setup_stream();
  const auto uploads = vgpu::testing::upload_heavy_stream(256, 16384);
  stream.insert(stream.end(), uploads.begin(), uploads.end());
  run(state, stream);
}
BENCHMARK(BM_DecodeUploadHeavy);

}  // namespace

BENCHMARK_MAIN();
