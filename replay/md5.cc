// RFC 1321, written from the specification.
#include "replay/md5.h"

#include <cmath>
#include <cstring>
#include <vector>

namespace vgpu::replay {
namespace {

// Per-round left rotations (RFC 1321 section 3.4).
constexpr std::array<uint32_t, 64> kShift = {
    7, 12, 17, 22, 7, 12, 17, 22, 7, 12, 17, 22, 7, 12, 17, 22,
    5, 9,  14, 20, 5, 9,  14, 20, 5, 9,  14, 20, 5, 9,  14, 20,
    4, 11, 16, 23, 4, 11, 16, 23, 4, 11, 16, 23, 4, 11, 16, 23,
    6, 10, 15, 21, 6, 10, 15, 21, 6, 10, 15, 21, 6, 10, 15, 21};

// T[i] = floor(2^32 * |sin(i + 1)|), computed once rather than typed out.
const std::array<uint32_t, 64>& sine_table() {
  static const std::array<uint32_t, 64> table = [] {
    std::array<uint32_t, 64> t{};
    for (size_t i = 0; i < t.size(); ++i) {
      t[i] = static_cast<uint32_t>(std::floor(4294967296.0 * std::fabs(std::sin(double(i + 1)))));
    }
    return t;
  }();
  return table;
}

uint32_t rotl(uint32_t x, uint32_t n) { return (x << n) | (x >> (32 - n)); }

void process_block(std::array<uint32_t, 4>& state, const uint8_t* block) {
  uint32_t m[16];
  for (size_t i = 0; i < 16; ++i) {
    m[i] = uint32_t{block[i * 4]} | uint32_t{block[i * 4 + 1]} << 8 |
           uint32_t{block[i * 4 + 2]} << 16 | uint32_t{block[i * 4 + 3]} << 24;
  }
  const auto& t = sine_table();
  uint32_t a = state[0], b = state[1], c = state[2], d = state[3];
  for (uint32_t i = 0; i < 64; ++i) {
    uint32_t f = 0, g = 0;
    if (i < 16) {
      f = (b & c) | (~b & d), g = i;
    } else if (i < 32) {
      f = (d & b) | (~d & c), g = (5 * i + 1) % 16;
    } else if (i < 48) {
      f = b ^ c ^ d, g = (3 * i + 5) % 16;
    } else {
      f = c ^ (b | ~d), g = (7 * i) % 16;
    }
    const uint32_t next = b + rotl(a + f + t[i] + m[g], kShift[i]);
    a = d, d = c, c = b, b = next;
  }
  state[0] += a, state[1] += b, state[2] += c, state[3] += d;
}

}  // namespace

Md5Digest md5(std::span<const uint8_t> data) {
  std::array<uint32_t, 4> state = {0x67452301u, 0xefcdab89u, 0x98badcfeu, 0x10325476u};
  const size_t whole = data.size() / 64 * 64;
  for (size_t i = 0; i < whole; i += 64) process_block(state, &data[i]);
  // The tail, the 0x80 marker, zero padding and the bit length: one or two more blocks.
  uint8_t tail[128] = {};
  const size_t rest = data.size() - whole;
  if (rest != 0) std::memcpy(tail, data.data() + whole, rest);
  tail[rest] = 0x80;
  const size_t tail_size = rest < 56 ? 64 : 128;
  const uint64_t bits = uint64_t{data.size()} * 8;
  for (size_t i = 0; i < 8; ++i) tail[tail_size - 8 + i] = static_cast<uint8_t>(bits >> (8 * i));
  for (size_t i = 0; i < tail_size; i += 64) process_block(state, tail + i);
  Md5Digest out{};
  for (size_t i = 0; i < 16; ++i) out[i] = static_cast<uint8_t>(state[i / 4] >> (8 * (i % 4)));
  return out;
}

std::string md5_hex(std::span<const uint8_t> data) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  for (uint8_t byte : md5(data)) {
    out += kHex[byte >> 4];
    out += kHex[byte & 15];
  }
  return out;
}

std::string image_md5(const RgbaImage& image) {
  std::vector<uint8_t> opaque = image.pixels;
  for (size_t i = 3; i < opaque.size(); i += kRgbaBytes) opaque[i] = 255;
  return md5_hex(opaque);
}

}  // namespace vgpu::replay
