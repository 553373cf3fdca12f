// libvirglrenderer (the peer host) as the renderer harness's target: the same structure-aware
// scripts as fuzz/renderer/, fed to the reference implementation.  Findings there are not ours
// to fix: they are written up in docs/fuzzing.md ("peer") with their inputs.
#pragma once

#include <memory>

#include "fuzz/renderer/renderer_harness.h"

namespace vgpu::fuzz {

// Initialises virglrenderer once (EGL, surfaceless); nullptr when it refuses.
[[nodiscard]] std::unique_ptr<HarnessTarget> make_virglrenderer_target();

}  // namespace vgpu::fuzz
