// vgpu-trace: inspect virgl command streams and .vtrc traces.
#include <CLI/CLI.hpp>

#include "tools/vgpu_trace/subcommand.h"

namespace vgpu::tools {
std::vector<SubcommandSetup>& subcommand_registry() {
  static std::vector<SubcommandSetup> registry;
  return registry;
}
}  // namespace vgpu::tools

int main(int argc, char** argv) {
  CLI::App app{"vgpu-trace: inspect virgl command streams and .vtrc traces"};
  app.require_subcommand(1);
  int exit_status = 0;
  for (auto setup : vgpu::tools::subcommand_registry()) setup(app, exit_status);
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    const int rc = app.exit(e);
    return rc == 0 ? 0 : 2;
  }
  return exit_status;
}
