#include "decoder/capset.h"

#include <algorithm>
#include <cstring>

#include "decoder/formats.h"

namespace vgpu::virgl {
namespace {

// Printable names by bit, from capset_flags.def.
template <size_t N>
using NameTable = std::array<std::string_view, N>;
enum class FlagWord { Bools, Cap, CapV2 };
constexpr NameTable<32> flag_names(FlagWord word) {
  NameTable<32> t{};
#define VGPU_CAPSET_BOOL(bit, name) \
  if (word == FlagWord::Bools) t[bit] = #name;
#define VGPU_CAP_BIT(bit, NAME) \
  if (word == FlagWord::Cap) t[bit] = #NAME;
#define VGPU_CAP_V2_BIT(bit, NAME) \
  if (word == FlagWord::CapV2) t[bit] = #NAME;
#include "decoder/capset_flags.def"
#undef VGPU_CAPSET_BOOL
#undef VGPU_CAP_BIT
#undef VGPU_CAP_V2_BIT
  return t;
}
constexpr NameTable<32> kBoolNames = flag_names(FlagWord::Bools);
constexpr NameTable<32> kCapNames = flag_names(FlagWord::Cap);
constexpr NameTable<32> kCapV2Names = flag_names(FlagWord::CapV2);

template <size_t N>
std::string_view name_or_empty(const std::array<std::string_view, N>& names, uint32_t bit) {
  return bit < N ? names[bit] : std::string_view{};
}

std::string flag_list(uint32_t bits, std::string_view (*name)(uint32_t)) {
  std::string out;
  for (uint32_t b = 0; b < 32; ++b) {
    if ((bits & (1u << b)) == 0) continue;
    if (!out.empty()) out += ' ';
    std::string_view n = name(b);
    out += n.empty() ? "bit" + std::to_string(b) : std::string(n);
  }
  return out.empty() ? "(none)" : out;
}

std::string format_list(const FormatMask& mask) {
  std::string out;
  size_t count = 0;
  for (uint32_t id = 0; id < mask.size() * 32; ++id) {
    if ((mask[id / 32] & (1u << (id % 32))) == 0) continue;
    out += out.empty() ? "" : " ";
    out += std::string(format_name(id));
    ++count;
  }
  return std::to_string(count) + " formats" + (out.empty() ? "" : ": " + out);
}

// Rendering of one field by kind; `name` picks the flag table for the two capability words.
std::string render(uint32_t v, std::string_view name) {
  if (name == "capability_bits") return flag_list(v, capability_bit_name);
  if (name == "capability_bits_v2") return flag_list(v, capability_bit_v2_name);
  return std::to_string(v);
}
std::string render(int32_t v, std::string_view) { return std::to_string(v); }
std::string render(float v, std::string_view) {
  std::string s = std::to_string(v);
  while (s.size() > 1 && s.back() == '0') s.pop_back();
  if (!s.empty() && s.back() == '.') s.pop_back();
  return s;
}
std::string render(const FormatMask& m, std::string_view) { return format_list(m); }
template <class T, size_t N>
std::string render(const std::array<T, N>& a, std::string_view name) {
  if constexpr (std::is_same_v<T, char>) {
    return "\"" + std::string(a.data(), strnlen(a.data(), N)) + "\"";
  } else {
    // Long runs of one value (video_caps of a host without video) print as "[v x N]".
    if (N > 8 && std::all_of(a.begin(), a.end(), [&](T v) { return v == a[0]; })) {
      return "[" + render(a[0], name) + " x " + std::to_string(N) + "]";
    }
    std::string out = "[";
    for (size_t i = 0; i < N; ++i) out += (i ? ", " : "") + render(a[i], name);
    return out + "]";
  }
}

template <class T>
void add_field(DecodedCapset& out, std::span<const uint8_t> bytes, size_t offset,
               std::string name, bool is_bset) {
  if (out.truncated_at != 0) return;
  if (offset + sizeof(T) > bytes.size()) {
    if (offset < bytes.size()) out.truncated_at = offset;
    return;
  }
  T value;
  std::memcpy(&value, bytes.data() + offset, sizeof(T));
  std::string text;
  if constexpr (std::is_same_v<T, uint32_t>) {
    text = is_bset ? flag_list(value, capset_bool_name) : render(value, name);
  } else {
    text = render(value, name);
  }
  out.fields.push_back({std::move(name), std::move(text)});
}

}  // namespace

std::string_view capset_bool_name(uint32_t bit) { return name_or_empty(kBoolNames, bit); }
std::string_view capability_bit_name(uint32_t bit) { return name_or_empty(kCapNames, bit); }
std::string_view capability_bit_v2_name(uint32_t bit) { return name_or_empty(kCapV2Names, bit); }

DecodedCapset decode_capset(std::span<const uint8_t> bytes) {
  DecodedCapset out;
  using namespace caps_detail;
#define VGPU_CAPS_V1(kind, name, count)                                             \
  add_field<Field<kind, count>>(out, bytes, offsetof(CapsV2, v1) + offsetof(CapsV1, name), \
                                "v1." #name, std::string_view(#kind) == "BSET");
#define VGPU_CAPS_V2(kind, name, count) \
  add_field<Field<kind, count>>(out, bytes, offsetof(CapsV2, name), #name, false);
#include "decoder/capset.def"
#undef VGPU_CAPS_V1
#undef VGPU_CAPS_V2
  return out;
}

}  // namespace vgpu::virgl
