// vgpu-trace verify TRACE: checks every checksum, the index against the blocks, every payload
// hash, and decodes every submit.  Exit 0 only for an intact trace.
#include <CLI/CLI.hpp>

#include <cstdio>
#include <iostream>

#include "tools/vgpu_trace/subcommand.h"
#include "trace/trace_reader.h"
#include "trace/trace_summary.h"

namespace {

using namespace vgpu::trace;

int status_for(const Error& e) {
  return e.code == ErrorCode::Corrupt || e.code == ErrorCode::TooLarge ? 1 : 2;
}

int run(const std::string& path) {
  auto reader = TraceReader::open(path);
  if (!reader) {
    std::cerr << "FAIL " << reader.error().message << "\n";
    return status_for(reader.error());
  }
  TraceReader& r = *reader.value();
  SummaryOptions o;
  o.check_payload_hashes = true;
  const TraceSummary s = summarize(r, o);
  bool intact = true;
  for (const std::string& w : r.warnings()) {
    std::cerr << "damaged: " << w << "\n";
    intact = false;
  }
  for (const std::string& p : s.problems) {
    std::cerr << "problem: " << p << "\n";
    intact = false;
  }
  if (s.problem_count > s.problems.size()) {
    std::cerr << "... and " << (s.problem_count - s.problems.size()) << " more problems\n";
  }
  if (s.error) {
    std::cerr << "FAIL " << s.error->message << "\n";
    std::cerr << s.events << " events before the damage were intact\n";
    return status_for(s.error.value());
  }
  if (!intact) {
    std::cerr << "FAIL " << path << ": " << s.events << " events readable, "
              << r.warnings().size() + s.problem_count << " problem(s)\n";
    return 1;
  }
  std::printf("OK %s: %llu events, %llu frames, %llu submits decoded, every checksum valid\n",
              path.c_str(), static_cast<unsigned long long>(s.events),
              static_cast<unsigned long long>(s.frames),
              static_cast<unsigned long long>(s.per_kind[EventBody(Submit{}).index()]));
  return 0;
}

void setup(CLI::App& parent, int& exit_status) {
  auto path = std::make_shared<std::string>();
  CLI::App* cmd = parent.add_subcommand(
      "verify", "Check a .vtrc trace: checksums, index, payload hashes, every submit decoded");
  cmd->add_option("trace", *path, "trace file")->required();
  cmd->callback([path, &exit_status] { exit_status = run(*path); });
}

}  // namespace

static vgpu::tools::SubcommandRegistrar reg{&setup};
