// The fixture of the compute / shader-resource / texture-buffer tests: a Renderer on llvmpipe
// with debug_gl (any GlError diagnostic fails the test in TearDown), one context, and helpers
// to make resources, send command streams built with the decoder's encoder, and read back.
#pragma once

#include <gtest/gtest.h>

#include <cstring>
#include <span>
#include <string>
#include <vector>

#include "decoder/encoder.h"
#include "renderer/renderer.h"
#include "tests/renderer/renderer_fixture.h"

namespace vgpu::renderer::testing {

inline constexpr uint32_t kComputeStage = 5, kFragmentStage = 1;

class GpuCommandTest : public RendererFixture {
 protected:


  // A buffer holding `words`.
  void buffer(uint32_t id, const std::vector<uint32_t>& words) {
    const auto bytes = static_cast<uint32_t>(words.size() * 4);
    resource(id, 0, kR8Unorm, bytes);
    upload(id, {0, 0, 0, bytes, 1, 1}, {reinterpret_cast<const uint8_t*>(words.data()), bytes});
  }
  std::vector<uint32_t> read_words(uint32_t id, uint32_t count) {
    const std::vector<uint8_t> bytes = read(id, count * 4, 1, 1);
    std::vector<uint32_t> words(count);
    std::memcpy(words.data(), bytes.data(), bytes.size());
    return words;
  }

  bool has_diagnostic(const std::string& fragment) {
    for (const auto& d : diagnostics()) {
      if (d.message.find(fragment) != std::string::npos) return true;
    }
    return false;
  }
  // Every diagnostic so far, for failure messages.
  std::string all_diagnostics() {
    std::string out;
    for (const auto& d : diagnostics()) out += d.message + "\n";
    return out;
  }

  static constexpr uint32_t kR8Unorm = 64;
};

// CREATE_OBJECT(SHADER) carrying `text` (kept alive for the packet's lifetime by `keep`).
inline virgl::CreateShader stage_shader_packet(uint32_t handle, uint32_t stage, const std::string& text,
                                               uint32_t shared_memory_size = 0) {
  static std::vector<std::string> keep;
  keep.emplace_back(text);
  keep.back().push_back('\0');
  virgl::CreateShader s;
  s.handle = handle;
  s.stage = stage;
  s.offset_or_length = static_cast<uint32_t>(keep.back().size());
  s.num_tokens = 64;
  s.shared_memory_size = shared_memory_size;
  s.text = {reinterpret_cast<const uint8_t*>(keep.back().data()), keep.back().size()};
  return s;
}

// A compute shader of `width` x 1 x 1 invocations per block with `body` (declarations first).
inline std::string compute_text(uint32_t width, const std::string& body) {
  return "COMP\nPROPERTY CS_FIXED_BLOCK_WIDTH " + std::to_string(width) +
         "\nPROPERTY CS_FIXED_BLOCK_HEIGHT 1\nPROPERTY CS_FIXED_BLOCK_DEPTH 1\n" + body;
}

// CREATE + BIND of compute shader `handle`.
inline void add_compute_shader(virgl::Encoder& enc, uint32_t handle, const std::string& text,
                               uint32_t shared_memory_size = 0) {
  enc.add(stage_shader_packet(handle, kComputeStage, text, shared_memory_size));
  enc.add(virgl::BindShader{handle, kComputeStage});
}

inline virgl::SetShaderBuffers shader_buffers(uint32_t stage, uint32_t res, uint32_t offset,
                                              uint32_t length) {
  virgl::SetShaderBuffers b;
  b.stage = stage;
  b.buffers.push_back({offset, length, res});
  return b;
}

inline virgl::LaunchGrid grid(uint32_t block_x, uint32_t grid_x) {
  virgl::LaunchGrid g;
  g.block = {block_x, 1, 1};
  g.grid = {grid_x, 1, 1};
  return g;
}

}  // namespace vgpu::renderer::testing
