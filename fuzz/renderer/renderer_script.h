// Builds renderer-harness inputs (renderer_ops.def) in code: the CVE regression inputs and the
// seeds are written with it, so their bytes follow the op table rather than hand-kept offsets.
#pragma once

#include <cstdint>
#include <span>
#include <string_view>
#include <vector>

#include "fuzz/renderer/renderer_ops.h"
#include "trace/events.h"

namespace vgpu::fuzz {

class RendererScript {
 public:
  explicit RendererScript(uint32_t config = 0) { u32(config); }

  RendererScript& submit(std::span<const uint32_t> words);
  RendererScript& create_resource(const trace::ResourceCreate& c);
  RendererScript& op(RendererOp op, uint8_t id);  // the ops whose only argument is one id
  RendererScript& attach_backing(uint8_t id, uint16_t kib);
  RendererScript& write_backing(uint8_t id, uint32_t offset, std::span<const uint8_t> data);
  RendererScript& transfer_to_host(const trace::Transfer& t, std::span<const uint8_t> data);
  RendererScript& transfer_from_host(const trace::Transfer& t);
  RendererScript& read_back_zeros(uint8_t id, uint16_t width, uint16_t height);

  [[nodiscard]] const std::vector<uint8_t>& bytes() const { return bytes_; }

 private:
  void transfer(const trace::Transfer& t);
  void append_counted(std::span<const uint8_t> data);
  void u8(uint32_t v) { bytes_.push_back(static_cast<uint8_t>(v)); }
  void u16(uint32_t v) { u8(v), u8(v >> 8); }
  void u32(uint32_t v) { u16(v), u16(v >> 16); }
  std::vector<uint8_t> bytes_;
};

}  // namespace vgpu::fuzz
