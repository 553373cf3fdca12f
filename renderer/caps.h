// The capsets this renderer advertises (VIRGL 1 = struct virgl_caps_v1, VIRGL2 2 =
// struct virgl_caps_v2; layouts in decoder/capset.def).  They
// say exactly what is implemented, derived from the format tables and the binding convention,
// so a guest never takes a path the renderer does not have.
#pragma once

#include <array>
#include <cstdint>
#include <vector>

#include "decoder/capset.h"
#include "trace/result.h"

namespace vgpu::renderer {

using virgl::CapsV1;
using virgl::CapsV2;
using virgl::FormatMask;

[[nodiscard]] CapsV2 renderer_caps();

// The bytes of capset `capset_id` (1: v1, 2: v2) at `version` (only 1 exists); an error for
// anything else.
[[nodiscard]] trace::Result<std::vector<uint8_t>> build_capset(uint32_t capset_id,
                                                               uint32_t version);

}  // namespace vgpu::renderer
