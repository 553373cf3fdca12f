// libvirglrenderer (the reference implementation QEMU and crosvm load) as a replay back end, so
// that one trace runs on both it and the built-in renderer (differential testing).
//
// The library is dlopen()ed (libvirglrenderer.so.1, Debian libvirglrenderer1) rather than
// linked: vgpu-replay runs without it, and says so in one line when --backend virglrenderer
// asks for it.  It keeps global state, so there is one instance per process at a time.  It owns
// its EGL (VIRGL_RENDERER_USE_EGL | USE_SURFACELESS: llvmpipe unless the host has a GPU).
#pragma once

#include <memory>

#include "replay/backend.h"

namespace vgpu::replay {

[[nodiscard]] trace::Result<std::unique_ptr<Backend>> make_virgl_backend();

}  // namespace vgpu::replay
