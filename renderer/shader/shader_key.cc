// Hashing of ShaderKey: the renderer keys its variant cache on it.
#include <functional>

#include "renderer/shader/glsl_translator.h"

namespace vgpu::shader {
namespace {

// 64-bit FNV-1a over each field's value: keys are small and hashed once per variant lookup.
class KeyHasher {
 public:
  void add(uint64_t v) {
    for (int i = 0; i < 8; ++i) {
      h_ ^= (v >> (8 * i)) & 0xffu;
      h_ *= 0x100000001b3ull;
    }
  }
  void add(const std::vector<Varying>& list) {
    add(list.size());
    for (const Varying& v : list) {
      add(v.semantic);
      add(v.index);
      add(static_cast<uint64_t>(v.interpolation) | static_cast<uint64_t>(v.location) << 8);
    }
  }
  [[nodiscard]] uint64_t value() const { return h_; }

 private:
  uint64_t h_ = 0xcbf29ce484222325ull;
};

}  // namespace

size_t hash_value(const ShaderKey& key) {
  KeyHasher h;
  h.add(key.vertex_attrib_int_mask);
  h.add(key.vertex_attrib_uint_mask);
  h.add(key.color_int_mask | uint64_t{key.color_uint_mask} << 8 |
        uint64_t{key.dual_source_blend} << 16 | uint64_t{key.flatshade} << 17 |
        uint64_t{key.two_sided_color} << 18 | uint64_t{key.has_prev_stage} << 19 |
        uint64_t{key.has_next_stage} << 20 | uint64_t{key.alpha_func} << 24 |
        uint64_t{key.clip_plane_enable} << 32 | uint64_t{stage_index(key.prev_stage)} << 40);
  h.add(key.point_sprite_coord_mask);
  h.add(key.prev_stage_outputs);
  h.add(key.next_stage_inputs);
  h.add(key.shadow_swizzles.size());
  for (uint16_t swizzle : key.shadow_swizzles) h.add(swizzle);
  return static_cast<size_t>(h.value());
}

}  // namespace vgpu::shader
