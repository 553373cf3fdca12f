#include "capture/interposer/pixel_size.h"

#include <string_view>

namespace vgpu::interposer {
namespace {

// Bits of one "R8G8B8A8"-style token (letters each followed by a bit count); 0 when the token is
// not one, or repeats a channel already counted (`seen`: a packed pair such as R8G8_B8G8).
constexpr uint32_t token_bits(std::string_view token, uint32_t& seen) {
  uint32_t bits = 0;
  size_t i = 0;
  if (token.empty()) return 0;
  while (i < token.size()) {
    const char channel = token[i++];
    if (channel < 'A' || channel > 'Z') return 0;
    uint32_t count = 0;
    const size_t digits_start = i;
    while (i < token.size() && token[i] >= '0' && token[i] <= '9') {
      count = count * 10 + static_cast<uint32_t>(token[i++] - '0');
    }
    if (i == digits_start) return 0;
    const uint32_t mask = 1u << (channel - 'A');
    if (seen & mask) return 0;
    seen |= mask;
    bits += count;
  }
  return bits;
}

constexpr uint32_t name_pixel_size(std::string_view name) {
  uint32_t bits = 0, seen = 0;
  for (size_t start = 0; start <= name.size();) {
    size_t end = name.find('_', start);
    if (end == std::string_view::npos) end = name.size();
    const std::string_view token = name.substr(start, end - start);
    const bool channels = !token.empty() && token[0] >= 'A' && token[0] <= 'Z' &&
                          token.size() > 1 && token[1] >= '0' && token[1] <= '9';
    if (channels) {
      const uint32_t b = token_bits(token, seen);
      if (b == 0) return 0;
      bits += b;
    }
    start = end + 1;
  }
  return bits % 8 == 0 ? bits / 8 : 0;
}

static_assert(name_pixel_size("B8G8R8A8_UNORM") == 4);
static_assert(name_pixel_size("Z32_FLOAT_S8X24_UINT") == 8);
static_assert(name_pixel_size("R8G8_B8G8_UNORM") == 0);
static_assert(name_pixel_size("ETC2_R11_UNORM") == 0);
static_assert(name_pixel_size("DXT1_RGB") == 0);

struct Entry {
  uint32_t id;
  uint32_t size;
};
constexpr Entry kSizes[] = {
#define VGPU_FORMAT(id, name) {id, name_pixel_size(#name)},
#include "decoder/formats.def"
#undef VGPU_FORMAT
};

}  // namespace

uint32_t pixel_size(uint32_t virgl_format) {
  for (const Entry& e : kSizes) {
    if (e.id == virgl_format) return e.size;
  }
  return 0;
}

}  // namespace vgpu::interposer
