// The plain pipeline state commands: stored in the sub-context, applied at draw time.
#include <algorithm>
#include <cstring>

#include "renderer/shader_resources.h"
#include "renderer/submit_executor.h"

namespace vgpu::renderer {

void SubmitExecutor::on(const virgl::SetViewportState& cmd, const virgl::CommandLocation&) {
  take();  // the decoder proved start_slot + count <= kMaxViewports
  for (size_t i = 0; i < cmd.viewports.size(); ++i) {
    sub().viewports[cmd.start_slot + i] = cmd.viewports[i];
  }
}

void SubmitExecutor::on(const virgl::SetScissorState& cmd, const virgl::CommandLocation&) {
  take();
  for (size_t i = 0; i < cmd.scissors.size(); ++i) {
    sub().scissors[cmd.start_slot + i] = cmd.scissors[i];
  }
}

void SubmitExecutor::on(const virgl::SetBlendColor& cmd, const virgl::CommandLocation&) {
  take();
  sub().blend_color = cmd.color;
}

void SubmitExecutor::on(const virgl::SetStencilRef& cmd, const virgl::CommandLocation&) {
  take();
  sub().stencil_ref_front = cmd.front;
  sub().stencil_ref_back = cmd.back;
}

void SubmitExecutor::on(const virgl::SetSampleMask& cmd, const virgl::CommandLocation&) {
  take();
  sub().sample_mask = cmd.mask;
}

void SubmitExecutor::on(const virgl::SetMinSamples& cmd, const virgl::CommandLocation&) {
  take();
  sub().min_samples = cmd.min_samples;
}

void SubmitExecutor::on(const virgl::SetClipState& cmd, const virgl::CommandLocation&) {
  take();
  sub().clip_planes = cmd.planes;
}

void SubmitExecutor::on(const virgl::SetPolygonStipple& cmd, const virgl::CommandLocation&) {
  take();
  sub().stipple = cmd.pattern;
}

// Applied at draws that tessellate (draw_topology.h).
void SubmitExecutor::on(const virgl::SetTessState& cmd, const virgl::CommandLocation&) {
  take();
  sub().tess_outer = cmd.outer;
  sub().tess_inner = cmd.inner;
}

void SubmitExecutor::on(const virgl::SetVertexBuffers& cmd, const virgl::CommandLocation&) {
  take();
  std::array<VertexBufferBinding, virgl::kMaxAttribs> buffers;
  for (size_t i = 0; i < cmd.buffers.size(); ++i) {
    const auto& b = cmd.buffers[i];
    if (b.resource != 0) {
      buffers[i].buffer = attached(b.resource, "vertex buffer");
      if (!buffers[i].buffer) return;
      if (!buffers[i].buffer->is_buffer()) {
        reject("resource " + std::to_string(b.resource) + " is not a buffer");
        return;
      }
    }
    buffers[i].stride = b.stride;
    buffers[i].offset = b.offset;
  }
  sub().vertex_buffers = std::move(buffers);
  sub().vertex_buffer_count = static_cast<uint32_t>(cmd.buffers.size());
}

void SubmitExecutor::on(const virgl::SetIndexBuffer& cmd, const virgl::CommandLocation&) {
  take();
  IndexBufferBinding binding;
  if (cmd.resource != 0) {
    binding.buffer = attached(cmd.resource, "index buffer");
    if (!binding.buffer) return;
    if (!binding.buffer->is_buffer() || !cmd.has_layout) {
      reject("resource " + std::to_string(cmd.resource) + " is not a buffer with an index size");
      return;
    }
    binding.index_size = cmd.index_size;
    binding.offset = cmd.offset;
  }
  sub().index_buffer = std::move(binding);
}

void SubmitExecutor::on(const virgl::SetConstantBuffer& cmd, const virgl::CommandLocation&) {
  take();
  // Only index 0 carries data inline (gallium's user constant buffer); the others come as
  // SET_UNIFORM_BUFFER.  Mesa sends empty ones to unbind.
  if (cmd.index != 0 && !cmd.data.empty()) {
    reject("inline constants for index " + std::to_string(cmd.index) + " (only 0 is inline)");
    return;
  }
  if (cmd.data.size() * 4 > shader::kMaxConstBufferBytes) {
    reject(std::to_string(cmd.data.size() * 4) + " bytes of constants exceed " +
           std::to_string(shader::kMaxConstBufferBytes));
    return;
  }
  if (cmd.index == 0) {
    sub().constants[cmd.stage].assign(cmd.data.begin(), cmd.data.end());
    ++sub().constants_version[cmd.stage];
  }
}

void SubmitExecutor::on(const virgl::SetUniformBuffer& cmd, const virgl::CommandLocation&) {
  take();
  if (cmd.index >= shader::kMaxConstBuffersPerStage) {
    reject("uniform buffer index " + std::to_string(cmd.index) + " exceeds the limit of " +
           std::to_string(shader::kMaxConstBuffersPerStage));
    return;
  }
  UniformBufferBinding binding;
  if (cmd.resource != 0) {
    binding.buffer = attached(cmd.resource, "uniform buffer");
    if (!binding.buffer) return;
    if (!binding.buffer->is_buffer() ||
        !range_inside(cmd.offset, cmd.length, binding.buffer->args.width)) {
      reject("range " + std::to_string(cmd.offset) + "+" + std::to_string(cmd.length) +
             " is outside buffer " + std::to_string(cmd.resource));
      return;
    }
    binding.offset = cmd.offset;
    binding.length = cmd.length;
  }
  sub().uniform_buffers[cmd.stage][cmd.index] = std::move(binding);
}

void SubmitExecutor::on(const virgl::SetSamplerViews& cmd, const virgl::CommandLocation&) {
  take();
  auto views = sub().sampler_views[cmd.stage];
  for (size_t i = 0; i < cmd.views.size(); ++i) {
    auto& slot = views[cmd.start_slot + i];
    slot.reset();
    if (cmd.views[i] != 0) {
      slot = object<SamplerViewObject>(cmd.views[i], "sampler view");
      if (!slot) return;
    }
  }
  sub().sampler_views[cmd.stage] = std::move(views);
}

void SubmitExecutor::on(const virgl::BindSamplerStates& cmd, const virgl::CommandLocation&) {
  take();
  auto states = sub().sampler_states[cmd.stage];
  for (size_t i = 0; i < cmd.states.size(); ++i) {
    auto& slot = states[cmd.start_slot + i];
    slot.reset();
    if (cmd.states[i] != 0) {
      slot = object<SamplerStateObject>(cmd.states[i], "sampler state");
      if (!slot) return;
    }
  }
  sub().sampler_states[cmd.stage] = std::move(states);
}

// Shader buffers, images and atomic buffers: checked and stored here (shader_resources.h),
// bound at draw and dispatch time.  A rejected command changes no slot.  Slots past the limit
// may be unbound (Mesa clears every slot its host offered, which a trace captured on another
// host carries), but naming a resource there is refused.
template <class Slots, class Items, class Make>
void SubmitExecutor::set_slots(Slots& slots, uint32_t start, const Items& items, size_t limit,
                               const char* what, Make make) {
  Slots updated = slots;
  for (size_t i = 0; i < items.size(); ++i) {
    const uint64_t slot = uint64_t{start} + i;
    if (slot >= limit) {
      if (items[i].resource == 0) continue;
      reject(std::string(what) + " slot " + std::to_string(slot) + " exceeds the limit of " +
             std::to_string(limit));
      return;
    }
    std::shared_ptr<Resource> res;
    if (items[i].resource != 0 && !(res = attached(items[i].resource, what))) return;
    if (std::string why = make(std::move(res), items[i], updated[slot]); !why.empty()) {
      reject(why);
      return;
    }
  }
  slots = std::move(updated);
}

void SubmitExecutor::on(const virgl::SetShaderBuffers& cmd, const virgl::CommandLocation&) {
  take();
  set_slots(sub().shader_buffers[cmd.stage], cmd.start_slot, cmd.buffers,
            shader::max_shader_buffers(static_cast<shader::Stage>(cmd.stage)), "shader buffer",
            make_buffer_binding);
}

void SubmitExecutor::on(const virgl::SetShaderImages& cmd, const virgl::CommandLocation&) {
  take();
  set_slots(sub().images[cmd.stage], cmd.start_slot, cmd.images,
            shader::max_images(static_cast<shader::Stage>(cmd.stage)), "image",
            make_image_binding);
}

void SubmitExecutor::on(const virgl::SetAtomicBuffers& cmd, const virgl::CommandLocation&) {
  take();
  set_slots(sub().atomic_buffers, cmd.start_slot, cmd.buffers, shader::kMaxAtomicBuffers,
            "atomic buffer", make_buffer_binding);
}

}  // namespace vgpu::renderer
