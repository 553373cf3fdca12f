// Executes one Submit: the project's decoder walks the command buffer and calls this visitor
// with typed payloads; every handler checks the command against the current state (handles,
// attached resources, formats, sizes) before any GL call and rejects it alone otherwise.
//
// A command the renderer does not implement is reported (InvalidCommand, "... is not
// implemented") instead of silently ignored: after every command the executor checks that a
// handler took it (see on_command / finish).
#pragma once

#include <string>

#include "decoder/decode.h"
#include "renderer/renderer_core.h"

namespace vgpu::renderer {

class SubmitExecutor final : public virgl::CommandVisitor {
 public:
  SubmitExecutor(RendererCore& core, VirglContext& ctx) : core_(core), ctx_(ctx) {}

  void on_command(const virgl::CommandLocation& where) override;
  void on_rejected(const virgl::DecodeError& error, const virgl::CommandLocation&) override;
  void finish();  // after decode(): reports the last command if nothing handled it

#define VGPU_HANDLER(Payload) \
  void on(const virgl::Payload& cmd, const virgl::CommandLocation& where) override;
  // Housekeeping (executor.cc)
  VGPU_HANDLER(Nop)
  VGPU_HANDLER(EndTransfers)
  VGPU_HANDLER(SetDebugFlags)
  VGPU_HANDLER(SetTweaks)
  VGPU_HANDLER(SendStringMarker)
  VGPU_HANDLER(CreateSubCtx)
  VGPU_HANDLER(SetSubCtx)
  VGPU_HANDLER(DestroySubCtx)
  // State objects (executor_objects.cc)
  VGPU_HANDLER(CreateBlend)
  VGPU_HANDLER(CreateRasterizer)
  VGPU_HANDLER(CreateDsa)
  VGPU_HANDLER(CreateShader)
  VGPU_HANDLER(CreateVertexElements)
  VGPU_HANDLER(CreateSamplerView)
  VGPU_HANDLER(CreateSamplerState)
  VGPU_HANDLER(CreateSurface)
  VGPU_HANDLER(CreateQuery)
  VGPU_HANDLER(CreateStreamoutTarget)
  VGPU_HANDLER(BindObject)
  VGPU_HANDLER(DestroyObject)
  VGPU_HANDLER(BindShader)
  VGPU_HANDLER(LinkShader)
  // Framebuffer and clears (executor_framebuffer.cc)
  VGPU_HANDLER(SetFramebufferState)
  VGPU_HANDLER(SetFramebufferStateNoAttach)
  VGPU_HANDLER(Clear)
  VGPU_HANDLER(ClearTexture)
  VGPU_HANDLER(ClearSurface)
  // Plain pipeline state (executor_state.cc)
  VGPU_HANDLER(SetViewportState)
  VGPU_HANDLER(SetScissorState)
  VGPU_HANDLER(SetBlendColor)
  VGPU_HANDLER(SetStencilRef)
  VGPU_HANDLER(SetSampleMask)
  VGPU_HANDLER(SetMinSamples)
  VGPU_HANDLER(SetClipState)
  VGPU_HANDLER(SetPolygonStipple)
  VGPU_HANDLER(SetTessState)
  VGPU_HANDLER(SetVertexBuffers)
  VGPU_HANDLER(SetIndexBuffer)
  VGPU_HANDLER(SetConstantBuffer)
  VGPU_HANDLER(SetUniformBuffer)
  VGPU_HANDLER(SetSamplerViews)
  VGPU_HANDLER(BindSamplerStates)
  VGPU_HANDLER(SetShaderBuffers)
  VGPU_HANDLER(SetShaderImages)
  VGPU_HANDLER(SetAtomicBuffers)
  // Queries and render condition (executor_query.cc), stream-out (executor_streamout.cc)
  VGPU_HANDLER(BeginQuery)
  VGPU_HANDLER(EndQuery)
  VGPU_HANDLER(GetQueryResult)
  VGPU_HANDLER(GetQueryResultQbo)
  VGPU_HANDLER(SetRenderCondition)
  VGPU_HANDLER(SetStreamoutTargets)
  // Blits and copies (executor_blit.cc)
  VGPU_HANDLER(Blit)
  VGPU_HANDLER(ResourceCopyRegion)
  // Draws (executor_draw.cc)
  VGPU_HANDLER(DrawVbo)
  // Transfers (executor_transfer.cc)
  VGPU_HANDLER(Transfer3d)
  VGPU_HANDLER(ResourceInlineWrite)
  VGPU_HANDLER(CopyTransfer3d)
  // Compute and barriers (executor_compute.cc)
  VGPU_HANDLER(LaunchGrid)
  VGPU_HANDLER(MemoryBarrier)
  VGPU_HANDLER(TextureBarrier)
#undef VGPU_HANDLER

 private:
  // Marks the current command handled; every handler starts with it.
  void take() { handled_ = true; }
  // Rejects the current command: an InvalidCommand diagnostic "NAME: message".
  void reject(const std::string& message);
  // The attached resource, or a rejection naming `what` and nullptr.
  std::shared_ptr<Resource> attached(uint32_t res_id, const char* what);
  template <class T>
  std::shared_ptr<T> object(uint32_t handle, const char* what);
  template <class T>
  void insert(uint32_t handle, std::shared_ptr<T> object);
  SubContext& sub() { return *ctx_.current; }
  // SET_SHADER_BUFFERS / IMAGES / ATOMIC_BUFFERS: slots[start..] = make(resource, item, slot)
  // for every item, all or nothing (executor_state.cc).
  template <class Slots, class Items, class Make>
  void set_slots(Slots& slots, uint32_t start, const Items& items, size_t limit, const char* what,
                 Make make);
  void report_unhandled();

  RendererCore& core_;
  VirglContext& ctx_;
  uint32_t command_ = 0;
  bool handled_ = true;
  bool rejected_ = false;
};

template <class T>
std::shared_ptr<T> SubmitExecutor::object(uint32_t handle, const char* what) {
  auto found = sub().objects.find<T>(handle);
  if (!found) reject(std::string(what) + " " + std::to_string(handle) + " does not exist");
  return found;
}

template <class T>
void SubmitExecutor::insert(uint32_t handle, std::shared_ptr<T> object) {
  const size_t budget = core_.options.budgets.max_objects_per_context;
  const size_t used = ctx_.object_count();
  const auto room = static_cast<uint32_t>(used >= budget ? 0 : sub().objects.size() + budget - used);
  if (std::string why = sub().objects.insert(handle, std::move(object), room); !why.empty()) {
    reject(why);
  }
}

}  // namespace vgpu::renderer
