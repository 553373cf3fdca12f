#include "fuzz/renderer/renderer_script.h"

#include <algorithm>

namespace vgpu::fuzz {

RendererScript& RendererScript::submit(std::span<const uint32_t> words) {
  // A longer buffer is split: SUBMIT's count is 16 bits.
  for (size_t at = 0; at < words.size(); at += 0xffff) {
    const size_t n = std::min<size_t>(0xffff, words.size() - at);
    u8(static_cast<uint8_t>(RendererOp::SUBMIT));
    u16(static_cast<uint32_t>(n));
    for (size_t i = 0; i < n; ++i) u32(words[at + i]);
  }
  return *this;
}

RendererScript& RendererScript::create_resource(const trace::ResourceCreate& c) {
  u8(static_cast<uint8_t>(RendererOp::CREATE_RESOURCE));
  u8(c.res_id), u8(c.target), u16(c.format), u32(c.bind);
  u16(c.width), u16(c.height), u16(c.depth), u16(c.array_size);
  u8(c.last_level), u8(c.nr_samples);
  return *this;
}

RendererScript& RendererScript::op(RendererOp op, uint8_t id) {
  u8(static_cast<uint8_t>(op)), u8(id);
  return *this;
}

RendererScript& RendererScript::attach_backing(uint8_t id, uint16_t kib) {
  u8(static_cast<uint8_t>(RendererOp::ATTACH_BACKING)), u8(id), u16(kib);
  return *this;
}

RendererScript& RendererScript::write_backing(uint8_t id, uint32_t offset,
                                              std::span<const uint8_t> data) {
  u8(static_cast<uint8_t>(RendererOp::WRITE_BACKING)), u8(id), u32(offset);
  append_counted(data);
  return *this;
}

void RendererScript::append_counted(std::span<const uint8_t> data) {
  data = data.first(std::min<size_t>(data.size(), 0xffff));  // the count is 16 bits
  u16(static_cast<uint32_t>(data.size()));
  bytes_.insert(bytes_.end(), data.begin(), data.end());
}

void RendererScript::transfer(const trace::Transfer& t) {
  u8(t.res_id), u8(t.level);
  for (uint32_t v : {t.box.x, t.box.y, t.box.z, t.box.width, t.box.height, t.box.depth}) u16(v);
  u32(t.stride), u32(t.layer_stride);
}

RendererScript& RendererScript::transfer_to_host(const trace::Transfer& t,
                                                 std::span<const uint8_t> data) {
  u8(static_cast<uint8_t>(RendererOp::TRANSFER_TO_HOST));
  transfer(t);
  append_counted(data);
  return *this;
}

RendererScript& RendererScript::transfer_from_host(const trace::Transfer& t) {
  u8(static_cast<uint8_t>(RendererOp::TRANSFER_FROM_HOST));
  transfer(t);
  return *this;
}

RendererScript& RendererScript::read_back_zeros(uint8_t id, uint16_t width, uint16_t height) {
  u8(static_cast<uint8_t>(RendererOp::READ_BACK_ZEROS)), u8(id), u16(width), u16(height);
  return *this;
}

}  // namespace vgpu::fuzz
