#include "capture/log.h"

#include <unistd.h>

#include <string>

namespace vgpu::capture {

void log_line(std::string_view text) {
  std::string line = "vgpu-capture: ";
  line += text;
  line += '\n';
  // One write so that lines of concurrent sessions never interleave; stderr errors are ignored.
  [[maybe_unused]] const ssize_t n = ::write(STDERR_FILENO, line.data(), line.size());
}

}  // namespace vgpu::capture
