#include "renderer/vertex_input.h"

#include <algorithm>
#include <cstring>
#include <vector>

#include "renderer/vertex_formats.h"

namespace vgpu::renderer {
namespace {

constexpr uint32_t kMaxVertexStride = 2048;  // GL_MAX_VERTEX_ATTRIB_STRIDE minimum

// Bytes one attribute of `f` occupies.
uint32_t attribute_bytes(const VertexFormat& f) {
  const uint32_t components = f.components == GL_BGRA ? 4 : static_cast<uint32_t>(f.components);
  switch (f.type) {
    case GL_BYTE:
    case GL_UNSIGNED_BYTE: return components;
    case GL_SHORT:
    case GL_UNSIGNED_SHORT:
    case GL_HALF_FLOAT: return 2 * components;
    case GL_UNSIGNED_INT_2_10_10_10_REV: return 4;
    default: return 4 * components;
  }
}

struct IndexBounds {
  int64_t lowest = 0, highest = 0;
};

// The lowest and highest index drawn (restart indices are not vertices); 0, 0 when none is.
IndexBounds index_bounds(const std::vector<uint8_t>& data, uint32_t size, bool restart,
                         uint32_t restart_index) {
  uint32_t lowest = UINT32_MAX, highest = 0;
  for (size_t at = 0; at + size <= data.size(); at += size) {
    uint32_t index = 0;
    std::memcpy(&index, data.data() + at, size);  // little-endian host, as the guest
    if (restart && index == restart_index) continue;
    lowest = std::min(lowest, index);
    highest = std::max(highest, index);
  }
  if (lowest > highest) return {};
  return {lowest, highest};
}

}  // namespace

std::string vertex_range(const SubContext& sub, const virgl::DrawVbo& d, uint64_t first_index_byte,
                         VertexRange& out) {
  out = {};
  if (d.count == 0 || d.instance_count == 0) return {};
  out.empty = false;
  out.base_instance = d.start_instance;
  out.max_instance_id = d.instance_count - 1;
  if (d.indexed == 0) {
    out.max_vertex = uint64_t{d.start} + d.count - 1;
    return {};
  }
  const IndexBufferBinding& ib = sub.index_buffer;
  if (!ib.buffer) return "indexed draw without an index buffer";
  const uint64_t first = first_index_byte;
  const uint64_t bytes = uint64_t{d.count} * ib.index_size;
  if (first % ib.index_size != 0 || first > ib.buffer->args.width ||
      bytes > ib.buffer->args.width - first) {
    return "indices at byte " + std::to_string(first) + " + " + std::to_string(d.count) +
           " are outside index buffer " + std::to_string(ib.buffer->args.res_id);
  }
  // The index data lives in GL; read it once to learn the highest index really used.
  std::vector<uint8_t> indices(bytes);
  glGetNamedBufferSubData(ib.buffer->gl_name, static_cast<GLintptr>(first),
                          static_cast<GLsizeiptr>(bytes), indices.data());
  const IndexBounds bounds =
      index_bounds(indices, ib.index_size, d.primitive_restart != 0, d.restart_index);
  // A negative vertex index would fetch before the attribute's start, as surely outside the
  // guest's data as one past the end.
  if (bounds.lowest + d.index_bias < 0) {
    return "index_bias " + std::to_string(d.index_bias) + " makes indices negative";
  }
  out.max_vertex = static_cast<uint64_t>(bounds.highest + d.index_bias);
  return {};
}

std::string apply_vertex_input(SubContext& sub, std::span<const VertexRange> ranges,
                               uint32_t attrib_mask) {
  const GLuint vao = sub.vertex_array;
  const auto* elements = sub.vertex_elements ? &sub.vertex_elements->state.elements : nullptr;
  const size_t count = elements ? elements->size() : 0;
  for (uint32_t i = 0; i < shader::kMaxVertexAttribs; ++i) {
    glDisableVertexArrayAttrib(vao, i);
    if (i >= count || ((attrib_mask >> i) & 1) == 0) continue;
    const virgl::VertexElement& e = (*elements)[i];
    const VertexFormat* f = find_vertex_format(e.src_format);
    if (f == nullptr) return "vertex element " + std::to_string(i) + " has an unsupported format";
    const VertexBufferBinding& vb = sub.vertex_buffers[e.vertex_buffer_index];
    if (!vb.buffer || e.vertex_buffer_index >= sub.vertex_buffer_count) {
      return "vertex element " + std::to_string(i) + " reads unbound buffer " +
             std::to_string(e.vertex_buffer_index);
    }
    if (vb.stride > kMaxVertexStride) {
      return "vertex stride " + std::to_string(vb.stride) + " exceeds " +
             std::to_string(kMaxVertexStride);
    }
    const uint64_t start = uint64_t{vb.offset} + e.src_offset;
    for (const VertexRange& range : ranges) {
      if (range.empty) continue;
      // The last byte fetched: element start + highest index x stride + the attribute's size.
      // Instanced attributes advance every `divisor` instances from start_instance (GL and
      // gallium alike).
      const uint64_t index = e.instance_divisor == 0
                                 ? range.max_vertex
                                 : range.base_instance + range.max_instance_id / e.instance_divisor;
      const uint64_t end = start + index * vb.stride + attribute_bytes(*f);
      if (end > vb.buffer->args.width) {
        return "vertex element " + std::to_string(i) + " fetches up to byte " +
               std::to_string(end) + " of buffer " + std::to_string(vb.buffer->args.res_id) +
               " (" + std::to_string(vb.buffer->args.width) + " bytes)";
      }
    }
    glEnableVertexArrayAttrib(vao, i);
    if (f->fetch == VertexFormat::Fetch::Float) {
      glVertexArrayAttribFormat(vao, i, f->components, f->type, f->normalized, 0);
    } else {
      glVertexArrayAttribIFormat(vao, i, f->components, f->type, 0);
    }
    glVertexArrayAttribBinding(vao, i, i);
    glVertexArrayVertexBuffer(vao, i, vb.buffer->gl_name, static_cast<GLintptr>(start),
                              static_cast<GLsizei>(vb.stride));
    glVertexArrayBindingDivisor(vao, i, e.instance_divisor);
  }
  glVertexArrayElementBuffer(vao, sub.index_buffer.buffer ? sub.index_buffer.buffer->gl_name : 0);
  glBindVertexArray(vao);
  return {};
}

}  // namespace vgpu::renderer
