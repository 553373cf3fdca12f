// vgpu-check-readbacks: checks a capture against the readbacks its client dumped (capture_check.h).
//
//   vgpu-check-readbacks --trace out.vtrc --dump DIR [--partial --min-readbacks N]
//
// Prints one line per compared readback and a summary; exit status 0 when everything matched,
// 1 on any mismatch or damage (each on its own "FAIL:" line), 2 for a usage error.
#include <CLI/CLI.hpp>
#include <cstdio>
#include <string>

#include "tests/capture/capture_check.h"

int main(int argc, char** argv) {
  std::string trace_path, dump_dir;
  vgpu::capture_check::CheckOptions options;
  CLI::App app{"Check a vgpu-capture trace against a GL client's --dump readbacks",
               "vgpu-check-readbacks"};
  app.add_option("--trace", trace_path, "the .vtrc trace")->required();
  app.add_option("--dump", dump_dir, "the client's --dump directory")->required();
  app.add_flag("--partial", options.partial,
               "the trace was cut short: only a prefix of the dump must be in it");
  app.add_option("--min-readbacks", options.min_readbacks,
                 "with --partial: how many readbacks must at least be matched");
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e) == 0 ? 0 : 2;
  }

  auto dump = vgpu::capture_check::load_dump(dump_dir);
  if (!dump.ok()) {
    std::fprintf(stderr, "vgpu-check-readbacks: FAIL: %s\n", dump.error().message.c_str());
    return 1;
  }
  const auto report = vgpu::capture_check::check_capture(trace_path, dump.value(), options);
  for (const auto& line : report.compared) std::printf("compared: %s\n", line.c_str());
  for (const auto& line : report.errors) {
    std::fprintf(stderr, "vgpu-check-readbacks: FAIL: %s\n", line.c_str());
  }
  std::printf("%s: %s: %s\n", report.ok() ? "OK" : "FAILED", trace_path.c_str(),
              report.summary.c_str());
  return report.ok() ? 0 : 1;
}
