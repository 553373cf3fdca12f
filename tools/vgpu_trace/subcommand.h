// vgpu-trace subcommands register themselves here: one file per subcommand, one registrar each.
#pragma once

#include <vector>

namespace CLI {
class App;
}

namespace vgpu::tools {

// Adds one subcommand to `parent`.  Its callback stores the process exit status in `exit_status`
// (0 success, 1 the input has a defect the command reports, 2 unusable input or arguments).
using SubcommandSetup = void (*)(CLI::App& parent, int& exit_status);

std::vector<SubcommandSetup>& subcommand_registry();

struct SubcommandRegistrar {
  explicit SubcommandRegistrar(SubcommandSetup setup) { subcommand_registry().push_back(setup); }
};

}  // namespace vgpu::tools
