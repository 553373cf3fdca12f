// vgpu-trace info TRACE [--json]: what a trace holds (frames, events per kind, virgl command
// histogram, raw vs stored bytes, duration, contexts, resources) in one pass.
#include <CLI/CLI.hpp>

#include <cstdio>
#include <iostream>
#include <nlohmann/json.hpp>

#include "decoder/protocol.h"
#include "tools/vgpu_trace/subcommand.h"
#include "trace/trace_reader.h"
#include "trace/trace_summary.h"

namespace {

using namespace vgpu::trace;

// Damage found in the file is a defect (1); a file that is not a trace or cannot be read is
// unusable input (2).
int status_for(const Error& e) {
  return e.code == ErrorCode::Corrupt || e.code == ErrorCode::TooLarge ? 1 : 2;
}

double ratio(uint64_t raw, uint64_t stored) {
  return stored == 0 ? 0.0 : static_cast<double>(raw) / static_cast<double>(stored);
}

nlohmann::ordered_json to_json(const TraceReader& r, const TraceSummary& s) {
  nlohmann::ordered_json kinds = nlohmann::ordered_json::object();
  for (size_t k = 0; k < kEventKindCount; ++k) {
    if (s.per_kind[k]) kinds[std::string(event_kind_name(k))] = s.per_kind[k];
  }
  nlohmann::ordered_json commands = nlohmann::ordered_json::object();
  for (auto [id, n] : s.commands) commands[std::string(vgpu::virgl::command_name(id))] = n;
  const CaptureInfo& c = r.capture_info();
  nlohmann::ordered_json capsets = nlohmann::ordered_json::array();
  for (const auto& cs : c.capsets) capsets.push_back({{"id", cs.capset_id}, {"max_version", cs.max_version}});
  return {
      {"file", r.name()},
      {"format_version", "1." + std::to_string(r.version_minor())},
      {"capture",
       {{"tool", c.tool_version},
        {"time_ns", c.capture_time_ns},
        {"guest_process", c.guest_process},
        {"transport", c.transport},
        {"protocol_version", c.protocol_version},
        {"capsets", capsets}}},
      {"indexed", r.index() != nullptr},
      {"frames", s.frames},
      {"events", s.events},
      {"events_per_kind", kinds},
      {"virgl_commands", commands},
      {"duration_ns", s.duration_ns},
      {"contexts", s.contexts.size()},
      {"resources", s.resources.size()},
      {"raw_bytes", s.raw_bytes},
      {"uncompressed_bytes", s.uncompressed_bytes},
      {"file_bytes", s.file_bytes},
      {"payload_refs", s.payload_refs},
      {"compression_ratio", ratio(s.raw_bytes, s.file_bytes)},
      {"warnings", r.warnings()},
      {"error", s.error ? nlohmann::ordered_json(s.error->message) : nlohmann::ordered_json()},
  };
}

void print_text(const TraceReader& r, const TraceSummary& s) {
  const CaptureInfo& c = r.capture_info();
  std::printf("file:        %s (format 1.%u%s)\n", r.name().c_str(), r.version_minor(),
              r.index() ? "" : ", no index");
  std::printf("captured by: %s, transport %s v%u, guest process '%s'\n", c.tool_version.c_str(),
              c.transport.c_str(), c.protocol_version, c.guest_process.c_str());
  std::printf("frames:      %llu\n", static_cast<unsigned long long>(s.frames));
  std::printf("events:      %llu\n", static_cast<unsigned long long>(s.events));
  std::printf("duration:    %.3f s\n", static_cast<double>(s.duration_ns) / 1e9);
  std::printf("contexts:    %zu\nresources:   %zu\n", s.contexts.size(), s.resources.size());
  std::printf("bytes:       %llu raw, %llu after dedup, %llu in the file (ratio %.2f:1)\n",
              static_cast<unsigned long long>(s.raw_bytes),
              static_cast<unsigned long long>(s.uncompressed_bytes),
              static_cast<unsigned long long>(s.file_bytes), ratio(s.raw_bytes, s.file_bytes));
  std::printf("\nevents per kind:\n");
  for (size_t k = 0; k < kEventKindCount; ++k) {
    if (s.per_kind[k]) {
      std::printf("  %-20s %llu\n", std::string(event_kind_name(k)).c_str(),
                  static_cast<unsigned long long>(s.per_kind[k]));
    }
  }
  if (!s.commands.empty()) {
    std::printf("\nvirgl commands:\n");
    for (auto [id, n] : s.commands) {
      std::printf("  %-28s %llu\n", std::string(vgpu::virgl::command_name(id)).c_str(),
                  static_cast<unsigned long long>(n));
    }
  }
}

struct Args {
  std::string trace;
  bool json = false;
};

void setup(CLI::App& parent, int& exit_status) {
  auto args = std::make_shared<Args>();
  CLI::App* cmd = parent.add_subcommand("info", "Summarise a .vtrc trace");
  cmd->add_option("trace", args->trace, "trace file")->required();
  cmd->add_flag("--json", args->json, "print JSON");
  cmd->callback([args, &exit_status] {
    auto reader = TraceReader::open(args->trace);
    if (!reader) {
      std::cerr << reader.error().message << "\n";
      exit_status = status_for(reader.error());
      return;
    }
    SummaryOptions o;
    const TraceSummary s = summarize(*reader.value(), o);
    if (args->json) {
      std::cout << to_json(*reader.value(), s).dump(2) << "\n";
    } else {
      print_text(*reader.value(), s);
    }
    for (const std::string& w : reader.value()->warnings()) std::cerr << "warning: " << w << "\n";
    if (s.error) std::cerr << "error: " << s.error->message << "\n";
    exit_status = s.error ? status_for(*s.error) : reader.value()->warnings().empty() ? 0 : 1;
  });
}

}  // namespace

static vgpu::tools::SubcommandRegistrar reg{&setup};
