// decode + validate throughput of the virgl decoder on realistic streams (target: >= 2 GB/s
// per core for each).  BM_Decode* use the base CommandVisitor, so what is measured is the
// decoder itself: framing, the length rule, every field read and every validity rule;
// BM_Decode*ToConsumer add the two indirect calls per command a real visitor costs.
#include <benchmark/benchmark.h>

#include <type_traits>

#include "decoder/decode.h"
#include "tests/support/sample_streams.h"

namespace {

using namespace vgpu::virgl;

// A consumer that overrides every callback, so each command costs the two indirect calls a
// real visitor (renderer, disassembler) pays; with the base CommandVisitor the compiler may
// skip calls it can see are empty.
class CountingVisitor : public CommandVisitor {
 public:
  uint64_t seen = 0;
  void on_command(const CommandLocation& where) override { seen += where.header.length; }
#define VGPU_COUNT(Payload) \
  void on(const Payload&, const CommandLocation&) override { ++seen; }
#define VGPU_COMMAND(id, NAME, Payload, rule, status) VGPU_COUNT(Payload)
#define VGPU_OBJECT(id, NAME, Payload, rule, bindable) VGPU_COUNT(Payload)
#include "decoder/commands.def"
#include "decoder/objects.def"
#undef VGPU_COMMAND
#undef VGPU_OBJECT
#undef VGPU_COUNT
};

template <class Visitor = CommandVisitor>
void run(benchmark::State& state, const std::vector<uint32_t>& stream) {
  Visitor visitor;
  uint32_t commands = 0;
  for (auto _ : state) {
    const DecodeSummary s = decode(stream, visitor);
    if (!s.ok()) state.SkipWithError("the sample stream did not decode cleanly");
    commands = s.commands;
    benchmark::DoNotOptimize(commands);
  }
  if constexpr (!std::is_same_v<Visitor, CommandVisitor>) benchmark::DoNotOptimize(visitor);
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations()) *
                          static_cast<int64_t>(stream.size() * 4));
  state.counters["commands"] = commands;
  state.counters["commands_per_s"] = benchmark::Counter(
      static_cast<double>(commands), benchmark::Counter::kIsIterationInvariantRate);
}

std::vector<uint32_t> draw_heavy() {
  auto stream = vgpu::testing::setup_stream();
  const auto draws = vgpu::testing::draw_heavy_stream(2000);
  stream.insert(stream.end(), draws.begin(), draws.end());
  return stream;
}

std::vector<uint32_t> upload_heavy() {
  auto stream = vgpu::testing::setup_stream();
  const auto uploads = vgpu::testing::upload_heavy_stream(256, 16384);
  stream.insert(stream.end(), uploads.begin(), uploads.end());
  return stream;
}

void BM_DecodeDrawHeavy(benchmark::State& state) { run(state, draw_heavy()); }
BENCHMARK(BM_DecodeDrawHeavy);

void BM_DecodeUploadHeavy(benchmark::State& state) { run(state, upload_heavy()); }
BENCHMARK(BM_DecodeUploadHeavy);

// The same streams delivered to a visitor that overrides every callback.
void BM_DecodeDrawHeavyToConsumer(benchmark::State& state) {
  run<CountingVisitor>(state, draw_heavy());
}
BENCHMARK(BM_DecodeDrawHeavyToConsumer);

void BM_DecodeUploadHeavyToConsumer(benchmark::State& state) {
  run<CountingVisitor>(state, upload_heavy());
}
BENCHMARK(BM_DecodeUploadHeavyToConsumer);

}  // namespace

BENCHMARK_MAIN();
