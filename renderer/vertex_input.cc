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

uint64_t max_index_in(const std::vector<uint8_t>& data, uint32_t size, bool restart,
                      uint32_t restart_index) {
  uint64_t highest = 0;
  for (size_t at = 0; at + size <= data.size(); at += size) {
    uint32_t index = 0;
    std::memcpy(&index, data.data() + at, size);  // little-endian host, as the guest
    if (restart && index == restart_index) continue;
    highest = std::max<uint64_t>(highest, index);
  }
  return highest;
}

}  // namespace

std::string vertex_range(const SubContext& sub, const virgl::DrawVbo& d, VertexRange& out) {
  out = {};
  if (d.count == 0 || d.instance_count == 0) return {};
  out.empty = false;
  out.max_instance = uint64_t{d.start_instance} + d.instance_count - 1;
  if (d.indexed == 0) {
    out.max_vertex = uint64_t{d.start} + d.count - 1;
    return {};
  }
  const IndexBufferBinding& ib = sub.index_buffer;
  if (!ib.buffer) return "indexed draw without an index buffer";
  // As with virglrenderer (which Mesa's virgl driver is written against), an indexed draw's
  // indices start at the index buffer offset; Mesa folds `start` into that offset already.
  const uint64_t first = ib.offset;
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
  const int64_t highest = static_cast<int64_t>(max_index_in(
                              indices, ib.index_size, d.primitive_restart != 0, d.restart_index)) +
                          d.index_bias;
  if (highest < 0) return "index_bias " + std::to_string(d.index_bias) + " makes indices negative";
  out.max_vertex = static_cast<uint64_t>(highest);
  return {};
}

std::string apply_vertex_input(SubContext& sub, const VertexRange& range, uint32_t attrib_mask) {
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
    // The last byte fetched: element start + highest index x stride + the attribute's size.
    const uint64_t index = e.instance_divisor == 0 ? range.max_vertex
                                                   : range.max_instance / e.instance_divisor;
    const uint64_t start = uint64_t{vb.offset} + e.src_offset;
    const uint64_t end = start + index * vb.stride + attribute_bytes(*f);
    if (!range.empty && end > vb.buffer->args.width) {
      return "vertex element " + std::to_string(i) + " fetches up to byte " + std::to_string(end) +
             " of buffer " + std::to_string(vb.buffer->args.res_id) + " (" +
             std::to_string(vb.buffer->args.width) + " bytes)";
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
