// The Mesa environment of the harnesses that run GL (renderer, server, peer), set before the
// first EGL call.  Mesa's on-disk shader cache is turned off: it is shared by every process of
// the user, so concurrent fuzzers race on its files (one such race leaked a path string inside
// Mesa, which LeakSanitizer reported as a server-harness finding), a long run fills it without
// bound, and whether a shader was cached by an earlier process would make an input's behaviour
// depend on history.  A variable the user set is left alone.
#pragma once

#include <cstdlib>

namespace vgpu::fuzz {

inline void set_mesa_environment() { ::setenv("MESA_SHADER_CACHE_DISABLE", "true", 0); }

}  // namespace vgpu::fuzz
