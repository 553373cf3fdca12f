#include "capture/log.h"

#include <errno.h>
#include <unistd.h>

#include <string>

namespace vgpu::capture {

void log_line(std::string_view text) {
  // The running program's name (vgpu-capture, vgpu-server, a test), as GNU tools prefix theirs.
  std::string line = program_invocation_short_name;
  line += ": ";
  line += text;
  line += '\n';
  // One write so that lines of concurrent sessions never interleave; stderr errors are ignored.
  [[maybe_unused]] const ssize_t n = ::write(STDERR_FILENO, line.data(), line.size());
}

}  // namespace vgpu::capture
