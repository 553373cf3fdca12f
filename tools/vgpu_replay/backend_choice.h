// --backend / --device: which back end vgpu-replay drives.
#pragma once

#include <CLI/CLI.hpp>
#include <string>

#include "replay/backend.h"

namespace vgpu::tools {

struct BackendChoice {
  std::string name = "renderer";  // "renderer" or "virglrenderer"
  int egl_device = -1;            // renderer: -1 surfaceless (llvmpipe), N: EGL device N
};

void add_backend_options(CLI::App& app, BackendChoice& choice);

[[nodiscard]] replay::BackendFactory backend_factory(const BackendChoice& choice);

}  // namespace vgpu::tools
