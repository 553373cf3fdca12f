// Runs every file of the given directories through the harness's LLVMFuzzerTestOneInput,
// without libFuzzer, so gcc builds replay the seeds and every crasher ever found (zstd's
// tests/fuzz/regression_driver.c does the same).  A crash or sanitizer report fails the ctest;
// running no input at all fails it too, since that would prove nothing.  The summary names the
// slowest input and the total time, which is where a harness's exec/s goes (docs/fuzzing.md).
#include <algorithm>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <vector>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size);

int main(int argc, char** argv) {
  namespace fs = std::filesystem;
  using Clock = std::chrono::steady_clock;
  using Us = std::chrono::microseconds;
  size_t inputs = 0;
  Clock::duration total{}, slowest{};
  fs::path slowest_file;
  for (int i = 1; i < argc; ++i) {
    const fs::path dir = argv[i];
    if (!fs::is_directory(dir)) {
      std::fprintf(stderr, "regression driver: %s is not a directory, skipped\n", argv[i]);
      continue;
    }
    std::vector<fs::path> files;
    for (const auto& entry : fs::recursive_directory_iterator(dir))
      if (entry.is_regular_file() && entry.path().filename().string()[0] != '.')
        files.push_back(entry.path());
    std::sort(files.begin(), files.end());
    for (const auto& file : files) {
      std::ifstream in(file, std::ios::binary);
      std::vector<uint8_t> bytes((std::istreambuf_iterator<char>(in)),
                                 std::istreambuf_iterator<char>());
      std::fprintf(stderr, "running %s (%zu bytes)\n", file.c_str(), bytes.size());
      const Clock::time_point start = Clock::now();
      LLVMFuzzerTestOneInput(bytes.data(), bytes.size());
      const Clock::duration took = Clock::now() - start;
      total += took;
      std::fprintf(stderr, "  %lld us\n", static_cast<long long>(
                                             std::chrono::duration_cast<Us>(took).count()));
      if (took >= slowest) {
        slowest = took;
        slowest_file = file;
      }
      ++inputs;
    }
  }
  std::printf("regression driver: %zu inputs ran without a crash in %lld us",
              inputs, static_cast<long long>(std::chrono::duration_cast<Us>(total).count()));
  if (inputs > 0) {
    std::printf(" (slowest: %s, %lld us)", slowest_file.c_str(),
                static_cast<long long>(std::chrono::duration_cast<Us>(slowest).count()));
  }
  std::printf("\n");
  return inputs > 0 ? 0 : 1;
}
