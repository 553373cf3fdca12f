// Compares one readback a client dumped (glReadPixels bytes) with one readback capture recorded
// (a TransferFromHost event: the bytes the host wrote into the resource's shared memory).
//
// The two differ in layout, never in value, so every conversion is explicit and driven by the
// resource's creation arguments (its ResourceCreate event):
//   - channel order: the host stores the resource's format (B8G8R8A8 for the pbuffer, R8G8B8A8
//     for FBO colour attachments, S8_UINT_Z24_UNORM for depth/stencil); the dump is RGBA or
//     GL_UNSIGNED_INT_24_8.  Formats outside kHostFormats are refused by name, never guessed.
//   - row order: a display target (the pbuffer) is stored top row first, so its box is at
//     y' = height - y - h and its rows run the other way; other resources are in GL orientation.
//   - stride: host rows are at the resource's full row stride (the event's stride, or width * bpp
//     when the transfer left it to the host), starting at the event's offset.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>

#include "tests/capture/readback_dump.h"
#include "trace/events.h"

namespace vgpu::capture_check {

struct Comparison {
  // Whether the event can be this readback at all (format, box, size); if not, why.
  bool comparable = false;
  std::string why_not;
  uint64_t pixels = 0;            // compared
  uint64_t differing_pixels = 0;  // of those
  std::string first_difference;   // "pixel (3,7): dump 00ff00ff, host -> 00fe00ff"
  std::string conversion;         // what was done: "BGRA->RGBA, rows flipped, stride 256"

  [[nodiscard]] bool identical() const { return comparable && differing_pixels == 0; }
};

// Whether a resource is stored top row first (see above).
[[nodiscard]] bool stored_top_down(const trace::ResourceCreate& resource);

// Compares `dumped` with `transfer`, a readback of `resource`.
[[nodiscard]] Comparison compare_readback(const DumpedReadback& dumped,
                                          const trace::ResourceCreate& resource,
                                          const trace::TransferFromHost& transfer);

// The formats compare_readback() knows how to convert, for messages ("B8G8R8A8_UNORM, ...").
[[nodiscard]] std::string handled_formats();

}  // namespace vgpu::capture_check
