// vgpu-trace disasm FILE: disassembles a raw virgl command buffer (little-endian dwords), one
// line per command with every field named (or --json).  Exit status 0 when every command
// decoded, 1 when the stream has a rejected command or a stream error, 2 when the file cannot
// be used (unreadable, or not a whole number of dwords).
#include <CLI/CLI.hpp>
#include <cstdio>
#include <memory>
#include <cstring>
#include <fstream>
#include <iterator>
#include <nlohmann/json.hpp>
#include <vector>

#include "decoder/decode.h"
#include "decoder/disasm.h"
#include "tools/vgpu_trace/subcommand.h"

namespace vgpu::tools {
namespace {

int run(const std::string& path, bool json) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    std::fprintf(stderr, "vgpu-trace disasm: cannot open %s: %s\n", path.c_str(),
                 std::strerror(errno));
    return 2;
  }
  std::vector<char> bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  if (bytes.size() % 4 != 0) {
    std::fprintf(stderr,
                 "vgpu-trace disasm: %s: %zu bytes is not a whole number of dwords (a virgl "
                 "command buffer is little-endian uint32 words)\n",
                 path.c_str(), bytes.size());
    return 2;
  }
  std::vector<uint32_t> words(bytes.size() / 4);
  if (!words.empty()) std::memcpy(words.data(), bytes.data(), bytes.size());

  virgl::DecodeSummary summary;
  if (json) {
    std::printf("%s\n", virgl::disassemble_json(words, &summary).dump(2).c_str());
  } else {
    std::fputs(virgl::disassemble(words, &summary).c_str(), stdout);
  }
  std::fprintf(stderr, "%u commands, %u rejected%s\n", summary.commands, summary.rejected,
               summary.stream_error ? ", stream error" : "");
  return summary.ok() ? 0 : 1;
}

void setup(CLI::App& parent, int& exit_status) {
  auto* cmd = parent.add_subcommand("disasm", "Disassemble a raw virgl command buffer");
  auto path = std::make_shared<std::string>();
  cmd->add_option("FILE", *path, "Command buffer: little-endian dwords")->required();
  auto json = std::make_shared<bool>(false);
  cmd->add_flag("--json", *json, "Print as JSON");
  cmd->callback([path, json, &exit_status] { exit_status = run(*path, *json); });
}

SubcommandRegistrar registrar{&setup};

}  // namespace
}  // namespace vgpu::tools
