// Fuzzes the TGSI -> GLSL translator (renderer/shader/glsl_translator.h) behind the real TGSI
// parser and validator: whatever text validates must translate or be refused with a message,
// never crash, hang or read out of bounds.  No GL here (the translator makes no GL calls).
// Input: 4 config bytes that become the ShaderKey (so one corpus explores key variants too),
// then the TGSI text.
//   byte 0: flatshade, two-sided colour, dual-source, alpha func (bits 3..5), has_prev_stage
//   byte 1: clip_plane_enable       byte 2: point_sprite_coord_mask low byte
//   byte 3: colour int mask (low nibble) / uint mask (high nibble), also vertex attrib masks
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "decoder/tgsi/validator.h"
#include "renderer/shader/glsl_translator.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace vgpu;
  if (size < 4) return 0;
  shader::ShaderKey key;
  key.flatshade = data[0] & 1;
  key.two_sided_color = data[0] & 2;
  key.dual_source_blend = data[0] & 4;
  key.alpha_func = static_cast<uint8_t>((data[0] >> 3) & 7);
  key.has_prev_stage = data[0] & 0x40;
  key.clip_plane_enable = data[1];
  key.point_sprite_coord_mask = data[2];
  key.color_int_mask = data[3] & 0x0f;
  key.color_uint_mask = static_cast<uint8_t>(data[3] >> 4);
  key.vertex_attrib_int_mask = data[3] & 0x0f;
  key.vertex_attrib_uint_mask = data[3] >> 4;
  if (key.has_prev_stage) key.prev_stage_outputs.push_back({5, 0});  // only GENERIC[0]

  const std::string_view text(reinterpret_cast<const char*>(data + 4), size - 4);
  const tgsi::CheckedShader checked = tgsi::parse_and_validate(text);
  if (!checked.ok()) return 0;
  const auto result = shader::translate(checked.shader, key, {});
  // A refusal must say why; a translation must be a whole shader.
  if (!result.ok() && result.error().message.empty()) __builtin_trap();
  if (result.ok() && result.value().glsl.find("void main()") == std::string::npos) {
    __builtin_trap();
  }
  return 0;
}
