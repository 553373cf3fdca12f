// The fixture of the draw tests (draw_test.cc, stages_test.cc): a renderer on llvmpipe with
// debug_gl on (any GlError diagnostic fails the test: a GL error is a missing check), one
// context, helpers to create resources and build draw streams with the decoder's encoder, and
// readback.
#pragma once

#include <gtest/gtest.h>

#include <array>
#include <bit>
#include <cstring>
#include <deque>
#include <span>
#include <string>
#include <vector>

#include "decoder/encoder.h"
#include "renderer/renderer.h"
#include "tests/renderer/renderer_fixture.h"

namespace vgpu::renderer::testing {

inline constexpr uint32_t kB8G8R8A8 = 1, kR8Unorm = 64, kR32G32B32Float = 30;
inline constexpr uint32_t kTarget2D = 2, kTarget2DArray = 7;
// PIPE_PRIM_*.
inline constexpr uint32_t kPoints = 0, kLines = 1, kLineLoop = 2, kLineStrip = 3, kTriangles = 4,
                          kTriangleStrip = 5, kTriangleFan = 6, kQuads = 7, kLinesAdjacency = 10,
                          kLineStripAdjacency = 11, kTrianglesAdjacency = 12,
                          kTriangleStripAdjacency = 13, kPatches = 14;

// Pass-through stages: the VS copies IN[0] to POSITION; the FS writes GENERIC[0] (flat) as the
// colour, and kRedFragment red.
inline constexpr const char* kVertex =
    "VERT\nDCL IN[0]\nDCL OUT[0], POSITION\n  0: MOV OUT[0], IN[0]\n  1: END\n";
inline constexpr const char* kRedFragment =
    "FRAG\nDCL OUT[0], COLOR\nIMM[0] FLT32 { 1.0000, 0.0000, 0.0000, 1.0000}\n"
    "  0: MOV OUT[0], IMM[0]\n  1: END\n";
inline constexpr const char* kGenericFragment =
    "FRAG\nDCL IN[0], GENERIC[0], CONSTANT\nDCL OUT[0], COLOR\n  0: MOV OUT[0], IN[0]\n  1: END\n";

class DrawTest : public RendererFixture {
 public:
  static constexpr uint32_t kSize = 16;  // of the colour buffer, resource 1

 protected:

  // A 2D (or 2D array) texture of `layers` layers, or a buffer (target 0).
  void resource(uint32_t id, uint32_t target, uint32_t format, uint32_t w, uint32_t h,
                uint32_t layers = 1) {
    RendererFixture::resource(id, target, format, w, h, 1, layers);
  }
  // A buffer resource holding `bytes`.
  template <class T>
  void buffer(uint32_t id, const std::vector<T>& values) {
    const auto bytes = static_cast<uint32_t>(values.size() * sizeof(T));
    resource(id, 0, kR8Unorm, bytes, 1);
    upload(id, {0, 0, 0, bytes, 1, 1}, {reinterpret_cast<const uint8_t*>(values.data()), bytes});
  }
  // Layer `layer` of resource `id` (B8G8R8A8, kSize x kSize).
  std::vector<uint8_t> read(uint32_t id, uint32_t layer = 0) {
    trace::Transfer t;
    t.ctx_id = kCtx;
    t.res_id = id;
    t.box = {0, 0, layer, kSize, kSize, 1};
    std::vector<uint8_t> out(size_t{kSize} * kSize * 4, 0xcd);
    const trace::Status s = renderer->read_resource(t, out);
    EXPECT_TRUE(s.ok()) << s.error().message;
    return out;
  }
  // The red channel of pixel (x, y) of a B8G8R8A8 readback.
  static uint8_t red(const std::vector<uint8_t>& pixels, uint32_t x, uint32_t y) {
    return pixels[4 * (y * kSize + x) + 2];
  }
  static size_t red_pixels(const std::vector<uint8_t>& pixels) {
    size_t n = 0;
    for (size_t i = 2; i < pixels.size(); i += 4) n += pixels[i] == 0xff ? 1 : 0;
    return n;
  }

  bool any_rejection() { return rejected(""); }

  // CREATE_OBJECT(SHADER) of TGSI `text`.
  virgl::CreateShader shader(uint32_t handle, virgl::ShaderStage stage, const std::string& text) {
    return shader_packet(handle, stage, text);
  }
  // Creates and binds a shader (handles must be unique per test).
  void bind_shader(virgl::Encoder& enc, uint32_t handle, virgl::ShaderStage stage,
                   const std::string& text) {
    enc.add(shader(handle, stage, text));
    enc.add(virgl::BindShader{handle, static_cast<uint32_t>(stage)});
  }

  // Colour buffer 1 (kSize square, `layers` layers of a 2D array when > 1) cleared to black as
  // the framebuffer; float3 positions from buffer `vertices`; viewport 0 covering the target
  // unflipped; VS `kVertex` bound.
  virgl::Encoder pipeline(uint32_t vertices, uint32_t layers = 1) {
    resource(1, layers > 1 ? kTarget2DArray : kTarget2D, kB8G8R8A8, kSize, kSize, layers);
    virgl::Encoder enc;
    virgl::CreateSurface s;
    s.handle = 100;
    s.resource = 1;
    s.format = kB8G8R8A8;
    s.last_element_or_layers = (layers - 1) << 16;
    enc.add(s);
    virgl::SetFramebufferState fb;
    fb.cbufs.push_back(100);
    enc.add(fb);
    virgl::Clear clear;
    clear.buffers = 4;
    enc.add(clear);
    bind_shader(enc, 101, virgl::ShaderStage::VERTEX, kVertex);
    virgl::CreateVertexElements ve;
    ve.handle = 102;
    ve.elements.push_back({0, 0, 0, kR32G32B32Float});
    enc.add(ve);
    enc.add(virgl::BindObject{5 /* VERTEX_ELEMENTS */, 102});
    virgl::SetVertexBuffers vbs;
    vbs.buffers.push_back({12, 0, vertices});
    enc.add(vbs);
    constexpr float kHalf = kSize / 2.0f;
    virgl::SetViewportState vp;
    vp.viewports.push_back({{kHalf, kHalf, 0.5f}, {kHalf, kHalf, 0.5f}});
    enc.add(vp);
    return enc;
  }

};

// A triangle covering the whole target (float3 positions).
inline const std::vector<float> kCoveringTriangle = {-1, -1, 0, 3, -1, 0, -1, 3, 0};

}  // namespace vgpu::renderer::testing
