// Indirect draws (DRAW_VBO with indirect_resource): the draw parameters live in a guest buffer,
// so they are read back from GL before the draw and each command is checked like a direct
// draw (index range inside the index buffer, every vertex and instance fetch inside its
// buffer), exactly as direct draws are, instead of trusting robust buffer access.  The command
// and count ranges are checked in 64-bit against their buffers; the count of an indirect count
// buffer is read too and the draw issued with it, so glMultiDraw*Indirect covers
// ARB_indirect_parameters.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "decoder/payloads_draw.h"
#include "renderer/sub_context.h"
#include "renderer/vertex_input.h"

namespace vgpu::renderer {

struct IndirectDraw {
  std::shared_ptr<Resource> buffer;  // the commands (GL_DRAW_INDIRECT_BUFFER)
  uint64_t offset = 0;               // of the first command
  uint32_t stride = 0;               // between commands, as GL takes it (0: packed)
  uint32_t draw_count = 0;           // commands drawn
};

// Bytes of one DrawArraysIndirectCommand / DrawElementsIndirectCommand.
inline constexpr uint32_t kArraysCommandBytes = 16, kElementsCommandBytes = 20;
// Indexed commands have their indices read to find the vertices they fetch: at most this many
// in all per DRAW_VBO (memory and time stay bounded by the buffers' sizes either way).
inline constexpr uint64_t kMaxCheckedIndices = uint64_t{1} << 24;

// Checks and reads `draw`'s commands from `buffer` (and its count from `count_buffer`, which may
// be null): `out` says what to draw, `ranges` what each command fetches.  All commands together
// may run at most `invocation_budget` vertex invocations (draw_limits.h).
[[nodiscard]] std::string prepare_indirect(const SubContext& sub, const virgl::DrawVbo& draw,
                                           std::shared_ptr<Resource> buffer,
                                           const Resource* count_buffer,
                                           uint64_t invocation_budget, IndirectDraw& out,
                                           std::vector<VertexRange>& ranges);

// glMultiDrawArraysIndirect / glMultiDrawElementsIndirect (`index_type` 0 for arrays).
void issue_indirect(const IndirectDraw& draw, GLenum mode, GLenum index_type);

}  // namespace vgpu::renderer
