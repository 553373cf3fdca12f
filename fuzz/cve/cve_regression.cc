// The CVE regression ctest (corpus/regressions/cve/README.md):
//   cve_regression DIR           replays DIR/<CVE id> through the renderer harness and checks
//                                the behaviour the README claims for it; fails when a file is
//                                missing or differs from what cve_inputs.cc builds today
//   cve_regression --write DIR   (re)writes the inputs
// The same files are also replayed by the renderer harness's own regression ctest.
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <string_view>

#include "fuzz/cve/cve_inputs.h"

namespace {

using vgpu::fuzz::CveCase;

std::vector<uint8_t> read_file(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

bool write_all(const std::filesystem::path& dir) {
  for (const CveCase& c : vgpu::fuzz::cve_cases()) {
    const auto bytes = c.build();
    std::ofstream out(dir / c.id, std::ios::binary);
    out.write(reinterpret_cast<const char*>(bytes.data()), static_cast<std::streamsize>(bytes.size()));
    if (!out) {
      std::fprintf(stderr, "cannot write %s\n", (dir / c.id).c_str());
      return false;
    }
  }
  return true;
}

bool check(const CveCase& c, const std::filesystem::path& dir) {
  const auto bytes = read_file(dir / c.id);
  if (bytes.empty()) {
    std::printf("FAIL %.*s: %s is missing\n", static_cast<int>(c.id.size()), c.id.data(),
                (dir / c.id).c_str());
    return false;
  }
  if (bytes != c.build()) {
    std::printf("FAIL %.*s: the committed input differs from cve_inputs.cc (run --write)\n",
                static_cast<int>(c.id.size()), c.id.data());
    return false;
  }
  const auto run = vgpu::fuzz::RendererHarness::instance().run(bytes);
  const std::string why = c.check(run);
  std::printf("%s %.*s (%zu bytes)%s%s\n", why.empty() ? "ok  " : "FAIL",
              static_cast<int>(c.id.size()), c.id.data(), bytes.size(), why.empty() ? "" : ": ",
              why.c_str());
  for (const auto& d : run.diagnostics) std::printf("       diagnostic: %s\n", d.message.c_str());
  return why.empty();
}

}  // namespace

int main(int argc, char** argv) {
  if (argc == 3 && std::string_view(argv[1]) == "--write") return write_all(argv[2]) ? 0 : 1;
  if (argc != 2) {
    std::fprintf(stderr, "usage: cve_regression [--write] DIR\n");
    return 2;
  }
  int failed = 0;
  for (const CveCase& c : vgpu::fuzz::cve_cases()) failed += check(c, argv[1]) ? 0 : 1;
  std::printf("%zu CVE cases, %d failed\n", vgpu::fuzz::cve_cases().size(), failed);
  return failed == 0 ? 0 : 1;
}
