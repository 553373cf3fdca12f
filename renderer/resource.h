// One guest resource: its creation arguments, its GL object, and the memory the guest sees as
// its backing (vtest shared memory given by the server, or a mirror the renderer keeps for
// replay).  Resources are shared by contexts through the global table and referenced by state
// objects (surfaces, views, targets) through shared_ptr, so a resource unreferenced by the
// guest lives on, unreachable by id, until the last object using it is destroyed: no state
// object ever points at a freed resource.
#pragma once

#include <epoxy/gl.h>

#include <cstdint>
#include <span>
#include <vector>

#include "renderer/gl_formats.h"
#include "trace/events.h"

namespace vgpu::renderer {

struct MemoryAccount {
  uint64_t used = 0;  // bytes of resources and mirrors alive
};

class Resource {
 public:
  Resource(const trace::ResourceCreate& args, const GlFormat* format, uint64_t bytes,
           MemoryAccount& account);
  ~Resource();
  Resource(const Resource&) = delete;
  Resource& operator=(const Resource&) = delete;

  [[nodiscard]] bool is_buffer() const { return args.target == 0; }
  // The backing the guest sees: the attached memory, else the mirror (possibly empty).
  [[nodiscard]] std::span<uint8_t> backing() {
    return attached_backing.data() != nullptr ? attached_backing : std::span<uint8_t>(mirror);
  }

  const trace::ResourceCreate args;
  const GlFormat* const format;  // nullptr only for buffers (bytes, no format)
  const uint64_t bytes;          // the GL storage, all levels, layers and samples
  GLuint gl_name = 0;            // texture or buffer object
  GLenum gl_target = 0;          // GL_TEXTURE_2D..., GL_BUFFER for buffers
  uint32_t samples = 0;          // 0: single-sampled
  std::span<uint8_t> attached_backing;
  std::vector<uint8_t> mirror;  // replay's copy of the backing (grown by BackingWrite)
  MemoryAccount& account;
};

}  // namespace vgpu::renderer
