// The fixed binding convention between the GLSL translator and the GL renderer.
//
// Every GLSL resource the translator declares carries an explicit `layout(binding = N)` or
// `layout(location = N)`; N is computed here from the (stage, guest slot) pair and nowhere else,
// so the renderer binds the guest's SET_CONSTANT_BUFFER / SET_UNIFORM_BUFFER / SET_SAMPLER_VIEWS /
// SET_SHADER_IMAGES / SET_SHADER_BUFFERS / SET_ATOMIC_BUFFERS state to these GL binding points
// once, without ever querying a program.  No glUniform call is ever needed: CONST[0] (the guest's
// SET_CONSTANT_BUFFER data) is a uniform block like every other CONST[n].
//
// Each stage owns a disjoint range of every kind of binding point, so the renderer can bind one
// stage's state without knowing which programs will use it.  The per-stage maxima below are what
// the renderer advertises to the guest (capset); the sums fit the limits llvmpipe (Mesa 22.3)
// reports, checked once with a small EGL program:
//   GL_MAX_UNIFORM_BUFFER_BINDINGS 90, GL_MAX_<stage>_UNIFORM_BLOCKS 15,
//   GL_MAX_COMBINED_TEXTURE_IMAGE_UNITS 192, GL_MAX_<stage>_TEXTURE_IMAGE_UNITS 32,
//   GL_MAX_IMAGE_UNITS 192, GL_MAX_<stage>_IMAGE_UNIFORMS 32,
//   GL_MAX_SHADER_STORAGE_BUFFER_BINDINGS 80, GL_MAX_<stage>_SHADER_STORAGE_BLOCKS 16,
//   GL_MAX_VERTEX_ATTRIBS 16, GL_MAX_DRAW_BUFFERS 8,
//   GL_MAX_CLIP_DISTANCES 8, GL_MAX_UNIFORM_BLOCK_SIZE 65536.
// A host with lower limits must advertise less to the guest; the convention itself does not move.
#pragma once

#include <array>
#include <cstdint>

#include "decoder/protocol.h"

