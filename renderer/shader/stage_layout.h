// Stage-level layout declarations from TGSI properties: geometry primitives and vertex count,
// tessellation modes, compute local size.
#pragma once

#include <string>

#include "renderer/shader/translator_context.h"

namespace vgpu::shader {

void declare_stage(Context& ctx);                   // fills ctx.info (local size...)
[[nodiscard]] std::string stage_layout(Context& ctx);  // the `layout(...) in/out;` lines

}  // namespace vgpu::shader
