// The renderer harness's operations as an enum (from renderer_ops.def), without the renderer:
// the script writer and vgpu-trace extract-seeds use it too.
#pragma once

#include <cstdint>

namespace vgpu::fuzz {

enum class RendererOp : uint8_t {
#define VGPU_RENDERER_OP(NAME, args) NAME,
#include "fuzz/renderer/renderer_ops.def"
#undef VGPU_RENDERER_OP
};
inline constexpr uint8_t kRendererOpCount = 0
#define VGPU_RENDERER_OP(NAME, args) +1
#include "fuzz/renderer/renderer_ops.def"
#undef VGPU_RENDERER_OP
    ;

// The 4 config bytes that start every input.
inline constexpr uint32_t kConfigRemapIds = 1;  // fold ids onto the live set (id_remap.h)
inline constexpr uint32_t kConfigNoSetup = 2;   // start from an empty context 1

}  // namespace vgpu::fuzz
