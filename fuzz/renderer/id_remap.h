// Structure-aware mutation support for the renderer harness: rewrites a virgl command buffer so
// that its object handles and resource ids land on the small set the harness keeps alive (the
// pipeline renderer_harness.cc sets up), with a few values left dangling on purpose.  Without
// this, almost every mutated id names nothing and the renderer rejects the command before any
// draw; with it, mutations of the other fields reach the draw, clear and blit paths.
//
// Each accepted command is decoded, its handle and resource fields rewritten through the same
// describe() the decoder and encoder use, and re-encoded; rejected commands and a malformed tail
// are copied as they were, so the renderer still sees every kind of bad input.
#pragma once

#include <cstdint>
#include <span>
#include <vector>

namespace vgpu::fuzz {

// The id spaces the remapped stream uses.  Handles 1..kSetupHandles and resources
// 1..kSetupResources are live after the harness's setup; the ones above may be created by the
// input or stay dangling.
inline constexpr uint32_t kSetupHandles = 10;
inline constexpr uint32_t kHandleSpace = 24;
inline constexpr uint32_t kSetupResources = 4;
inline constexpr uint32_t kResourceSpace = 8;

// 0 (none) stays 0; anything else folds into 1..space.
[[nodiscard]] constexpr uint32_t fold_id(uint32_t v, uint32_t space) {
  return v == 0 ? 0 : 1 + (v - 1) % space;
}
// New handles go above the setup's, so an input cannot silently replace the pipeline it needs.
[[nodiscard]] constexpr uint32_t fold_new_handle(uint32_t v) {
  return kSetupHandles + 1 + v % (kHandleSpace - kSetupHandles);
}

// Appends `words`, remapped, to `out`.
void remap_ids(std::span<const uint32_t> words, std::vector<uint32_t>& out);

}  // namespace vgpu::fuzz
