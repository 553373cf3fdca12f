// The CVE regression set: for each of virglrenderer's 21 published CVEs, an input for the
// renderer harness (fuzz/renderer/renderer_harness.h) that repeats the CVE's pattern against our
// code, and the behaviour corpus/regressions/cve/README.md claims for it.  write_cve_inputs
// writes the inputs to corpus/regressions/cve/; cve_regression replays the committed files,
// checks each claim, and fails when a committed file no longer matches what is built here.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "fuzz/renderer/renderer_harness.h"

namespace vgpu::fuzz {

struct CveCase {
  std::string_view id;  // "CVE-2017-5937"; the file is corpus/regressions/cve/<id>
  std::vector<uint8_t> (*build)();
  // Empty when the run shows the behaviour the README claims; otherwise what differs.
  std::string (*check)(const RendererRun&);
};

[[nodiscard]] const std::vector<CveCase>& cve_cases();

}  // namespace vgpu::fuzz
