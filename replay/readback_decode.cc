#include "replay/readback_decode.h"

#include <algorithm>
#include <array>

#include "decoder/formats.h"
#include "decoder/protocol.h"

namespace vgpu::replay {
namespace {

using virgl::PipeFormat;

constexpr uint64_t kMaxImageBytes = 1ull << 30;
constexpr uint8_t kOpaque = 255;  // alpha index meaning "no alpha channel"

struct ReadbackFormat {
  PipeFormat format;
  uint32_t bytes_per_pixel;
  std::array<uint8_t, 4> channel_index;  // byte of R, G, B, A within a pixel
};

constexpr std::array kFormats = {
#define VGPU_READBACK_FORMAT(NAME, BPP, R, G, B, A) \
  ReadbackFormat{PipeFormat::NAME, BPP, {R, G, B, A}},
#include "replay/readback_formats.def"
#undef VGPU_READBACK_FORMAT
};

const ReadbackFormat* find_format(uint32_t format) {
  for (const auto& f : kFormats) {
    if (static_cast<uint32_t>(f.format) == format) return &f;
  }
  return nullptr;
}

constexpr uint32_t bind_bit(std::string_view name) {
  for (const auto& f : virgl::kBindFlags) {
    if (f.name == name) return f.bit;
  }
  return 0;
}
constexpr uint32_t kTopDownBinds = bind_bit("DISPLAY_TARGET") | bind_bit("SCANOUT");
static_assert(kTopDownBinds != 0);

trace::Error decode_error(std::string message) {
  return trace::Error{trace::ErrorCode::InvalidArgument, std::move(message)};
}

void decode_pixel(const ReadbackFormat& f, const uint8_t* in, uint8_t* out) {
  for (size_t c = 0; c < 4; ++c) {
    const uint8_t index = f.channel_index[c];
    out[c] = index == kOpaque ? uint8_t{255} : in[index];
  }
}

}  // namespace

bool is_display_target(const trace::ResourceCreate& resource) {
  return (resource.bind & kTopDownBinds) != 0;
}

bool is_decodable_format(uint32_t format) { return find_format(format) != nullptr; }

std::string decodable_formats() {
  std::string out;
  for (const auto& f : kFormats) {
    if (!out.empty()) out += ", ";
    out += virgl::format_name(static_cast<uint32_t>(f.format));
  }
  return out;
}

trace::Result<RgbaImage> decode_readback(const trace::ResourceCreate& resource,
                                         const trace::Transfer& t,
                                         std::span<const uint8_t> bytes) {
  const ReadbackFormat* f = find_format(resource.format);
  if (!f) {
    return decode_error("format " + std::string(virgl::format_name(resource.format)) +
                        " is not decoded to RGBA (decoded: " + decodable_formats() + ")");
  }
  if (t.box.depth > 1) return decode_error("a 3D box cannot be shown as one image");
  const uint64_t row_bytes = uint64_t{t.box.width} * f->bytes_per_pixel;
  const uint64_t level_width = std::max<uint64_t>(1, uint64_t{resource.width} >> std::min(t.level, 31u));
  const uint64_t stride = t.stride != 0 ? t.stride : level_width * f->bytes_per_pixel;
  if (stride < row_bytes) {
    return decode_error("row stride " + std::to_string(stride) + " is shorter than a row of " +
                        std::to_string(row_bytes) + " bytes");
  }
  if (uint64_t{t.box.width} * t.box.height * kRgbaBytes > kMaxImageBytes) {
    return decode_error("a " + std::to_string(t.box.width) + "x" + std::to_string(t.box.height) +
                        " box is larger than an image replay keeps");
  }
  RgbaImage image = make_image(t.box.width, t.box.height);
  const bool top_down = is_display_target(resource);
  for (uint32_t row = 0; row < t.box.height; ++row) {
    const uint32_t y = top_down ? row : t.box.height - 1 - row;
    const uint64_t row_start = uint64_t{row} * stride;
    for (uint32_t x = 0; x < t.box.width; ++x) {
      const uint64_t at = row_start + uint64_t{x} * f->bytes_per_pixel;
      if (at + f->bytes_per_pixel > bytes.size()) break;  // clamped last row: stays zero
      decode_pixel(*f, &bytes[at], image.at(x, y));
    }
  }
  return image;
}

}  // namespace vgpu::replay
