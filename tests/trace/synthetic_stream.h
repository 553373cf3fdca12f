// A synthetic but realistic event stream (what a small GL app sends through virpipe): a setup
// phase, then per frame a command buffer of state + draws that is re-sent unchanged (as Mesa
// does for a static scene), a small per-frame constant upload, a texture re-upload every few
// frames, and a readback of the frame.  Shared by the tests, the fuzz seeds and the benchmark;
// no GoogleTest dependency.
#pragma once

#include <bit>
#include <cstdint>
#include <deque>
#include <string>
#include <vector>

#include "trace/events.h"

namespace vgpu::trace::synthetic {

inline uint32_t header(uint32_t cmd, uint32_t len, uint32_t obj = 0) {
  return cmd | obj << 8 | len << 16;
}
inline uint32_t f32(float f) { return std::bit_cast<uint32_t>(f); }

// One frame's command buffer: viewport, clear, blend colour, stencil ref, `draws` DRAW_VBOs.
inline std::vector<uint32_t> frame_commands(uint32_t draws) {
  std::vector<uint32_t> d;
  d.insert(d.end(), {header(4, 7), 0, f32(128), f32(-128), f32(0.5f), f32(128), f32(128),
                     f32(0.5f)});                                             // SET_VIEWPORT_STATE
  d.insert(d.end(), {header(7, 8), 4, f32(0.1f), f32(0.2f), f32(0.3f), f32(1), 0, 0x3ff00000,
                     0});                                                     // CLEAR
  d.insert(d.end(), {header(14, 4), f32(1), f32(1), f32(1), f32(1)});         // SET_BLEND_COLOR
  d.insert(d.end(), {header(13, 1), 0});                                       // SET_STENCIL_REF
  for (uint32_t i = 0; i < draws; ++i) {
    d.insert(d.end(), {header(8, 12), i * 36, 36, 4, 0, 1, 0, 0, 0, 0, 0, 35, 0});  // DRAW_VBO
  }
  return d;
}

struct Stream {
  std::deque<std::vector<uint8_t>> bytes;     // deque: growing never moves the payloads
  std::deque<std::vector<uint32_t>> dwords;
  std::vector<Event> events;

  std::span<const uint8_t> keep(std::vector<uint8_t> b) { return bytes.emplace_back(std::move(b)); }
  std::span<const uint32_t> keep(std::vector<uint32_t> d) {
    return dwords.emplace_back(std::move(d));
  }
  void add(EventBody b, uint64_t delta_ns) { events.push_back({delta_ns, 0, b}); }
  uint64_t raw_payload_bytes() const {
    uint64_t n = 0;
    for (const auto& b : bytes) n += b.size();
    for (const auto& d : dwords) n += d.size() * 4;
    return n;
  }
};

// `frames` frames of a `width` x `height` RGBA window with `draws` draws each and a `tex` x `tex`
// RGBA texture.
inline Stream make_stream(uint32_t frames, uint32_t width = 256, uint32_t height = 256,
                          uint32_t draws = 200, uint32_t tex = 256) {
  Stream s;
  std::vector<uint8_t> caps(308);
  for (size_t i = 0; i < caps.size(); ++i) caps[i] = static_cast<uint8_t>(i * 7);
  s.add(CapsetInfo{2, 2, s.keep(std::move(caps))}, 0);
  s.add(ContextCreate{1, 2, "glxgears"}, 20000);
  s.add(ResourceCreate{1, 2, 67, 0x2, width, height, 1, 1, 0, 0, 0}, 3000);   // render target
  s.add(ResourceCreate{2, 2, 67, 0x8, tex, tex, 1, 1, 0, 0, 0}, 3000);        // texture
  s.add(ResourceCreate{3, 0, 64, 0x40, 4096, 1, 1, 1, 0, 0, 0}, 3000);        // constants
  for (uint32_t r = 1; r <= 3; ++r) s.add(AttachResource{1, r}, 500);
  const std::span<const uint32_t> cmds = s.keep(frame_commands(draws));
  std::vector<uint8_t> texture(size_t{tex} * tex * 4);
  for (uint32_t frame = 0; frame < frames; ++frame) {
    std::vector<uint8_t> constants(256);
    for (size_t i = 0; i < constants.size(); ++i) {
      constants[i] = static_cast<uint8_t>((i * 3 + frame) & 0xff);
    }
    s.add(TransferToHost{1, 3, 0, Box{0, 0, 0, 256, 1, 1}, 0, 0, 0, s.keep(std::move(constants))},
          40000);
    if (frame % 10 == 0) {  // an animated texture, re-uploaded every 10 frames
      for (size_t i = 0; i < texture.size(); ++i) {
        texture[i] = static_cast<uint8_t>(((i / 4) % tex) ^ (i / (tex * 4)) ^ (frame / 10));
      }
      s.add(TransferToHost{1, 2, 0, Box{0, 0, 0, tex, tex, 1}, tex * 4, 0, 0, s.keep(texture)},
            120000);
    }
    s.add(Submit{1, cmds}, 800000);
    // The readback: a gradient that moves with the frame, like a rotating scene.
    std::vector<uint8_t> pixels(size_t{width} * height * 4);
    for (uint32_t y = 0; y < height; ++y) {
      for (uint32_t x = 0; x < width; ++x) {
        uint8_t* p = &pixels[(size_t{y} * width + x) * 4];
        const bool inside = ((x + frame) / 32 + y / 32) % 2 == 0;
        p[0] = inside ? 200 : 25;
        p[1] = static_cast<uint8_t>(y);
        p[2] = static_cast<uint8_t>(x + frame);
        p[3] = 255;
      }
    }
    s.add(TransferFromHost{1, 1, 0, Box{0, 0, 0, width, height, 1}, width * 4, 0, 0,
                           s.keep(std::move(pixels))},
          2000000);
    s.add(FrameEnd{frame}, 1000);
  }
  s.add(ContextDestroy{1}, 5000);
  return s;
}

}  // namespace vgpu::trace::synthetic
