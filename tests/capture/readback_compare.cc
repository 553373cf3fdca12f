#include "tests/capture/readback_compare.h"

#include <array>
#include <cstdio>
#include <cstring>

#include "decoder/formats.h"
#include "decoder/protocol.h"

namespace vgpu::capture_check {
namespace {

using virgl::PipeFormat;

// One host pixel -> the 4 bytes glReadPixels returns for it.
using ConvertPixel = void (*)(const uint8_t* host, uint8_t* out);

struct HostFormat {
  PipeFormat format;
  DumpFormat dump;
  uint32_t bytes_per_pixel;
  ConvertPixel convert;
  const char* conversion;
};

void bgra_to_rgba(const uint8_t* h, uint8_t* o) { o[0] = h[2], o[1] = h[1], o[2] = h[0], o[3] = h[3]; }
// X formats: GL reads an absent alpha as 1.0.
void bgrx_to_rgba(const uint8_t* h, uint8_t* o) { o[0] = h[2], o[1] = h[1], o[2] = h[0], o[3] = 255; }
void rgba_to_rgba(const uint8_t* h, uint8_t* o) { std::memcpy(o, h, 4); }
void rgbx_to_rgba(const uint8_t* h, uint8_t* o) { o[0] = h[0], o[1] = h[1], o[2] = h[2], o[3] = 255; }
// S8_UINT_Z24_UNORM is, as a little-endian word, stencil in bits 0-7 and depth in 8-31: exactly
// GL_UNSIGNED_INT_24_8.  Z24_UNORM_S8_UINT has them the other way round.
void s8z24_to_24_8(const uint8_t* h, uint8_t* o) { std::memcpy(o, h, 4); }
void z24s8_to_24_8(const uint8_t* h, uint8_t* o) {
  uint32_t v;
  std::memcpy(&v, h, 4);
  v = (v << 8) | (v >> 24);
  std::memcpy(o, &v, 4);
}

constexpr std::array kHostFormats = {
    HostFormat{PipeFormat::B8G8R8A8_UNORM, DumpFormat::Rgba8, 4, bgra_to_rgba, "BGRA->RGBA"},
    HostFormat{PipeFormat::B8G8R8X8_UNORM, DumpFormat::Rgba8, 4, bgrx_to_rgba, "BGRX->RGBA (alpha 255)"},
    HostFormat{PipeFormat::R8G8B8A8_UNORM, DumpFormat::Rgba8, 4, rgba_to_rgba, "RGBA as is"},
    HostFormat{PipeFormat::R8G8B8X8_UNORM, DumpFormat::Rgba8, 4, rgbx_to_rgba, "RGBX->RGBA (alpha 255)"},
    HostFormat{PipeFormat::S8_UINT_Z24_UNORM, DumpFormat::D24S8, 4, s8z24_to_24_8, "S8Z24 as is"},
    HostFormat{PipeFormat::Z24_UNORM_S8_UINT, DumpFormat::D24S8, 4, z24s8_to_24_8, "Z24S8->S8Z24"},
};

const HostFormat* find_format(uint32_t format) {
  for (const auto& f : kHostFormats) {
    if (static_cast<uint32_t>(f.format) == format) return &f;
  }
  return nullptr;
}

constexpr uint32_t kTopDownBinds = virgl::kPresentableBinds;

// PIPE_TEXTURE_2D and PIPE_TEXTURE_RECT: what glReadPixels of a framebuffer reads from.
constexpr uint32_t kTexture2d = 2;
constexpr uint32_t kTextureRect = 4;

std::string hex4(const uint8_t* p) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%02x%02x%02x%02x", p[0], p[1], p[2], p[3]);
  return buf;
}

std::string box_text(const trace::Box& b) {
  return std::to_string(b.width) + "x" + std::to_string(b.height) + "x" + std::to_string(b.depth) +
         " at (" + std::to_string(b.x) + "," + std::to_string(b.y) + "," + std::to_string(b.z) + ")";
}

}  // namespace

