// vgpu-trace commands: prints the protocol table, one line per command (id, name, length rule),
// then the object kinds of CREATE_OBJECT.  Straight from the table the decoder uses.
#include <CLI/CLI.hpp>
#include <cstdio>
#include <memory>
#include <nlohmann/json.hpp>

#include "decoder/protocol.h"
#include "tools/vgpu_trace/subcommand.h"

namespace vgpu::tools {
namespace {

void print_table(bool json) {
  using namespace vgpu::virgl;
  if (json) {
    nlohmann::json out = {{"commands", nlohmann::json::array()}, {"objects", nlohmann::json::array()}};
    for (const auto& c : command_table())
      out["commands"].push_back({{"id", static_cast<int>(c.id)}, {"name", c.name},
                                 {"length", c.rule.describe()}, {"supported", c.supported}});
    for (const auto& o : object_table())
      out["objects"].push_back({{"id", static_cast<int>(o.type)}, {"name", o.name},
                                {"length", o.rule.describe()}, {"bindable", o.bindable}});
    std::printf("%s\n", out.dump(2).c_str());
    return;
  }
  for (const auto& c : command_table())
    std::printf("%2d  %-32.*s %s%s\n", static_cast<int>(c.id), static_cast<int>(c.name.size()),
                c.name.data(), c.rule.describe().c_str(), c.supported ? "" : "  [unsupported]");
  std::printf("\nCREATE_OBJECT kinds (object type in header bits 8-15):\n");
  for (const auto& o : object_table())
    std::printf("%2d  %-32.*s %s%s\n", static_cast<int>(o.type), static_cast<int>(o.name.size()),
                o.name.data(), o.rule.describe().c_str(), o.bindable ? "  [bindable]" : "");
}

void setup(CLI::App& parent, int& exit_status) {
  auto* cmd = parent.add_subcommand("commands", "Print the virgl protocol table");
  auto json = std::make_shared<bool>(false);
  cmd->add_flag("--json", *json, "Print as JSON");
  cmd->callback([json, &exit_status] {
    print_table(*json);
    exit_status = 0;
  });
}

SubcommandRegistrar registrar{&setup};

}  // namespace
}  // namespace vgpu::tools
