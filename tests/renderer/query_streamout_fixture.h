// The fixture of query_test.cc and streamout_test.cc: a renderer on llvmpipe with debug_gl (any
// GlError diagnostic fails the test), one context, and a pass-through pipeline whose vertex
// shader can carry stream-output info.
#pragma once

#include <gtest/gtest.h>

#include <array>
#include <cstring>
#include <deque>
#include <span>
#include <string>
#include <vector>

#include "decoder/encoder.h"
#include "renderer/renderer.h"
#include "tests/renderer/renderer_fixture.h"

namespace vgpu::renderer::testing {

inline constexpr uint32_t kB8G8R8A8 = 1, kR8Unorm = 64, kR32G32B32A32Float = 31;
inline constexpr uint32_t kRenderTarget = 1, kSurface = 2, kVertexShader = 10,
                          kFragmentShader = 11, kVertexElements = 12;
inline constexpr uint32_t kPrimPoints = 0, kPrimTriangles = 4;

// VS: OUT[0] = POSITION = IN[0], OUT[1] = GENERIC[0] = IN[0] * 2 (so stream output can tell the
// two apart).  FS: red.
inline constexpr const char* kVertexText =
    "VERT\nDCL IN[0]\nDCL OUT[0], POSITION\nDCL OUT[1], GENERIC[0]\n"
    "IMM[0] FLT32 { 2.0000, 2.0000, 2.0000, 2.0000}\n"
    "  0: MOV OUT[0], IN[0]\n  1: MUL OUT[1], IN[0], IMM[0]\n  2: END\n";
inline constexpr const char* kFragmentText =
    "FRAG\nDCL OUT[0], COLOR\nIMM[0] FLT32 { 1.0000, 0.0000, 0.0000, 1.0000}\n"
    "  0: MOV OUT[0], IMM[0]\n  1: END\n";

class GlStreamTest : public RendererFixture {
 protected:

  void buffer(uint32_t id, uint32_t bytes) { resource(id, 0, kR8Unorm, bytes, 1); }
  void upload(uint32_t id, std::span<const float> data) {
    RendererFixture::upload(id, {0, 0, 0, static_cast<uint32_t>(data.size_bytes()), 1, 1},
                            {reinterpret_cast<const uint8_t*>(data.data()), data.size_bytes()});
  }
  template <class T>
  std::vector<T> read_buffer(uint32_t id, uint32_t bytes) {
    const auto raw = read(id, bytes, 1, 1);
    std::vector<T> out(bytes / sizeof(T));
    std::memcpy(out.data(), raw.data(), out.size() * sizeof(T));
    return out;
  }
  // Red in B8G8R8A8 at (x, y) of the 16x16 render target.
  bool red_at(uint32_t x, uint32_t y) {
    const auto pixels = read(kRenderTarget, 16, 16, 4);
    return pixels[4 * (y * 16 + x) + 2] == 0xff;
  }

  bool has_diagnostic(const std::string& fragment) { return rejected(fragment); }
  bool no_diagnostics() { return diagnostics().empty(); }


  // A 16x16 B8G8R8A8 render target, the pass-through shaders (the vertex shader created by the
  // caller's `vs` packet, or kVertexText without stream output), R32G32B32A32 vertices from
  // `vertex_buffer`, an unflipped full viewport.
  virgl::Encoder pipeline(uint32_t vertex_buffer, const virgl::CreateShader* vs = nullptr) {
    resource(kRenderTarget, 2, kB8G8R8A8, 16, 16);
    virgl::Encoder enc = framebuffer_with_surface(kSurface, kRenderTarget, kB8G8R8A8);
    enc.add(vs ? *vs : shader_packet(kVertexShader, virgl::ShaderStage::VERTEX, kVertexText));
    enc.add(shader_packet(kFragmentShader, virgl::ShaderStage::FRAGMENT, kFragmentText));
    enc.add(virgl::BindShader{kVertexShader, 0});
    enc.add(virgl::BindShader{kFragmentShader, 1});
    virgl::CreateVertexElements ve;
    ve.handle = kVertexElements;
    ve.elements.push_back({0, 0, 0, kR32G32B32A32Float});
    enc.add(ve);
    enc.add(virgl::BindObject{5 /* VERTEX_ELEMENTS */, kVertexElements});
    virgl::SetVertexBuffers vbs;
    vbs.buffers.push_back({16, 0, vertex_buffer});
    enc.add(vbs);
    virgl::SetViewportState vp;
    vp.viewports.push_back({{8, 8, 0.5f}, {8, 8, 0.5f}});
    enc.add(vp);
    return enc;
  }

};

// A triangle covering the whole target (x, y, z, w per vertex).
inline constexpr std::array<float, 12> kFullTriangle = {-1, -1, 0, 1, 3, -1, 0, 1, -1, 3, 0, 1};
// A triangle entirely outside the clip volume (nothing rasterised, but a primitive generated).
inline constexpr std::array<float, 12> kClippedTriangle = {5, 5, 0, 1, 6, 5, 0, 1, 5, 6, 0, 1};

}  // namespace vgpu::renderer::testing
