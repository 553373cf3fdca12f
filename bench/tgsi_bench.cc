// Parse + validate, and parse + validate + translate to GLSL, of every real shader of
// corpus/shaders (captured from Mesa's virgl driver running piglit): shaders per second on one
// core, as the renderer pays it the first time it sees a shader.
#include <benchmark/benchmark.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include "decoder/tgsi/validator.h"
#include "renderer/shader/glsl_translator.h"

namespace {

// Every .tgsi of the corpus, in name order (the refused ones included: refusing costs too).
const std::vector<std::string>& corpus() {
  static const std::vector<std::string> texts = [] {
    std::vector<std::filesystem::path> paths;
    for (const auto& e : std::filesystem::directory_iterator(VGPU_CORPUS_DIR "/shaders")) {
      if (e.path().extension() == ".tgsi") paths.push_back(e.path());
    }
    std::sort(paths.begin(), paths.end());
    std::vector<std::string> out;
    for (const auto& p : paths) {
      std::ifstream in(p, std::ios::binary);
      out.emplace_back(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
    }
    return out;
  }();
  return texts;
}

void report(benchmark::State& state, size_t bytes) {
  const auto n = static_cast<double>(corpus().size());
  state.counters["shaders"] = n;
  state.counters["shaders_per_s"] =
      benchmark::Counter(n, benchmark::Counter::kIsIterationInvariantRate);
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations()) * static_cast<int64_t>(bytes));
}

void BM_ParseValidate(benchmark::State& state) {
  size_t bytes = 0, valid = 0;
  for (const std::string& t : corpus()) bytes += t.size();
  for (auto _ : state) {
    valid = 0;
    for (const std::string& t : corpus()) valid += vgpu::tgsi::parse_and_validate(t).ok() ? 1 : 0;
    benchmark::DoNotOptimize(valid);
  }
  if (valid == 0) state.SkipWithError("no shader of the corpus validated");
  report(state, bytes);
}

void BM_ParseValidateTranslate(benchmark::State& state) {
  size_t bytes = 0, translated = 0;
  for (const std::string& t : corpus()) bytes += t.size();
  for (auto _ : state) {
    translated = 0;
    for (const std::string& t : corpus()) {
      const vgpu::tgsi::CheckedShader checked = vgpu::tgsi::parse_and_validate(t);
      if (!checked.ok()) continue;
      auto glsl = vgpu::shader::translate(checked.shader, {}, {});
      translated += glsl.ok() ? 1 : 0;
      benchmark::DoNotOptimize(glsl);
    }
  }
  if (translated == 0) state.SkipWithError("no shader of the corpus translated");
  state.counters["translated"] = static_cast<double>(translated);
  report(state, bytes);
}

BENCHMARK(BM_ParseValidate)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_ParseValidateTranslate)->Unit(benchmark::kMillisecond);

}  // namespace

BENCHMARK_MAIN();
