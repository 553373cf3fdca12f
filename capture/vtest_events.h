// What vtest messages become in the trace's terms, shared by the capture proxy (client_session)
// and vgpu-server (serving_session), so both read the protocol the same way.
#pragma once

#include <cstdint>

#include "decoder/vtest/requests.h"
#include "trace/events.h"

namespace vgpu::capture {

// Capset ids (virgl_hw.h) behind the legacy caps messages: GET_CAPS answers capset 1 (virgl),
// GET_CAPS2 capset 2 (virgl2).
inline constexpr uint32_t kCapsetVirgl = 1;
inline constexpr uint32_t kCapsetVirgl2 = 2;

// The region of a vtest transfer (TRANSFER_GET/PUT and their v2 forms) as a trace Transfer of
// context `ctx_id`; the bytes are the caller's.
[[nodiscard]] inline trace::Transfer to_trace_transfer(uint32_t ctx_id, const vtest::Transfer& t) {
  trace::Transfer where;
  where.ctx_id = ctx_id;
  where.res_id = t.handle;
  where.level = t.level;
  where.box = {t.box.x, t.box.y, t.box.z, t.box.width, t.box.height, t.box.depth};
  where.stride = t.stride;
  where.layer_stride = t.layer_stride;
  where.offset = t.offset;
  return where;
}

}  // namespace vgpu::capture