bool stored_top_down(const trace::ResourceCreate& resource) {
  return (resource.bind & kTopDownBinds) != 0;
}

std::string handled_formats() {
  std::string out;
  for (const auto& f : kHostFormats) {
    if (!out.empty()) out += ", ";
    out += virgl::format_name(static_cast<uint32_t>(f.format));
  }
  return out;
}

Comparison compare_readback(const DumpedReadback& d, const trace::ResourceCreate& res,
                            const trace::TransferFromHost& t) {
  Comparison c;
  auto refuse = [&c](std::string why) {
    c.why_not = std::move(why);
    return c;
  };
  const HostFormat* format = find_format(res.format);
  if (!format) {
    return refuse("resource " + std::to_string(res.res_id) + " has format " +
                  std::string(virgl::format_name(res.format)) + " (" + std::to_string(res.format) +
                  "), which this check does not convert (it handles " + handled_formats() + ")");
  }
  if (format->dump != d.format) {
    return refuse("resource format " + std::string(virgl::format_name(res.format)) +
                  " cannot hold a " + (d.format == DumpFormat::Rgba8 ? "rgba8" : "d24s8") +
                  " readback");
  }
  if (res.target != kTexture2d && res.target != kTextureRect) {
    return refuse("resource target " + std::to_string(res.target) + " is not a 2D texture");
  }
  const bool top_down = stored_top_down(res);
  if (top_down != d.default_framebuffer) {
    return refuse(std::string(d.default_framebuffer ? "a default-framebuffer" : "an FBO") +
                  " readback cannot come from a resource that is " +
                  (top_down ? "" : "not ") + "a display target");
  }
  if (t.level != 0) return refuse("transfer of level " + std::to_string(t.level));
  if (uint64_t{d.y} + d.height > res.height || uint64_t{d.x} + d.width > res.width) {
    return refuse("readback rectangle outside the " + std::to_string(res.width) + "x" +
                  std::to_string(res.height) + " resource");
  }
  const uint32_t box_y = top_down ? res.height - d.y - d.height : d.y;
  const trace::Box expected_box{d.x, box_y, 0, d.width, d.height, 1};
  if (!(t.box == expected_box)) {
    return refuse("box " + box_text(t.box) + ", expected " + box_text(expected_box));
  }
  const uint64_t bpp = format->bytes_per_pixel;
  const uint64_t stride = t.stride != 0 ? t.stride : uint64_t{res.width} * bpp;
  if (stride < uint64_t{d.width} * bpp) {
    return refuse("row stride " + std::to_string(stride) + " is shorter than a row");
  }
  const uint64_t needed = d.height == 0 ? 0 : (uint64_t{d.height} - 1) * stride + d.width * bpp;
  if (t.data.size() < needed) {
    return refuse("the transfer holds " + std::to_string(t.data.size()) + " bytes, " +
                  std::to_string(needed) + " needed");
  }
  c.comparable = true;
  c.conversion = std::string(virgl::format_name(res.format)) + " " + format->conversion +
                 (top_down ? ", rows flipped" : ", rows as is") + ", stride " +
                 std::to_string(stride) + ", offset " + std::to_string(t.offset) + ", box y " +
                 std::to_string(box_y);
  for (uint32_t row = 0; row < d.height; ++row) {
    // Dump row 0 is GL row d.y (the bottom one read).
    const uint64_t host_row = top_down ? d.height - 1 - row : row;
    for (uint32_t col = 0; col < d.width; ++col) {
      const uint8_t* want = &d.bytes[(uint64_t{row} * d.width + col) * kDumpBytesPerPixel];
      uint8_t got[4];
      format->convert(&t.data[host_row * stride + col * bpp], got);
      ++c.pixels;
      if (std::memcmp(want, got, 4) != 0) {
        if (c.differing_pixels++ == 0) {
          c.first_difference = "pixel (" + std::to_string(d.x + col) + "," +
                               std::to_string(d.y + row) + "): dump " + hex4(want) +
                               ", host (converted) " + hex4(got);
        }
      }
    }
  }
  return c;
}

}  // namespace vgpu::capture_check
