#include "tools/vgpu_replay/backend_choice.h"

#include "replay/renderer_backend.h"
#include "replay/virgl_backend.h"

namespace vgpu::tools {

void add_backend_options(CLI::App& app, BackendChoice& choice) {
  app.add_option("--backend", choice.name,
                 "renderer (built in, default) or virglrenderer (libvirglrenderer.so.1)")
      ->check(CLI::IsMember({"renderer", "virglrenderer"}));
  app.add_option("--device", choice.egl_device,
                 "EGL device N (EGL_EXT_device_enumeration) instead of surfaceless llvmpipe")
      ->check(CLI::Range(0, 64));
}

replay::BackendFactory backend_factory(const BackendChoice& choice) {
  if (choice.name == "virglrenderer") {
    return [] { return replay::make_virgl_backend(); };
  }
  return [device = choice.egl_device] {
    renderer::Options options;
    options.egl_device = device;
    return replay::make_renderer_backend(options);
  };
}

}  // namespace vgpu::tools
