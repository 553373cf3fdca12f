// One virgl context (a guest GL context): its GL context, the resources attached to it, its
// sub-contexts and its shaders in assembly.  A context can only name attached resources: every
// resource id of a command goes through resource(), which is the attachment check.
#pragma once

#include <epoxy/egl.h>

#include <cstdint>
#include <map>
#include <memory>
#include <unordered_set>

#include "decoder/shader_assembler.h"
#include "renderer/resource_table.h"
#include "renderer/sub_context.h"

namespace vgpu::renderer {

struct VirglContext {
  uint32_t id = 0;
  EGLContext gl = EGL_NO_CONTEXT;
  // The constant ring of `gl` (uniform_stream.h), kept with it when the GL context is kept for
  // reuse: a fresh one costs a zeroed 1 MiB mapping.  Declared before the sub-contexts, which
  // refer to it, so that it outlives them.
  std::unique_ptr<UniformStream> uniforms;
  std::unordered_set<uint32_t> attached;
  std::map<uint32_t, std::unique_ptr<SubContext>> sub_contexts;
  SubContext* current = nullptr;  // never null while the context lives (sub-context 0 exists)
  uint32_t current_id = 0;
  virgl::ShaderAssembler assembler;
  bool in_error = false;  // a malformed stream was seen: later submits are refused

  // The attached resource `res_id`, or nullptr (unknown, or not attached to this context).
  [[nodiscard]] std::shared_ptr<Resource> resource(const ResourceTable& table,
                                                   uint32_t res_id) const {
    if (attached.count(res_id) == 0) return nullptr;
    return table.find(res_id);
  }
  // Objects across all sub-contexts, for the per-context budget.
  [[nodiscard]] size_t object_count() const {
    size_t n = 0;
    for (const auto& entry : sub_contexts) n += entry.second->objects.size();
    return n;
  }
};

}  // namespace vgpu::renderer
