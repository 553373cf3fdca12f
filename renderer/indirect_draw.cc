#include "renderer/indirect_draw.h"

#include <algorithm>
#include <cstring>

#include "renderer/draw_limits.h"
#include "renderer/transfer_layout.h"

namespace vgpu::renderer {
namespace {

uint32_t word(const std::vector<uint8_t>& bytes, uint64_t at) {
  uint32_t v = 0;
  std::memcpy(&v, bytes.data() + at, sizeof(v));  // little-endian host, as the guest
  return v;
}

// The command at byte `at` of `bytes` as the direct draw it stands for.
virgl::DrawVbo command_at(const virgl::DrawVbo& d, const std::vector<uint8_t>& bytes,
                          uint64_t at, uint64_t& first_index_byte, uint32_t index_size) {
  virgl::DrawVbo c = d;
  c.count = word(bytes, at);
  c.instance_count = word(bytes, at + 4);
  if (d.indexed == 0) {  // count, instanceCount, first, baseInstance
    c.start = word(bytes, at + 8);
    c.start_instance = word(bytes, at + 12);
    return c;
  }
  // count, instanceCount, firstIndex, baseVertex, baseInstance.  firstIndex counts from the
  // start of the index buffer (gallium's indirect draws have no index buffer offset).
  first_index_byte = uint64_t{word(bytes, at + 8)} * index_size;
  c.index_bias = static_cast<int32_t>(word(bytes, at + 12));
  c.start_instance = word(bytes, at + 16);
  return c;
}

}  // namespace

std::string prepare_indirect(const SubContext& sub, const virgl::DrawVbo& d,
                             std::shared_ptr<Resource> buffer, const Resource* count_buffer,
                             uint64_t invocation_budget, IndirectDraw& out,
                             std::vector<VertexRange>& ranges) {
  out = {};
  ranges.clear();
  if (!buffer->is_buffer() || (count_buffer != nullptr && !count_buffer->is_buffer())) {
    return "indirect draw parameters must be in buffers";
  }
  if (d.indirect_offset % 4 != 0 || d.indirect_stride % 4 != 0 ||
      d.indirect_draw_count_offset % 4 != 0) {
    return "indirect offsets and stride must be multiples of 4";
  }
  if (d.indexed != 0 && !sub.index_buffer.buffer) return "indexed draw without an index buffer";
  uint64_t draws = std::max<uint32_t>(d.indirect_draw_count, 1);  // 0 or 1: one draw
  if (count_buffer != nullptr) {
    if (!range_inside(d.indirect_draw_count_offset, 4, count_buffer->args.width)) {
      return "indirect draw count at byte " + std::to_string(d.indirect_draw_count_offset) +
             " is outside buffer " + std::to_string(count_buffer->args.res_id);
    }
    uint32_t count = 0;
    glGetNamedBufferSubData(count_buffer->gl_name, d.indirect_draw_count_offset, sizeof(count),
                            &count);
    draws = std::min<uint64_t>(count, d.indirect_draw_count);
  }
  const uint32_t command_bytes = d.indexed != 0 ? kElementsCommandBytes : kArraysCommandBytes;
  const uint64_t stride = d.indirect_stride != 0 ? d.indirect_stride : command_bytes;
  const uint64_t width = buffer->args.width;
  if (draws > 0) {
    const uint64_t end = uint64_t{d.indirect_offset} + (draws - 1) * stride + command_bytes;
    if (end > width) {
      return std::to_string(draws) + " indirect commands from byte " +
             std::to_string(d.indirect_offset) + " (stride " + std::to_string(stride) +
             ") end at byte " + std::to_string(end) + ", outside buffer " +
             std::to_string(buffer->args.res_id) + " (" + std::to_string(width) + " bytes)";
    }
    std::vector<uint8_t> bytes(end - d.indirect_offset);
    glGetNamedBufferSubData(buffer->gl_name, d.indirect_offset,
                            static_cast<GLsizeiptr>(bytes.size()), bytes.data());
    const uint32_t index_size = d.indexed != 0 ? sub.index_buffer.index_size : 0;
    uint64_t checked_indices = 0, invocations = 0;
    ranges.resize(draws);
    for (uint64_t i = 0; i < draws; ++i) {
      uint64_t first_index_byte = 0;
      const virgl::DrawVbo c = command_at(d, bytes, i * stride, first_index_byte, index_size);
      if (std::string why = add_draw_invocations(c.count, c.instance_count, invocation_budget,
                                                 invocations);
          !why.empty()) {
        return "indirect command " + std::to_string(i) + ": " + why;
      }
      if (d.indexed != 0 && c.instance_count != 0) checked_indices += c.count;
      if (checked_indices > kMaxCheckedIndices) {
        return "indirect draws index more than " + std::to_string(kMaxCheckedIndices) +
               " vertices, more than this renderer checks in one draw";
      }
      if (std::string why = vertex_range(sub, c, first_index_byte, ranges[i]); !why.empty()) {
        return "indirect command " + std::to_string(i) + ": " + why;
      }
    }
  }
  out.buffer = std::move(buffer);
  out.offset = d.indirect_offset;
  out.stride = d.indirect_stride;
  out.draw_count = static_cast<uint32_t>(draws);
  return {};
}

void issue_indirect(const IndirectDraw& draw, GLenum mode, GLenum index_type) {
  if (draw.draw_count == 0) return;
  glBindBuffer(GL_DRAW_INDIRECT_BUFFER, draw.buffer->gl_name);
  const auto* offset = reinterpret_cast<const void*>(static_cast<uintptr_t>(draw.offset));
  const auto count = static_cast<GLsizei>(draw.draw_count);
  const auto stride = static_cast<GLsizei>(draw.stride);
  if (index_type == 0) {
    glMultiDrawArraysIndirect(mode, offset, count, stride);
  } else {
    glMultiDrawElementsIndirect(mode, index_type, offset, count, stride);
  }
  glBindBuffer(GL_DRAW_INDIRECT_BUFFER, 0);
}

}  // namespace vgpu::renderer
