// Vertex and index fetch for DRAW_VBO: the bound vertex elements and buffers put onto the
// sub-context's vertex array, after proving that no fetch can leave a buffer.  GL does not
// promise robust buffer access, so an out-of-range vertex index would read host memory: the
// highest vertex and instance each attribute can reach are computed (for indexed draws from the
// index data itself, not from the guest's min/max hints) and checked against the buffer sizes.
#pragma once

#include <span>
#include <string>

#include "decoder/payloads_draw.h"
#include "renderer/sub_context.h"

namespace vgpu::renderer {

struct VertexRange {
  uint64_t max_vertex = 0;       // highest vertex index fetched (after index_bias)
  uint64_t base_instance = 0;    // start_instance: instanced attributes start there
  uint64_t max_instance_id = 0;  // highest gl_InstanceID (instance_count - 1)
  bool empty = true;             // nothing is drawn
};

// Checks the index buffer range of an indexed draw, whose indices start at byte
// `first_index_byte` of the index buffer, and computes the range of vertices and instances the
// draw fetches.
[[nodiscard]] std::string vertex_range(const SubContext& sub, const virgl::DrawVbo& draw,
                                       uint64_t first_index_byte, VertexRange& out);

// Sets up the vertex array for draws fetching `ranges` (one per draw of a multi-draw), after
// checking every fetch of every range; `attrib_mask` is the set of inputs the VS reads.
[[nodiscard]] std::string apply_vertex_input(SubContext& sub, std::span<const VertexRange> ranges,
                                             uint32_t attrib_mask);

}  // namespace vgpu::renderer