namespace vgpu::shader {

using Stage = virgl::ShaderStage;  // VERTEX 0, FRAGMENT 1, GEOMETRY 2, TESS_CTRL 3, TESS_EVAL 4,
                                   // COMPUTE 5 (PIPE_SHADER_*, the virgl numbering)
inline constexpr uint32_t kStageCount = 6;

[[nodiscard]] constexpr uint32_t stage_index(Stage s) { return static_cast<uint32_t>(s); }

// ---- Uniform blocks ---------------------------------------------------------------------------
// Binding 0 is the renderer's own DriverState block (below), shared by every stage; guest
// CONST[n] of stage s is at 1 + s * kMaxConstBuffersPerStage + n.  14 guest blocks + the driver
// block = 15 per stage, the per-stage GL limit.
inline constexpr uint32_t kDriverStateBinding = 0;
inline constexpr uint32_t kMaxConstBuffersPerStage = 14;  // CONST[0..13]; CONST[0] = uniforms
inline constexpr uint32_t kMaxConstBufferBytes = 65536;   // GL_MAX_UNIFORM_BLOCK_SIZE
[[nodiscard]] constexpr uint32_t uniform_block_binding(Stage s, uint32_t slot) {
  return 1 + stage_index(s) * kMaxConstBuffersPerStage + slot;
}
inline constexpr uint32_t kUniformBindingsUsed = 1 + kStageCount * kMaxConstBuffersPerStage;  // 85

// ---- Textures (SAMP[n] with SVIEW[n]: one GL texture unit per guest slot) ---------------------
// The guest's sampler state n and sampler view n meet on one texture unit: the renderer binds
// view n as the texture and state n as the sampler object on texture_unit(s, n).
inline constexpr uint32_t kMaxSamplersPerStage = 32;
[[nodiscard]] constexpr uint32_t texture_unit(Stage s, uint32_t slot) {
  return stage_index(s) * kMaxSamplersPerStage + slot;
}
inline constexpr uint32_t kTextureUnitsUsed = kStageCount * kMaxSamplersPerStage;  // 192

// ---- Per-stage ranges that are larger for fragment and compute -------------------------------
// virgl's caps distinguish "frag/compute" from "other stages" for images and shader buffers;
// the ranges follow the same split: stage s starts where the stages before it end.
struct StageRanges {
  uint32_t frag_compute = 0;
  uint32_t other = 0;
  [[nodiscard]] constexpr uint32_t size(Stage s) const {
    return s == Stage::FRAGMENT || s == Stage::COMPUTE ? frag_compute : other;
  }
  [[nodiscard]] constexpr uint32_t base(Stage s) const {
    uint32_t b = 0;
    for (uint32_t i = 0; i < stage_index(s); ++i) b += size(static_cast<Stage>(i));
    return b;
  }
  [[nodiscard]] constexpr uint32_t total() const { return 2 * frag_compute + 4 * other; }
};

// IMAGE[n] -> image unit.
inline constexpr StageRanges kImageRanges{16, 8};  // 64 image units in all
[[nodiscard]] constexpr uint32_t max_images(Stage s) { return kImageRanges.size(s); }
[[nodiscard]] constexpr uint32_t image_unit(Stage s, uint32_t slot) {
  return kImageRanges.base(s) + slot;
}

// BUFFER[n] -> shader storage block binding.
inline constexpr StageRanges kShaderBufferRanges{16, 12};  // 80 SSBO bindings in all
[[nodiscard]] constexpr uint32_t max_shader_buffers(Stage s) { return kShaderBufferRanges.size(s); }
[[nodiscard]] constexpr uint32_t shader_buffer_binding(Stage s, uint32_t slot) {
  return kShaderBufferRanges.base(s) + slot;
}

// ---- Hardware atomic counters (HWATOMIC[b][i]) ------------------------------------------------
// SET_ATOMIC_BUFFERS is not per stage in virgl: buffer b serves every stage, and counter i of it
// sits at byte offset 4 * i.  GL 4.5's atomic counters lack most of the guest's operations, so
// the renderer binds buffer b as an r32ui buffer texture on image unit atomic_image_unit(b),
// after the IMAGE ranges (the per-stage image uniform limit, 32, holds a stage's 16 images and
// its atomic buffers).
inline constexpr uint32_t kMaxAtomicBuffers = 16;
[[nodiscard]] constexpr uint32_t atomic_image_unit(uint32_t slot) {
  return kImageRanges.total() + slot;
}
// The counters one shader may declare per buffer (HWATOMIC[b][0..31]); accesses are clamped to
// the counters the shader declares, and the renderer requires the guest's range to hold them
// (TranslatedShader::atomic_buffer_bytes).
inline constexpr uint32_t kAtomicCountersPerBuffer = 32;

// ---- Vertex attributes and fragment outputs ---------------------------------------------------
// VS IN[n] -> attribute location n (the guest's vertex element n).
inline constexpr uint32_t kMaxVertexAttribs = 16;
[[nodiscard]] constexpr uint32_t vertex_attrib_location(uint32_t input) { return input; }
// FS OUT COLOR[n] -> location n, index 0; with dual-source blending COLOR[1] -> location 0,
// index 1 (ShaderKey::dual_source_blend).
inline constexpr uint32_t kMaxColorOutputs = 8;
inline constexpr uint32_t kMaxClipDistances = 8;

// ---- The renderer's own uniform block ----------------------------------------------------------
// State the guest sets through commands rather than shaders, which GL core has no fixed function
// for.  std140 layout, at uniform binding kDriverStateBinding; the GLSL block is declared by the
// translator only in shaders that read it (TranslatedShader::uses_driver_state).
struct DriverState {
  std::array<std::array<float, 4>, kMaxClipDistances> clip_planes{};  // SET_CLIP_STATE
  float alpha_ref = 0;           // DSA alpha reference (ShaderKey::alpha_func emulation)
  float framebuffer_height = 0;  // for FS_COORD_ORIGIN LOWER_LEFT (see glsl_translator.h)
  std::array<float, 2> padding{};
};
static_assert(sizeof(DriverState) == 8 * 16 + 16, "std140: vec4[8], then four floats");
inline constexpr const char* kDriverStateBlockName = "VgpuDriverState";

}  // namespace vgpu::shader
