// The virgl capsets (what a host tells the guest driver it supports) as structs derived from
// capset.def, plus the names needed to print them.  Capset 1 is CapsV1, capset 2 is CapsV2;
// a host may send a prefix of CapsV2 (older hosts stop after `renderer`), and a guest reads
// the fields it knows, zero beyond what was sent.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

namespace vgpu::virgl {

using FormatMask = std::array<uint32_t, 16>;  // bit n: virgl format n

namespace caps_detail {
template <class T, size_t N>
using Field = std::conditional_t<N == 1, T, std::array<T, N>>;
using U32 = uint32_t;
using I32 = int32_t;
using F32 = float;
using MASK = FormatMask;
using BSET = uint32_t;  // bit i = flag i of struct virgl_caps_bool_set1 (capset_bool_name)
using CHAR = char;
}  // namespace caps_detail

struct CapsV1 {
#define VGPU_CAPS_V1(kind, name, count) caps_detail::Field<caps_detail::kind, count> name{};
#define VGPU_CAPS_V2(kind, name, count)
#include "decoder/capset.def"
#undef VGPU_CAPS_V1
#undef VGPU_CAPS_V2
};
static_assert(sizeof(CapsV1) == 308);

struct CapsV2 {
  CapsV1 v1;
#define VGPU_CAPS_V1(kind, name, count)
#define VGPU_CAPS_V2(kind, name, count) caps_detail::Field<caps_detail::kind, count> name{};
#include "decoder/capset.def"
#undef VGPU_CAPS_V1
#undef VGPU_CAPS_V2
};
static_assert(sizeof(CapsV2) == 1384);
static_assert(std::is_trivially_copyable_v<CapsV2>);

// Sizes on the wire: older hosts' capset 2 ends after `renderer`.
inline constexpr size_t kCapsV2RendererEnd = offsetof(CapsV2, max_anisotropy);
static_assert(kCapsV2RendererEnd == 760);

// The flags by name: CapsetBool::conditional_render is a bit position in CapsV1::bset;
// kCap::COMPUTE_SHADER and kCapV2::STRING_MARKER are masks of the two capability words.
enum class CapsetBool : uint32_t {
#define VGPU_CAPSET_BOOL(bit, name) name = bit,
#define VGPU_CAP_BIT(bit, NAME)
#define VGPU_CAP_V2_BIT(bit, NAME)
#include "decoder/capset_flags.def"
#undef VGPU_CAPSET_BOOL
#undef VGPU_CAP_BIT
#undef VGPU_CAP_V2_BIT
};
namespace kCap {
#define VGPU_CAPSET_BOOL(bit, name)
#define VGPU_CAP_BIT(bit, NAME) inline constexpr uint32_t NAME = 1u << (bit);
#define VGPU_CAP_V2_BIT(bit, NAME)
#include "decoder/capset_flags.def"
#undef VGPU_CAPSET_BOOL
#undef VGPU_CAP_BIT
#undef VGPU_CAP_V2_BIT
}  // namespace kCap
namespace kCapV2 {
#define VGPU_CAPSET_BOOL(bit, name)
#define VGPU_CAP_BIT(bit, NAME)
#define VGPU_CAP_V2_BIT(bit, NAME) inline constexpr uint32_t NAME = 1u << (bit);
#include "decoder/capset_flags.def"
#undef VGPU_CAPSET_BOOL
#undef VGPU_CAP_BIT
#undef VGPU_CAP_V2_BIT
}  // namespace kCapV2

// Flag names: struct virgl_caps_bool_set1 bits, VIRGL_CAP_* and VIRGL_CAP_V2_* bits;
// "" for an unassigned bit.
[[nodiscard]] std::string_view capset_bool_name(uint32_t bit);
[[nodiscard]] std::string_view capability_bit_name(uint32_t bit);
[[nodiscard]] std::string_view capability_bit_v2_name(uint32_t bit);

// One field of a received capset, rendered for people: numbers, flag names, format names.
struct CapsetField {
  std::string name;   // "v1.glsl_level", "max_compute_grid_size", ...
  std::string value;  // "330", "[65535, 65535, 65535]", "indep_blend_enable conditional_render"
};

// The fields wholly contained in `bytes` (the capset as the host sent it, capset 1 or 2), in
// wire order; a trailing partial field is left out and reported by `truncated_at`.
struct DecodedCapset {
  std::vector<CapsetField> fields;
  size_t truncated_at = 0;  // byte offset of a partial field, 0 when none
};
[[nodiscard]] DecodedCapset decode_capset(std::span<const uint8_t> bytes);

}  // namespace vgpu::virgl
