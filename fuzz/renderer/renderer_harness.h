// The renderer harness: runs one fuzz input (a script of renderer_ops.def operations) against a
// Renderer that lives for the whole process (EGL and llvmpipe start once: re-initialising per
// input is what makes virglrenderer's public harness slow), and returns what the renderer said.
//
// Input layout:
//   4 config bytes, always consumed:
//     bit 0  remap ids: SUBMIT buffers and the ops' resource ids are folded onto the live set
//            (id_remap.h) so mutations reach draws; off, ids are used exactly as written (the
//            CVE inputs name precise ids)
//     bit 1  skip the pipeline setup (start from an empty context 1)
//   then operations until the input ends.
// Per input: context 1 is created, resources 1..4 (colour, depth, vertex buffer, texture) are
// created and attached, and a valid pipeline (sample_streams.h's setup_stream(): shaders,
// state objects, sampler view, framebuffer) is submitted, with one draw (draw_heavy_stream(1))
// that binds all of it; afterwards Renderer::reset() destroys every context and resource, so
// nothing the guest could see carries over to the next input.  What does carry over is kept on
// purpose for speed: the EGL contexts (reused by the next input's contexts, with llvmpipe's
// compiled shader variants) and the program cache (the setup's shaders link once per process).
#pragma once

#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <vector>

#include "fuzz/renderer/renderer_ops.h"
#include "renderer/renderer.h"

namespace vgpu::fuzz {

struct RendererRun {
  std::vector<renderer::Diagnostic> diagnostics;  // of the input's operations (setup excluded)
  std::string failure;          // a failed Status: the renderer could not go on (a finding)
  uint64_t nonzero_read_bytes = 0;  // READ_BACK_ZEROS: bytes that were not zero
  uint32_t reads = 0;               // READ_BACK_ZEROS that returned data

  [[nodiscard]] bool has(renderer::Diagnostic::Tier tier, std::string_view fragment) const;
  [[nodiscard]] bool has_gl_error() const;
};

// What the harness drives: the part of renderer.h it uses.  Our Renderer (instance()) or, in
// the peer harness, libvirglrenderer (fuzz/peer/), so both run the same scripts.
class HarnessTarget {
 public:
  virtual ~HarnessTarget() = default;
  [[nodiscard]] virtual trace::Status on_event(const trace::Event& event) = 0;
  [[nodiscard]] virtual trace::Status attach_backing(uint32_t res_id,
                                                     std::span<uint8_t> memory) = 0;
  [[nodiscard]] virtual trace::Result<uint64_t> transfer_size(const trace::Transfer& t) const = 0;
  [[nodiscard]] virtual trace::Status read_resource(const trace::Transfer& t,
                                                    std::span<uint8_t> out) = 0;
  // Destroys every context and resource (Renderer::reset).
  [[nodiscard]] virtual trace::Status reset() = 0;
  [[nodiscard]] virtual std::vector<renderer::Diagnostic> take_diagnostics() = 0;
};

class RendererHarness {
 public:
  // The process-wide harness on our Renderer (created on first use; creation failure is fatal
  // for a fuzzer, so it is reported on stderr and the process exits).
  static RendererHarness& instance();
  explicit RendererHarness(std::unique_ptr<HarnessTarget> target) : target_(std::move(target)) {}

  RendererRun run(std::span<const uint8_t> input);

 private:
  class Session;
  // Buffers every input needs, kept across inputs (allocating them per input under ASan cost
  // more than running most inputs).
  struct Scratch {
    std::vector<uint32_t> words, remapped;  // a SUBMIT's dwords, before and after remapping
    std::vector<uint8_t> read_buffer;       // READ_BACK_ZEROS
    // ATTACH_BACKING's guest memory, kMaxBackingBytes each, and how many leading bytes of each
    // an input may have written (the renderer writes only inside the span it was given).
    struct Backing {
      std::vector<uint8_t> bytes;
      size_t dirty = 0;
    };
    std::vector<Backing> backings;
    size_t backings_used = 0;  // by the current input
  };
  std::unique_ptr<HarnessTarget> target_;
  Scratch scratch_;
  uint64_t event_number_ = 0;
  friend class Session;
};

}  // namespace vgpu::fuzz
