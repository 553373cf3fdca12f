// vgpu-trace dump TRACE [--frames A-B] [--json]: every event, Submit payloads disassembled.
#include <CLI/CLI.hpp>

#include <charconv>
#include <cstdio>
#include <iostream>
#include <nlohmann/json.hpp>
#include <optional>

#include "decoder/disasm.h"
#include "tools/vgpu_trace/subcommand.h"
#include "trace/event_format.h"
#include "trace/trace_reader.h"

namespace {

using namespace vgpu::trace;

int status_for(const Error& e) {
  return e.code == ErrorCode::Corrupt || e.code == ErrorCode::TooLarge ? 1 : 2;
}

struct FrameRange {
  uint64_t first = 0;
  uint64_t last = UINT64_MAX;  // inclusive
};

// "7", "3-9", "3-" (to the end).
std::optional<FrameRange> parse_frames(const std::string& s) {
  auto number = [](std::string_view t, uint64_t& v) {
    auto [p, ec] = std::from_chars(t.data(), t.data() + t.size(), v);
    return ec == std::errc() && p == t.data() + t.size() && !t.empty();
  };
  FrameRange r;
  const size_t dash = s.find('-');
  if (dash == std::string::npos) {
    if (!number(s, r.first)) return std::nullopt;
    r.last = r.first;
    return r;
  }
  const std::string_view sv(s);
  if (!number(sv.substr(0, dash), r.first)) return std::nullopt;
  if (dash + 1 < s.size() && !number(sv.substr(dash + 1), r.last)) return std::nullopt;
  if (r.last < r.first) return std::nullopt;
  return r;
}

void print_text(const Event& e, uint64_t frame) {
  std::printf("#%llu frame %llu +%lluns %s %s\n", static_cast<unsigned long long>(e.number),
              static_cast<unsigned long long>(frame), static_cast<unsigned long long>(e.delta_ns),
              std::string(event_kind_name(e)).c_str(), event_fields_text(e.body).c_str());
  if (const auto* s = std::get_if<Submit>(&e.body)) {
    const std::string text = vgpu::virgl::disassemble(s->dwords);
    size_t start = 0;
    while (start < text.size()) {  // indent each line of the listing under its event
      const size_t end = text.find('\n', start);
      const size_t stop = end == std::string::npos ? text.size() : end;
      std::printf("    %.*s\n", static_cast<int>(stop - start), text.data() + start);
      start = stop + 1;
    }
  }
}

struct Args {
  std::string trace;
  std::string frames;
  bool json = false;
};

int run(const Args& args) {
  FrameRange range;
  if (!args.frames.empty()) {
    auto r = parse_frames(args.frames);
    if (!r) {
      std::cerr << "--frames " << args.frames << ": expected N, A-B or A-\n";
      return 2;
    }
    range = *r;
  }
  auto reader = TraceReader::open(args.trace);
  if (!reader) {
    std::cerr << reader.error().message << "\n";
    return status_for(reader.error());
  }
  TraceReader& r = *reader.value();
  if (range.first > 0) {
    if (Status s = r.seek_frame(range.first); !s) {
      std::cerr << s.error().message << "\n";
      return status_for(s.error());
    }
  }
  uint64_t frame = range.first;
  bool first = true;
  if (args.json) std::cout << "[";
  Event e;
  std::optional<Error> error;
  while (frame <= range.last) {
    auto more = r.next(e);
    if (!more) {
      error = more.error();
      break;
    }
    if (!more.value()) break;
    if (args.json) {
      auto j = event_to_json(e);
      j["frame"] = frame;
      if (const auto* s = std::get_if<Submit>(&e.body)) {
        j["commands"] = vgpu::virgl::disassemble_json(s->dwords);
      }
      std::cout << (first ? "\n" : ",\n") << j.dump(-1, ' ', false,
                                                      nlohmann::json::error_handler_t::replace);
      first = false;
    } else {
      print_text(e, frame);
    }
    if (std::holds_alternative<FrameEnd>(e.body)) ++frame;
  }
  if (args.json) std::cout << "\n]\n";
  std::cout.flush();
  for (const std::string& w : r.warnings()) std::cerr << "warning: " << w << "\n";
  if (error) {
    std::cerr << "error: " << error->message << "\n";
    return status_for(*error);
  }
  return r.warnings().empty() ? 0 : 1;
}

void setup(CLI::App& parent, int& exit_status) {
  auto args = std::make_shared<Args>();
  CLI::App* cmd = parent.add_subcommand("dump", "Print every event of a .vtrc trace");
  cmd->add_option("trace", args->trace, "trace file")->required();
  cmd->add_option("--frames", args->frames, "frame range: N, A-B or A- (frame 0 is the first)");
  cmd->add_flag("--json", args->json, "print a JSON array of events");
  cmd->callback([args, &exit_status] { exit_status = run(*args); });
}

}  // namespace

static vgpu::tools::SubcommandRegistrar reg{&setup};
