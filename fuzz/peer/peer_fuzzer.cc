// The renderer harness's input (fuzz/renderer/renderer_ops.def) fed to libvirglrenderer, the
// peer host, instead of our renderer: our structure-aware mutator against the reference
// implementation.  Only crashes, sanitizer reports and hangs are findings (the peer has no
// diagnostics channel); its own leaks are not ours, so run it with detect_leaks=0.  Built only
// when pkg-config finds virglrenderer (fuzz/CMakeLists.txt); no ctest: its findings are the
// peer's to fix, written up in docs/fuzzing.md.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>

#include "fuzz/peer/virglrenderer_target.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static vgpu::fuzz::RendererHarness harness = [] {
    auto target = vgpu::fuzz::make_virglrenderer_target();
    if (!target) {
      std::fprintf(stderr, "peer harness: virgl_renderer_init failed\n");
      std::exit(1);
    }
    return vgpu::fuzz::RendererHarness(std::move(target));
  }();
  (void)harness.run({data, size});
  return 0;
}
