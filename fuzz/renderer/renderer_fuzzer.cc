// Fuzzes the renderer (renderer/) end to end on llvmpipe through the structure-aware harness in
// renderer_harness.h.  Findings besides sanitizer reports: a GL error (with debug_gl every GL
// error is a diagnostic: some validation let a bad command through to GL) and a failed Status
// (the renderer gave up on input it should have refused).
#include <cstddef>
#include <cstdint>
#include <cstdio>

#include "fuzz/renderer/renderer_harness.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const vgpu::fuzz::RendererRun run =
      vgpu::fuzz::RendererHarness::instance().run({data, size});
  bool finding = !run.failure.empty();
  if (finding) std::fprintf(stderr, "renderer failed: %s\n", run.failure.c_str());
  for (const auto& d : run.diagnostics) {
    if (d.tier != vgpu::renderer::Diagnostic::Tier::GlError) continue;
    std::fprintf(stderr, "GL error (a missing check): %s\n", d.message.c_str());
    finding = true;
  }
  if (finding) __builtin_trap();
  return 0;
}
