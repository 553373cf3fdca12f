// Readback bytes -> an upright RGBA image.
//
// The layout of a readback (what the host wrote into the guest's memory, and what capture
// recorded): the transfer's box, rows at the transfer's stride (0: the level's row pitch, the
// rule virglrenderer follows) from the first byte, in the resource's format.  A display target
// (DISPLAY_TARGET or SCANOUT bind: the guest's window) is stored top row first; any other
// resource is in GL orientation, bottom row first, and is flipped here.  Capture may hold fewer
// bytes than the last row needs (Mesa's pitch runs past a backing sized with tight rows): the
// missing pixels decode as transparent black rather than failing the whole frame.
#pragma once

#include <cstdint>
#include <span>
#include <string>

#include "replay/rgba_image.h"
#include "trace/events.h"
#include "trace/result.h"

namespace vgpu::replay {

// Whether `resource` is stored top row first (a window / scanout).
[[nodiscard]] bool is_display_target(const trace::ResourceCreate& resource);

// Whether decode_readback() knows `format` (readback_formats.def).
[[nodiscard]] bool is_decodable_format(uint32_t format);

// "B8G8R8A8_UNORM, B8G8R8X8_UNORM, ...": for messages.
[[nodiscard]] std::string decodable_formats();

// Decodes `bytes`, a readback of `transfer`'s box of `resource`.  Errors: a format not in the
// table, a 3D box (depth > 1), a stride shorter than a row.
[[nodiscard]] trace::Result<RgbaImage> decode_readback(const trace::ResourceCreate& resource,
                                                       const trace::Transfer& transfer,
                                                       std::span<const uint8_t> bytes);

}  // namespace vgpu::replay
