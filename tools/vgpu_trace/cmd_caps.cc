// vgpu-trace caps TRACE [--diff OTHER] [--json]: the capsets the guest of a trace was given,
// field by field (flags and formats by name), or the fields where two traces' hosts differ.
// Which features a guest driver enables follows from these bytes, so "why does the guest take
// that path / skip that test on this host" starts here.
#include <CLI/CLI.hpp>

#include <cstdio>
#include <iostream>
#include <map>
#include <nlohmann/json.hpp>

#include "decoder/capset.h"
#include "tools/vgpu_trace/subcommand.h"
#include "trace/trace_reader.h"

namespace {

using namespace vgpu::trace;

struct Capset {
  uint32_t id = 0, version = 0;
  size_t size = 0;
  vgpu::virgl::DecodedCapset decoded;
};

// The first capset of each id in the trace (a capture records each as the guest asked for it).
Result<std::map<uint32_t, Capset>> read_capsets(const std::string& path) {
  auto reader = TraceReader::open(path);
  if (!reader) return reader.error();
  std::map<uint32_t, Capset> out;
  Event e;
  while (true) {
    auto more = reader.value()->next(e);
    if (!more) return more.error();
    if (!more.value()) break;
    const auto* info = std::get_if<CapsetInfo>(&e.body);
    if (info == nullptr || out.count(info->capset_id) != 0) continue;
    out[info->capset_id] = {info->capset_id, info->version, info->data.size(),
                            vgpu::virgl::decode_capset(info->data)};
  }
  return out;
}

void print(const Capset& c) {
  std::printf("capset %u version %u (%zu bytes)\n", c.id, c.version, c.size);
  for (const auto& f : c.decoded.fields) std::printf("  %-38s %s\n", f.name.c_str(), f.value.c_str());
  if (c.decoded.truncated_at != 0) {
    std::printf("  (ends inside a field at byte %zu)\n", c.decoded.truncated_at);
  }
}

nlohmann::ordered_json to_json(const Capset& c) {
  nlohmann::ordered_json fields = nlohmann::ordered_json::object();
  for (const auto& f : c.decoded.fields) fields[f.name] = f.value;
  return {{"capset", c.id}, {"version", c.version}, {"bytes", c.size}, {"fields", fields}};
}

// Prints the fields that differ (or exist on one side only); returns how many.
size_t print_diff(const Capset& a, const Capset& b) {
  std::map<std::string, std::pair<std::string, std::string>> rows;
  for (const auto& f : a.decoded.fields) rows[f.name].first = f.value;
  for (const auto& f : b.decoded.fields) rows[f.name].second = f.value;
  size_t differing = 0;
  std::printf("capset %u: %zu bytes vs %zu bytes\n", a.id, a.size, b.size);
  for (const auto& f : a.decoded.fields) {  // wire order, then the fields only b has
    const auto& [va, vb] = rows[f.name];
    if (va == vb) continue;
    ++differing;
    std::printf("  %s\n    - %s\n    + %s\n", f.name.c_str(), va.c_str(),
                vb.empty() ? "(absent)" : vb.c_str());
  }
  for (const auto& f : b.decoded.fields) {
    if (!rows[f.name].first.empty()) continue;
    ++differing;
    std::printf("  %s\n    - (absent)\n    + %s\n", f.name.c_str(), f.value.c_str());
  }
  return differing;
}

struct Args {
  std::string trace, diff;
  bool json = false;
};

void setup(CLI::App& parent, int& exit_status) {
  auto args = std::make_shared<Args>();
  CLI::App* cmd = parent.add_subcommand("caps", "Print the capsets a trace's guest was given");
  cmd->add_option("trace", args->trace, "trace file")->required();
  cmd->add_option("--diff", args->diff, "a second trace: print only the fields that differ");
  cmd->add_flag("--json", args->json, "print JSON");
  cmd->callback([args, &exit_status] {
    auto mine = read_capsets(args->trace);
    if (!mine) {
      std::cerr << args->trace << ": " << mine.error().message << "\n";
      exit_status = 2;
      return;
    }
    if (mine.value().empty()) {
      std::cerr << args->trace << ": no capset in this trace\n";
      exit_status = 1;
      return;
    }
    if (!args->diff.empty()) {
      auto other = read_capsets(args->diff);
      if (!other) {
        std::cerr << args->diff << ": " << other.error().message << "\n";
        exit_status = 2;
        return;
      }
      size_t differing = 0;
      for (const auto& [id, c] : mine.value()) {
        auto it = other.value().find(id);
        if (it == other.value().end()) {
          std::printf("capset %u: only in %s\n", id, args->trace.c_str());
          ++differing;
          continue;
        }
        differing += print_diff(c, it->second);
      }
      std::printf("%zu differing field(s)\n", differing);
      exit_status = differing == 0 ? 0 : 1;
      return;
    }
    if (args->json) {
      nlohmann::ordered_json all = nlohmann::ordered_json::array();
      for (const auto& [id, c] : mine.value()) all.push_back(to_json(c));
      std::cout << all.dump(2) << "\n";
    } else {
      for (const auto& [id, c] : mine.value()) print(c);
    }
    exit_status = 0;
  });
}

}  // namespace

static vgpu::tools::SubcommandRegistrar reg{&setup};
