// tests/capture/readback_compare.h: the conversions between what a client dumped and what the
// host wrote, and that one changed byte anywhere is found.
#include "tests/capture/readback_compare.h"

#include <gmock/gmock.h>

#include <algorithm>
#include <cstring>

#include "decoder/formats.h"

namespace vgpu::capture_check {
namespace {

using ::testing::HasSubstr;
using virgl::PipeFormat;

constexpr uint32_t kDisplayTargetBinds = (1u << 1) | (1u << 3) | (1u << 7);  // RT, SAMPLER, DISPLAY
constexpr uint32_t kRenderTarget = 1u << 1;
constexpr uint32_t kDepthStencil = 1u << 0;

trace::ResourceCreate resource(PipeFormat format, uint32_t bind, uint32_t w, uint32_t h) {
  trace::ResourceCreate r;
  r.res_id = 7;
  r.target = 2;
  r.format = static_cast<uint32_t>(format);
  r.bind = bind;
  r.width = w;
  r.height = h;
  r.depth = 1;
  r.array_size = 1;
  return r;
}

// A 4x3 readback at (1,2) whose pixel (x, y) is {x*16, y*16, x+y, 200 + x}: no two equal, no
// channel equal to another, so a swap or a flip cannot go unnoticed.
DumpedReadback dumped(DumpFormat format = DumpFormat::Rgba8, bool default_framebuffer = true) {
  DumpedReadback d;
  d.index = 0;
  d.x = 1, d.y = 2, d.width = 4, d.height = 3;
  d.format = format;
  d.default_framebuffer = default_framebuffer;
  d.attachment = default_framebuffer ? "back" : "color0";
  for (uint32_t row = 0; row < d.height; ++row) {
    for (uint32_t col = 0; col < d.width; ++col) {
      const uint32_t x = d.x + col, y = d.y + row;
      d.bytes.insert(d.bytes.end(), {static_cast<uint8_t>(x * 16), static_cast<uint8_t>(y * 16),
                                     static_cast<uint8_t>(x + y), static_cast<uint8_t>(200 + x)});
    }
  }
  return d;
}

// What the host writes for `d` into an 8x6 resource, built pixel by pixel the way the host lays
// it out (not by inverting compare_readback()).
struct HostBytes {
  std::vector<uint8_t> data;
  trace::TransferFromHost event;
};
HostBytes host_bytes(const DumpedReadback& d, bool bgra, bool top_down, uint32_t stride = 0,
                     uint32_t resource_height = 6) {
  HostBytes h;
  const uint32_t row_bytes = stride ? stride : 8 * 4;
  h.data.assign(row_bytes * d.height, 0xee);  // padding bytes are noise
  for (uint32_t row = 0; row < d.height; ++row) {
    const uint32_t host_row = top_down ? d.height - 1 - row : row;
    for (uint32_t col = 0; col < d.width; ++col) {
      const uint8_t* p = &d.bytes[(row * d.width + col) * 4];
      uint8_t* q = &h.data[host_row * row_bytes + col * 4];
      if (bgra) {
        q[0] = p[2], q[1] = p[1], q[2] = p[0], q[3] = p[3];
      } else {
        std::copy(p, p + 4, q);
      }
    }
  }
  h.event.res_id = 7;
  h.event.box = {d.x, top_down ? resource_height - d.y - d.height : d.y, 0, d.width, d.height, 1};
  h.event.stride = stride;
  h.event.data = h.data;
  return h;
}

TEST(ReadbackCompare, DisplayTargetIsBgraAndTopDown) {
  const DumpedReadback d = dumped();
  const HostBytes h = host_bytes(d, true, true);
  const Comparison c = compare_readback(d, resource(PipeFormat::B8G8R8A8_UNORM, kDisplayTargetBinds, 8, 6), h.event);
  EXPECT_TRUE(c.identical()) << c.why_not << c.first_difference;
  EXPECT_EQ(c.pixels, 12u);
  EXPECT_THAT(c.conversion, HasSubstr("rows flipped"));
}

TEST(ReadbackCompare, FboAttachmentIsRgbaInGlOrientation) {
  const DumpedReadback d = dumped(DumpFormat::Rgba8, false);
  const HostBytes h = host_bytes(d, false, false);
  const Comparison c = compare_readback(d, resource(PipeFormat::R8G8B8A8_UNORM, kRenderTarget, 8, 6), h.event);
  EXPECT_TRUE(c.identical()) << c.why_not << c.first_difference;
}

TEST(ReadbackCompare, OneChangedHostByteIsFoundAndNamed) {
  const DumpedReadback d = dumped();
  HostBytes h = host_bytes(d, true, true);
  // Host row 0 is the top row read: GL row y + h - 1 = 4; byte 1 of column 2 is green of (3,4).
  h.data[2 * 4 + 1] ^= 1;
  const Comparison c = compare_readback(d, resource(PipeFormat::B8G8R8A8_UNORM, kDisplayTargetBinds, 8, 6), h.event);
  ASSERT_TRUE(c.comparable) << c.why_not;
  EXPECT_EQ(c.differing_pixels, 1u);
  EXPECT_THAT(c.first_difference, HasSubstr("pixel (3,4)"));
}

TEST(ReadbackCompare, OneChangedDumpByteIsFound) {
  DumpedReadback d = dumped();
  const HostBytes h = host_bytes(d, true, true);
  d.bytes[5 * 4 + 3] ^= 0x80;  // alpha of dump pixel 5: column 1, row 1 -> (2,3)
  const Comparison c = compare_readback(d, resource(PipeFormat::B8G8R8A8_UNORM, kDisplayTargetBinds, 8, 6), h.event);
  EXPECT_EQ(c.differing_pixels, 1u);
  EXPECT_THAT(c.first_difference, HasSubstr("pixel (2,3)"));
}

TEST(ReadbackCompare, WrongChannelOrderIsFound) {
  const DumpedReadback d = dumped(DumpFormat::Rgba8, false);
  const HostBytes h = host_bytes(d, true, false);  // BGRA bytes in a resource said to be RGBA
  const Comparison c = compare_readback(d, resource(PipeFormat::R8G8B8A8_UNORM, kRenderTarget, 8, 6), h.event);
  ASSERT_TRUE(c.comparable);
  EXPECT_EQ(c.differing_pixels, 12u);
}

TEST(ReadbackCompare, RowsInTheWrongOrderAreFound) {
  const DumpedReadback d = dumped(DumpFormat::Rgba8, false);
  HostBytes h = host_bytes(d, false, true);  // flipped rows, but an FBO box
  h.event.box.y = d.y;
  const Comparison c = compare_readback(d, resource(PipeFormat::R8G8B8A8_UNORM, kRenderTarget, 8, 6), h.event);
  ASSERT_TRUE(c.comparable);
  EXPECT_EQ(c.differing_pixels, 8u);  // the middle row of three is in its place
}

TEST(ReadbackCompare, PaddedRowsOfAGivenStride) {
  const DumpedReadback d = dumped();
  const HostBytes h = host_bytes(d, true, true, 48);
  const Comparison c = compare_readback(d, resource(PipeFormat::B8G8R8A8_UNORM, kDisplayTargetBinds, 8, 6), h.event);
  EXPECT_TRUE(c.identical()) << c.why_not << c.first_difference;
  EXPECT_THAT(c.conversion, HasSubstr("stride 48"));
}

TEST(ReadbackCompare, AlphaOfAnXFormatReadsAsOpaque) {
  DumpedReadback d = dumped();
  for (size_t i = 3; i < d.bytes.size(); i += 4) d.bytes[i] = 255;
  HostBytes h = host_bytes(d, true, true);
  for (size_t i = 3; i < h.data.size(); i += 4) h.data[i] = 0x11;  // X: undefined on the host
  EXPECT_TRUE(compare_readback(d, resource(PipeFormat::B8G8R8X8_UNORM, kDisplayTargetBinds, 8, 6), h.event)
                  .identical());
}

TEST(ReadbackCompare, DepthStencilPackings) {
  DumpedReadback d = dumped(DumpFormat::D24S8, false);
  const HostBytes same = host_bytes(d, false, false);
  EXPECT_TRUE(compare_readback(d, resource(PipeFormat::S8_UINT_Z24_UNORM, kDepthStencil, 8, 6), same.event)
                  .identical());
  // Z24_UNORM_S8_UINT: depth in the low 24 bits, stencil in the top 8.
  HostBytes other = host_bytes(d, false, false);
  for (size_t i = 0; i < other.data.size(); i += 4) {
    uint32_t v;
    std::memcpy(&v, &other.data[i], 4);
    v = (v >> 8) | (v << 24);
    std::memcpy(&other.data[i], &v, 4);
  }
  EXPECT_TRUE(compare_readback(d, resource(PipeFormat::Z24_UNORM_S8_UINT, kDepthStencil, 8, 6), other.event)
                  .identical());
  EXPECT_FALSE(compare_readback(d, resource(PipeFormat::S8_UINT_Z24_UNORM, kDepthStencil, 8, 6), other.event)
                   .identical());
}

TEST(ReadbackCompare, UnknownFormatIsRefusedByName) {
  const DumpedReadback d = dumped(DumpFormat::Rgba8, false);
  const HostBytes h = host_bytes(d, false, false);
  const Comparison c = compare_readback(d, resource(PipeFormat::R16G16B16A16_FLOAT, kRenderTarget, 8, 6), h.event);
  EXPECT_FALSE(c.comparable);
  EXPECT_THAT(c.why_not, HasSubstr("R16G16B16A16_FLOAT"));
  EXPECT_THAT(c.why_not, HasSubstr(handled_formats()));
}

TEST(ReadbackCompare, RefusesWhatCannotBeThisReadback) {
  const DumpedReadback d = dumped();
  const auto display = resource(PipeFormat::B8G8R8A8_UNORM, kDisplayTargetBinds, 8, 6);
  HostBytes h = host_bytes(d, true, true);

  HostBytes unflipped_box = h;
  unflipped_box.event.box.y = d.y;
  EXPECT_THAT(compare_readback(d, display, unflipped_box.event).why_not, HasSubstr("box"));

  HostBytes short_data = h;
  short_data.event.data = std::span<const uint8_t>(h.data).first(h.data.size() - 32 + 4 * 4 - 1);
  EXPECT_THAT(compare_readback(d, display, short_data.event).why_not, HasSubstr("needed"));

  EXPECT_THAT(compare_readback(d, resource(PipeFormat::B8G8R8A8_UNORM, kRenderTarget, 8, 6), h.event).why_not,
              HasSubstr("display target"));
  EXPECT_THAT(compare_readback(d, resource(PipeFormat::S8_UINT_Z24_UNORM, kDisplayTargetBinds, 8, 6), h.event)
                  .why_not,
              HasSubstr("cannot hold"));
  EXPECT_THAT(compare_readback(d, resource(PipeFormat::B8G8R8A8_UNORM, kDisplayTargetBinds, 4, 4), h.event)
                  .why_not,
              HasSubstr("outside"));
}

}  // namespace
}  // namespace vgpu::capture_check
