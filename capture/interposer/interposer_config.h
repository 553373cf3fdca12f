// The interposer's configuration, read from the environment of the process it is preloaded into
// (a VMM has no command line of ours):
//
//   VGPU_CAPTURE_FILE              trace path; "%p" becomes the process id (required: without it
//                                  nothing is recorded)
//   VGPU_CAPTURE_FRAMES            "FIRST-LAST", "FIRST-" or "N": frames before FIRST keep only
//                                  digests of their pixels, and the trace is sealed once frame
//                                  LAST has ended (everything else is always recorded: replay
//                                  needs the state that earlier frames built)
//   VGPU_CAPTURE_LEVEL             zstd level of the trace blocks (-7..19, default 3)
//   VGPU_CAPTURE_FULL_FRAMES_EVERY store a presented frame's pixels in full every N frames
//                                  (default 300, as vgpu-capture; 1 keeps every frame)
#pragma once

#include <sys/types.h>

#include <cstdint>
#include <functional>
#include <limits>
#include <optional>
#include <string>
#include <string_view>

#include "trace/result.h"

namespace vgpu::interposer {

struct InterposerConfig {
  std::string path_template;
  int zstd_level = 3;
  uint32_t full_frames_every = 300;
  uint64_t first_frame = 0;
  uint64_t last_frame = std::numeric_limits<uint64_t>::max();
};

// Looks up one variable; null when unset (getenv in production, a map in tests).
using EnvLookup = std::function<const char*(const char*)>;

// nullopt when VGPU_CAPTURE_FILE is unset or empty (recording is off); an error names the
// variable and the value it could not use.
[[nodiscard]] trace::Result<std::optional<InterposerConfig>> config_from_env(const EnvLookup& env);

// `path_template` with every "%p" replaced by `pid` and "%%" by "%".
[[nodiscard]] std::string expand_path(std::string_view path_template, pid_t pid);

}  // namespace vgpu::interposer
