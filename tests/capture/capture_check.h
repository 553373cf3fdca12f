// Checks a captured trace against what its client saw: every readback the client dumped must be
// among the trace's TransferFromHost events with identical pixels (readback_compare.h), in the
// same order; FrameEnd must follow exactly the display-target readbacks; and the trace must be
// whole: contexts created and destroyed, at least one Submit, every resource created once and
// released once.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "tests/capture/readback_dump.h"

namespace vgpu::capture_check {

struct CheckOptions {
  // The trace was cut short (capture stopped while the client ran): only the first readbacks of
  // the dump need to be in it, at least `min_readbacks` of them, and readbacks the trace recorded
  // after the last matched one (the client died before dumping them) are allowed.
  bool partial = false;
  uint64_t min_readbacks = 0;
};

struct CheckReport {
  std::vector<std::string> compared;  // one line per matched readback: what was compared
  std::vector<std::string> errors;    // empty: the check passed
  std::string summary;
  uint64_t matched = 0;
  [[nodiscard]] bool ok() const { return errors.empty(); }
};

[[nodiscard]] CheckReport check_capture(const std::filesystem::path& trace_path, const Dump& dump,
                                        const CheckOptions& options = {});

}  // namespace vgpu::capture_check
