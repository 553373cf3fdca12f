// Capture's diagnostics go to stderr, one line each, prefixed so they stand out from the guest's
// own output when vgpu-capture runs a program.  Thread-safe (one write(2) per line).
#pragma once

#include <string_view>

namespace vgpu::capture {

void log_line(std::string_view text);

}  // namespace vgpu::capture
