// The capsets this renderer advertises (VIRGL 1 = struct virgl_caps_v1, VIRGL2 2 =
// struct virgl_caps_v2 of virglrenderer's virgl_hw.h; layouts reproduced as facts below).  They
// say exactly what is implemented, derived from the format tables and the binding convention,
// so a guest never takes a path the renderer does not have.
#pragma once

#include <array>
#include <cstdint>
#include <vector>

#include "trace/result.h"

namespace vgpu::renderer {

using FormatMask = std::array<uint32_t, 16>;  // bit n: virgl format n

struct CapsV1 {
  uint32_t max_version = 0;
  FormatMask sampler{}, render{}, depthstencil{}, vertexbuffer{};
  uint32_t bset = 0;  // struct virgl_caps_bool_set1, bit i = the i-th flag
  uint32_t glsl_level = 0, max_texture_array_layers = 0, max_streamout_buffers = 0;
  uint32_t max_dual_source_render_targets = 0, max_render_targets = 0, max_samples = 0;
  uint32_t prim_mask = 0, max_tbo_size = 0, max_uniform_blocks = 0, max_viewports = 0;
  uint32_t max_texture_gather_components = 0;
};
static_assert(sizeof(CapsV1) == 308);

struct CapsV2 {
  CapsV1 v1;
  float min_aliased_point_size = 0, max_aliased_point_size = 0;
  float min_smooth_point_size = 0, max_smooth_point_size = 0;
  float min_aliased_line_width = 0, max_aliased_line_width = 0;
  float min_smooth_line_width = 0, max_smooth_line_width = 0;
  float max_texture_lod_bias = 0;
  uint32_t max_geom_output_vertices = 0, max_geom_total_output_components = 0;
  uint32_t max_vertex_outputs = 0, max_vertex_attribs = 0, max_shader_patch_varyings = 0;
  int32_t min_texel_offset = 0, max_texel_offset = 0;
  int32_t min_texture_gather_offset = 0, max_texture_gather_offset = 0;
  uint32_t texture_buffer_offset_alignment = 0, uniform_buffer_offset_alignment = 0;
  uint32_t shader_buffer_offset_alignment = 0;
  uint32_t capability_bits = 0;
  std::array<uint32_t, 8> sample_locations{};
  uint32_t max_vertex_attrib_stride = 0;
  uint32_t max_shader_buffer_frag_compute = 0, max_shader_buffer_other_stages = 0;
  uint32_t max_shader_image_frag_compute = 0, max_shader_image_other_stages = 0;
  uint32_t max_image_samples = 0;
  uint32_t max_compute_work_group_invocations = 0, max_compute_shared_memory_size = 0;
  std::array<uint32_t, 3> max_compute_grid_size{}, max_compute_block_size{};
  uint32_t max_texture_2d_size = 0, max_texture_3d_size = 0, max_texture_cube_size = 0;
  uint32_t max_combined_shader_buffers = 0;
  std::array<uint32_t, 6> max_atomic_counters{}, max_atomic_counter_buffers{};
  uint32_t max_combined_atomic_counters = 0, max_combined_atomic_counter_buffers = 0;
  uint32_t host_feature_check_version = 0;
  FormatMask supported_readback_formats{}, scanout{};
  uint32_t capability_bits_v2 = 0;
  uint32_t max_video_memory = 0;
  std::array<char, 64> renderer{};
};
static_assert(sizeof(CapsV2) == 760);

// Compute limits: advertised in the capset and enforced by LAUNCH_GRID (GL 4.3's minimums,
// which llvmpipe meets).
inline constexpr std::array<uint32_t, 3> kMaxComputeBlockSize{1024, 1024, 64};
inline constexpr std::array<uint32_t, 3> kMaxComputeGridSize{65535, 65535, 65535};
inline constexpr uint32_t kMaxComputeInvocations = 1024;
inline constexpr uint32_t kMaxComputeSharedBytes = 32768;
// Texels of a texture buffer (sampler views and images on buffers).
inline constexpr uint32_t kMaxTextureBufferTexels = 1u << 16;

[[nodiscard]] CapsV2 renderer_caps();

// The bytes of capset `capset_id` (1: v1, 2: v2) at `version` (only 1 exists); an error for
// anything else.
[[nodiscard]] trace::Result<std::vector<uint8_t>> build_capset(uint32_t capset_id,
                                                               uint32_t version);

}  // namespace vgpu::renderer
