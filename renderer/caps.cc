#include "renderer/caps.h"

#include <cstring>
#include <string_view>

#include "decoder/formats.h"
#include "renderer/draw_topology.h"
#include "renderer/gl_formats.h"
#include "renderer/resource_table.h"
#include "renderer/shader/bindings.h"
#include "renderer/streamout.h"
#include "renderer/vertex_formats.h"

namespace vgpu::renderer {
namespace {

void set_bit(FormatMask& mask, uint32_t format) {
  if (format / 32 < mask.size()) mask[format / 32] |= 1u << (format % 32);
}

void fill_format_masks(CapsV2& caps) {
  for_each_gl_format([&](const GlFormat& f) {
    if (f.has(kSample)) set_bit(caps.v1.sampler, f.virgl);
    if (f.has(kRender) && !f.is_depth_or_stencil()) set_bit(caps.v1.render, f.virgl);
    if (f.has(kRender) && f.is_depth_or_stencil()) set_bit(caps.v1.depthstencil, f.virgl);
    set_bit(caps.supported_readback_formats, f.virgl);
  });
  for (uint32_t id = 0; id < virgl::kFormatLimit; ++id) {
    if (find_vertex_format(id) != nullptr) set_bit(caps.v1.vertexbuffer, id);
  }
  using virgl::PipeFormat;
  for (PipeFormat f : {PipeFormat::B8G8R8A8_UNORM, PipeFormat::B8G8R8X8_UNORM,
                       PipeFormat::R8G8B8A8_UNORM, PipeFormat::R8G8B8X8_UNORM}) {
    set_bit(caps.scanout, static_cast<uint32_t>(f));
  }
}

// Compute, SSBOs, images, HW atomic counters (shader_resources.h, executor_compute.cc); the
// counts are the binding convention's (shader/bindings.h).
void fill_shader_resource_caps(CapsV2& caps) {
  caps.capability_bits |=
      virgl::kCap::MEMORY_BARRIER | virgl::kCap::COMPUTE_SHADER | virgl::kCap::TEXTURE_BARRIER;
  caps.max_compute_grid_size = kMaxComputeGridSize;
  caps.max_compute_block_size = kMaxComputeBlockSize;
  caps.max_compute_work_group_invocations = kMaxComputeInvocations;
  caps.max_compute_shared_memory_size = kMaxComputeSharedBytes;
  caps.max_shader_buffer_frag_compute = shader::kShaderBufferRanges.frag_compute;
  caps.max_shader_buffer_other_stages = shader::kShaderBufferRanges.other;
  caps.max_combined_shader_buffers = shader::kShaderBufferRanges.frag_compute;
  caps.max_shader_image_frag_compute = shader::kImageRanges.frag_compute;
  caps.max_shader_image_other_stages = shader::kImageRanges.other;
  caps.max_atomic_counters.fill(shader::kAtomicCountersPerBuffer);
  caps.max_atomic_counter_buffers.fill(shader::kMaxAtomicBuffers / 2);
  caps.max_combined_atomic_counters = shader::kAtomicCountersPerBuffer;
  caps.max_combined_atomic_counter_buffers = shader::kMaxAtomicBuffers;
}

}  // namespace

CapsV2 renderer_caps() {
  CapsV2 caps;
  fill_format_masks(caps);
  CapsV1& v1 = caps.v1;
  using B = virgl::CapsetBool;
  for (B b : {B::indep_blend_enable, B::indep_blend_func, B::start_instance,
              B::primitive_restart, B::blend_eq_sep, B::instanceid,
              B::vertex_element_instance_divisor, B::seamless_cube_map,
              B::fragment_coord_conventions, B::depth_clip_disable,
              B::seamless_cube_map_per_texture, B::ubo, B::conditional_render,
              B::occlusion_query, B::texture_query_lod, B::derivative_control,
              B::texture_multisample, B::timer_query, B::streamout_pause_resume,
              B::conditional_render_inverted, B::transform_feedback_overflow_query,
              B::has_tessellation_shaders, B::has_indirect_draw, B::has_fp64, B::has_cull,
              B::cube_map_array, B::has_sample_shading}) {
    v1.bset |= 1u << static_cast<uint32_t>(b);
  }
  v1.glsl_level = 450;
  v1.max_texture_array_layers = 2048;
  v1.max_streamout_buffers = kMaxStreamoutBuffers;  // Mesa offers EXT_transform_feedback from 4
  v1.max_dual_source_render_targets = 1;
  v1.max_render_targets = shader::kMaxColorOutputs;
  // Multisampled 2D textures and arrays, rendered to, resolved by BLIT, read with TXF and
  // sample-masked; 4 is GL 3.0's minimum (a guest would otherwise fake multisampling).
  v1.max_samples = 4;
  v1.prim_mask = kDrawablePrimitives;  // the core profile's: no quads or polygons
  v1.max_tbo_size = kMaxTextureBufferTexels;
  // Mesa adds CONST[0] to this count; the convention has 14 blocks per stage.
  v1.max_uniform_blocks = shader::kMaxConstBuffersPerStage - 1;
  v1.max_viewports = virgl::kMaxViewports;
  v1.max_texture_gather_components = 4;
  caps.min_aliased_point_size = caps.min_smooth_point_size = 1;
  caps.max_aliased_point_size = caps.max_smooth_point_size = 255;
  caps.min_aliased_line_width = caps.min_smooth_line_width = 1;
  caps.max_aliased_line_width = caps.max_smooth_line_width = 255;
  caps.max_texture_lod_bias = 16;
  caps.max_geom_output_vertices = kMaxGeometryOutputVertices;
  caps.max_geom_total_output_components = 1024;  // GL_MAX_GEOMETRY_TOTAL_OUTPUT_COMPONENTS min
  caps.max_shader_patch_varyings = 30;           // GL_MAX_TESS_PATCH_COMPONENTS min / 4
  caps.max_vertex_outputs = 32;
  caps.max_vertex_attribs = shader::kMaxVertexAttribs;
  caps.min_texel_offset = -8;
  caps.max_texel_offset = 7;
  caps.min_texture_gather_offset = -32;
  caps.max_texture_gather_offset = 31;
  caps.texture_buffer_offset_alignment = 16;
  caps.uniform_buffer_offset_alignment = 16;
  caps.shader_buffer_offset_alignment = 16;
  caps.capability_bits = virgl::kCap::TRANSFER | virgl::kCap::FBO_MIXED_COLOR_FORMATS |
                         virgl::kCap::COPY_TRANSFER | virgl::kCap::CLEAR_TEXTURE |
                         virgl::kCap::SRGB_WRITE_CONTROL | virgl::kCap::QBO |
                         virgl::kCap::MULTI_DRAW_INDIRECT | virgl::kCap::INDIRECT_PARAMS |
                         virgl::kCap::TGSI_COMPONENTS | virgl::kCap::INDIRECT_INPUT_ADDR;
  fill_shader_resource_caps(caps);
  caps.max_vertex_attrib_stride = 2048;
  caps.max_texture_2d_size = kMaxSize2d;
  caps.max_texture_3d_size = kMaxSize3d;
  caps.max_texture_cube_size = kMaxSize2d;
  caps.capability_bits_v2 = virgl::kCapV2::STRING_MARKER | virgl::kCapV2::VS_VERTEX_LAYER |
                           virgl::kCapV2::VS_VIEWPORT_INDEX;
  caps.host_feature_check_version = 6;
  constexpr std::string_view name = "vgpu-tools GL renderer";
  std::memcpy(caps.renderer.data(), name.data(), name.size());
  return caps;
}

trace::Result<std::vector<uint8_t>> build_capset(uint32_t capset_id, uint32_t version) {
  if ((capset_id != 1 && capset_id != 2) || version != 1) {
    return trace::Error{trace::ErrorCode::InvalidArgument,
                        "capset " + std::to_string(capset_id) + " version " +
                            std::to_string(version) + " is not offered"};
  }
  CapsV2 caps = renderer_caps();
  caps.v1.max_version = capset_id;
  // Capset 2 ends after `renderer`, as in hosts before host_feature_check_version 6: the later
  // fields only matter to guests together with a feature check version that promises them.
  const size_t size = capset_id == 1 ? sizeof(CapsV1) : virgl::kCapsV2RendererEnd;
  std::vector<uint8_t> bytes(size);
  std::memcpy(bytes.data(), &caps, size);
  return bytes;
}

}  // namespace vgpu::renderer
