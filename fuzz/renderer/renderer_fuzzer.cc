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

// ASan's defaults for this harness (ASAN_OPTIONS still overrides them).  A quarantine of 64 MB
// instead of 256: every input frees all it allocated (llvmpipe storage, our objects), and with the default
// quarantine each allocation after it came from fresh pages that the kernel had to zero (a third
// of the harness's CPU time went to page faults).  64 MB still holds many inputs' worth of freed
// memory, so a use after free within an input or from the previous one is still caught.
extern "C" const char* __asan_default_options() { return "quarantine_size_mb=64"; }
