// The built-in renderer (renderer/renderer.h) as a replay back end: llvmpipe through EGL
// surfaceless by default, or an EGL device (a real GPU) with --device N.
#pragma once

#include <memory>

#include "renderer/renderer.h"
#include "replay/backend.h"

namespace vgpu::replay {

// Fails (with the renderer's message: no EGL display, no GL 4.5 context...) when there is no
// usable GL.
[[nodiscard]] trace::Result<std::unique_ptr<Backend>> make_renderer_backend(
    const renderer::Options& options);

}  // namespace vgpu::replay
