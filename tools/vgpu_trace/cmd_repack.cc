// vgpu-trace repack IN OUT [--level N] [--block-size BYTES]: rewrites a trace with another zstd
// level or block size (and recovers what a damaged trace still holds into a clean one).
#include <CLI/CLI.hpp>

#include <cstdio>
#include <filesystem>
#include <iostream>

#include "tools/vgpu_trace/subcommand.h"
#include "trace/event_pump.h"
#include "trace/trace_reader.h"
#include "trace/trace_writer.h"

namespace {

using namespace vgpu::trace;

int status_for(const Error& e) {
  return e.code == ErrorCode::Corrupt || e.code == ErrorCode::TooLarge ? 1 : 2;
}

struct Args {
  std::string in, out;
  int level = 3;
  size_t block_size = 1u << 20;
};

int run(const Args& args) {
  std::error_code ec;
  if (std::filesystem::equivalent(args.in, args.out, ec)) {
    std::cerr << args.out << ": is the input file; repack writes a new file\n";
    return 2;
  }
  auto reader = TraceReader::open(args.in);
  if (!reader) {
    std::cerr << reader.error().message << "\n";
    return status_for(reader.error());
  }
  WriterOptions o;
  o.level = args.level;
  o.block_size = args.block_size;
  auto writer = TraceWriter::create(args.out, reader.value()->capture_info(), o);
  if (!writer) {
    std::cerr << writer.error().message << "\n";
    return 2;
  }
  auto n = pump_events(*reader.value(), *writer.value());
  const Status done = writer.value()->finalize();
  for (const std::string& w : reader.value()->warnings()) std::cerr << "warning: " << w << "\n";
  if (!done.ok()) {
    std::cerr << "error: " << done.error().message << "\n";
    return 2;
  }
  if (!n) {
    std::cerr << "error: " << n.error().message << "\n";
    std::cerr << "the events before the damage were written to " << args.out << "\n";
    return status_for(n.error());
  }
  const WriterStats st = writer.value()->stats();
  std::printf("%s -> %s: %llu events, %llu -> %llu bytes\n", args.in.c_str(), args.out.c_str(),
              static_cast<unsigned long long>(n.value()),
              static_cast<unsigned long long>(reader.value()->file_size()),
              static_cast<unsigned long long>(st.file_bytes));
  return reader.value()->warnings().empty() ? 0 : 1;
}

void setup(CLI::App& parent, int& exit_status) {
  auto args = std::make_shared<Args>();
  CLI::App* cmd = parent.add_subcommand("repack", "Rewrite a .vtrc trace with other settings");
  cmd->add_option("in", args->in, "input trace")->required();
  cmd->add_option("out", args->out, "output trace")->required();
  cmd->add_option("--level", args->level, "zstd level (default 3)")
      ->check(CLI::Range(-7, 22));
  cmd->add_option("--block-size", args->block_size, "uncompressed bytes per block (default 1 MiB)")
      ->check(CLI::Range(size_t{4096}, size_t{256} << 20));
  cmd->callback([args, &exit_status] { exit_status = run(*args); });
}

}  // namespace

static vgpu::tools::SubcommandRegistrar reg{&setup};
