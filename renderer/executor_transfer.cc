// TRANSFER3D, RESOURCE_INLINE_WRITE and COPY_TRANSFER3D: every box checked against the
// resource, every byte range against the memory it comes from, in 64-bit, before any GL call.
#include "renderer/gl_transfer.h"
#include "renderer/submit_executor.h"

namespace vgpu::renderer {
namespace {

constexpr uint32_t kToHost = 1;

trace::Box box_of(const virgl::TransferRegion& r) { return {r.x, r.y, r.z, r.w, r.h, r.d}; }

}  // namespace

void SubmitExecutor::on(const virgl::Transfer3d& cmd, const virgl::CommandLocation&) {
  take();
  const auto& r = cmd.region;
  auto res = attached(r.resource, "resource");
  if (!res) return;
  trace::Transfer where;
  where.level = r.level;
  where.box = box_of(r);
  where.stride = r.stride;
  where.layer_stride = r.layer_stride;
  where.offset = cmd.offset;
  const std::string why = core_.move_backing(
      *res, where,
      cmd.direction == kToHost ? RendererCore::Direction::ToResource
                               : RendererCore::Direction::ToBacking);
  if (!why.empty()) reject(why);
}

void SubmitExecutor::on(const virgl::ResourceInlineWrite& cmd, const virgl::CommandLocation&) {
  take();
  const auto& r = cmd.region;
  auto res = attached(r.resource, "resource");
  if (!res) return;
  TransferLayout layout;
  if (std::string why = core_.layout(*res, r.level, box_of(r), r.stride, r.layer_stride, layout);
      !why.empty()) {
    reject(why);
    return;
  }
  const auto bytes = std::as_bytes(cmd.data);
  if (layout.size > bytes.size()) {
    reject("the box needs " + std::to_string(layout.size) + " bytes, the command carries " +
           std::to_string(bytes.size()));
    return;
  }
  const std::span<const uint8_t> data(reinterpret_cast<const uint8_t*>(bytes.data()),
                                      bytes.size());
  if (std::string why = upload_box(*res, r.level, box_of(r), layout, data); !why.empty()) {
    reject(why);
  }
}

void SubmitExecutor::on(const virgl::CopyTransfer3d& cmd, const virgl::CommandLocation&) {
  take();
  const auto& r = cmd.region;
  auto res = attached(r.resource, "resource");
  auto staging = res ? attached(cmd.src_resource, "staging buffer") : nullptr;
  if (!staging) return;
  if (!staging->is_buffer()) {
    reject("resource " + std::to_string(cmd.src_resource) + " is not a buffer");
    return;
  }
  TransferLayout layout;
  if (std::string why = core_.layout(*res, r.level, box_of(r), r.stride, r.layer_stride, layout);
      !why.empty()) {
    reject(why);
    return;
  }
  if (!range_inside(cmd.src_offset, layout.size, staging->args.width)) {
    reject(std::to_string(layout.size) + " bytes at offset " + std::to_string(cmd.src_offset) +
           " exceed staging buffer " + std::to_string(cmd.src_resource));
    return;
  }
  // The staging buffer's bytes live in GL; read them back once, then upload them.
  std::vector<uint8_t> bytes(layout.size);
  if (cmd.read_from_host != 0) {
    std::string why = download_box(*res, r.level, box_of(r), layout, bytes);
    if (why.empty()) {
      glNamedBufferSubData(staging->gl_name, cmd.src_offset,
                           static_cast<GLsizeiptr>(bytes.size()), bytes.data());
    } else {
      reject(why);
    }
    return;
  }
  glGetNamedBufferSubData(staging->gl_name, cmd.src_offset, static_cast<GLsizeiptr>(bytes.size()),
                          bytes.data());
  if (std::string why = upload_box(*res, r.level, box_of(r), layout, bytes); !why.empty()) {
    reject(why);
  }
}

}  // namespace vgpu::renderer
