// Speed of the .vtrc writer and reader on the synthetic stream of tests/trace/synthetic_stream.h
// (a command buffer re-sent every frame, texture uploads, per-frame readbacks).
//
//   BM_Write/<level>/<dedup>/<filter>: producer-side input throughput (records as if every
//     payload were inline), wall clock, including filtering and compression on the background
//     thread and the file writes; counters: ratio = input bytes / file bytes.
//   BM_Read/<dedup>/<filter>: decompressed bytes per second of a full sequential read that
//     touches every payload (filter: the file has format 1.3's filtered blocks, block_filter.h).
#include <benchmark/benchmark.h>

#include <unistd.h>

#include <filesystem>

#include "tests/trace/synthetic_stream.h"
#include "trace/record_codec.h"
#include "trace/trace_reader.h"
#include "trace/trace_writer.h"

namespace {

using namespace vgpu::trace;

const synthetic::Stream& stream() {
  static const synthetic::Stream s = synthetic::make_stream(120);  // ~62 MiB of events
  return s;
}

uint64_t input_bytes(const std::vector<Event>& events) {
  uint64_t n = 0;
  for (const Event& e : events) n += record_size(e, false);
  return n;
}

std::filesystem::path temp_trace(const char* name) {
  return std::filesystem::temp_directory_path() /
         (std::string(name) + "-" + std::to_string(::getpid()) + ".vtrc");
}

void BM_Write(benchmark::State& state) {
  const auto& events = stream().events;
  WriterOptions o;
  o.level = static_cast<int>(state.range(0));
  o.dedup_min_size = state.range(1) ? 4096 : 0;
  o.filter = state.range(2) != 0;
  const auto path = temp_trace("bench-write");
  uint64_t file_bytes = 0;
  for (auto _ : state) {
    auto w = TraceWriter::create(path, {}, o);
    if (!w) {
      state.SkipWithError(w.error().message.c_str());
      return;
    }
    for (const Event& e : events) {
      if (!w.value()->write(e).ok()) state.SkipWithError("write failed");
    }
    if (!w.value()->finalize().ok()) state.SkipWithError("finalize failed");
    file_bytes = w.value()->stats().file_bytes;
  }
  const uint64_t in = input_bytes(events);
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * in));
  state.counters["ratio"] = static_cast<double>(in) / static_cast<double>(file_bytes);
  state.counters["input_MiB"] = static_cast<double>(in) / (1 << 20);
  state.counters["file_MiB"] = static_cast<double>(file_bytes) / (1 << 20);
  std::filesystem::remove(path);
}
BENCHMARK(BM_Write)
    ->ArgNames({"level", "dedup", "filter"})
    ->Args({3, 1, 1})
    ->Args({3, 1, 0})
    ->Args({3, 0, 1})
    ->Args({1, 1, 1})
    ->Args({9, 1, 1})
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime();

void BM_Read(benchmark::State& state) {
  const auto path = temp_trace("bench-read");
  WriterOptions o;
  o.dedup_min_size = state.range(0) ? 4096 : 0;
  o.filter = state.range(1) != 0;
  {
    auto w = TraceWriter::create(path, {}, o);
    for (const Event& e : stream().events) (void)w.value()->write(e);
    (void)w.value()->finalize();
  }
  uint64_t decompressed = 0, events = 0, raw = 0;
  for (auto _ : state) {
    auto r = TraceReader::open(path);
    if (!r) {
      state.SkipWithError(r.error().message.c_str());
      return;
    }
    Event e;
    uint64_t sum = 0;
    while (r.value()->next(e).value()) {
      ++events;
      raw += record_size(e, false);
      if (const auto* t = std::get_if<TransferFromHost>(&e.body)) sum += t->data.back();
    }
    benchmark::DoNotOptimize(sum);
    decompressed += r.value()->stats().uncompressed_bytes;
  }
  state.SetBytesProcessed(static_cast<int64_t>(decompressed));
  state.counters["events_per_s"] =
      benchmark::Counter(static_cast<double>(events), benchmark::Counter::kIsRate);
  state.counters["event_bytes_per_s"] =
      benchmark::Counter(static_cast<double>(raw), benchmark::Counter::kIsRate);
  std::filesystem::remove(path);
}
BENCHMARK(BM_Read)
    ->ArgNames({"dedup", "filter"})
    ->Args({1, 1})
    ->Args({1, 0})
    ->Args({0, 1})
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime();

}  // namespace

BENCHMARK_MAIN();
