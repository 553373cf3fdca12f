#include "renderer/renderer_core.h"

#include "renderer/gl_transfer.h"

namespace vgpu::renderer {

RendererCore::~RendererCore() {
  if (!device) return;
  // Sub-contexts delete GL objects of their own context: make it current first.
  for (auto& [id, ctx] : contexts) {
    if (device->make_current(ctx->gl).ok()) ctx->sub_contexts.clear();
  }
  if (device->make_current(device->root()).ok()) {
    if (last_submit_fence != nullptr) glDeleteSync(last_submit_fence);
    if (blit_program != 0) glDeleteProgram(blit_program);
    for (auto& [id, ctx] : contexts) device->destroy_context(ctx->gl);
  }
  contexts.clear();
  resources.clear();
}

trace::Status RendererCore::use_context(uint32_t ctx_id) {
  auto it = contexts.find(ctx_id);
  return device->make_current(it == contexts.end() ? device->root() : it->second->gl);
}

std::string RendererCore::layout(const Resource& res, uint32_t level, const trace::Box& box,
                                 uint32_t stride, uint32_t layer_stride,
                                 TransferLayout& out) const {
  const TexelBlock unit = res.format ? res.format->block() : TexelBlock{1, 1, 1};
  std::string why = layout_transfer(res.args, unit, level, box, stride, layer_stride, out);
  if (!why.empty()) return "resource " + std::to_string(res.args.res_id) + ": " + why;
  return {};
}

namespace {
// The part of `res`'s backing a transfer at `offset` covers, or a reason it does not fit.
std::string backing_window(Resource& res, const TransferLayout& l, uint64_t offset,
                           std::span<uint8_t>& window) {
  const std::span<uint8_t> backing = res.backing();
  if (!range_inside(offset, l.size, backing.size())) {
    return "resource " + std::to_string(res.args.res_id) + ": " + std::to_string(l.size) +
           " bytes at backing offset " + std::to_string(offset) + " exceed its backing of " +
           std::to_string(backing.size()) + " bytes";
  }
  window = backing.subspan(offset, l.size);
  return {};
}
}  // namespace

std::string RendererCore::move_backing(Resource& res, const trace::Transfer& where,
                                       Direction direction) {
  TransferLayout l;
  std::span<uint8_t> window;
  if (std::string why = layout(res, where.level, where.box, where.stride, where.layer_stride, l);
      !why.empty()) {
    return why;
  }
  if (std::string why = backing_window(res, l, where.offset, window); !why.empty()) return why;
  return direction == Direction::ToResource ? upload_box(res, where.level, where.box, l, window)
                                            : download_box(res, where.level, where.box, l, window);
}

}  // namespace vgpu::renderer
