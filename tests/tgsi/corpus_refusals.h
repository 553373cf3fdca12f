// The shaders of corpus/shaders that are known not to get through, with the exact message:
// the lines "- `NAME.tgsi`: `message`" of corpus/shaders/README.md.  Messages starting with
// "TGSI: " are the parser's / validator's, "translate: " the translator's.  Read by the TGSI
// corpus test and the translator's corpus test, so the README is the one list.
#pragma once

#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <string>

namespace vgpu::tgsi::testing {

inline std::map<std::string, std::string> corpus_refusals(const std::filesystem::path& shaders) {
  std::map<std::string, std::string> out;
  std::ifstream readme(shaders / "README.md");
  for (std::string line; std::getline(readme, line);) {
    if (line.rfind("- `", 0) != 0) continue;
    const size_t name_end = line.find("`: `", 3);
    if (name_end == std::string::npos || line.back() != '`') continue;
    out[line.substr(3, name_end - 3)] = line.substr(name_end + 4, line.size() - name_end - 5);
  }
  return out;
}

}  // namespace vgpu::tgsi::testing
