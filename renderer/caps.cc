#include "renderer/caps.h"

#include <cstring>
#include <string_view>

#include "decoder/formats.h"
#include "renderer/gl_formats.h"
#include "renderer/shader/bindings.h"
#include "renderer/vertex_formats.h"

namespace vgpu::renderer {
namespace {

void set_bit(FormatMask& mask, uint32_t format) {
  if (format / 32 < mask.size()) mask[format / 32] |= 1u << (format % 32);
}

// struct virgl_caps_bool_set1 bit positions of the features this renderer implements.
enum BoolCap : uint32_t {
  kIndepBlendEnable = 0,
  kIndepBlendFunc = 1,
  kStartInstance = 5,
  kPrimitiveRestart = 6,
  kBlendEqSep = 7,
  kInstanceId = 8,
  kVertexElementInstanceDivisor = 9,
  kSeamlessCubeMap = 10,
  kFragmentCoordConventions = 15,
  kDepthClipDisable = 16,
  kSeamlessCubeMapPerTexture = 17,
  kUbo = 18,
};

// virgl_hw.h VIRGL_CAP_* bits.
constexpr uint32_t kCapMemoryBarrier = 1u << 6, kCapComputeShader = 1u << 7;
constexpr uint32_t kCapTextureBarrier = 1u << 12;
constexpr uint32_t kCapTransfer = 1u << 17, kCapFboMixedColorFormats = 1u << 18;
constexpr uint32_t kCapCopyTransfer = 1u << 26, kCapClearTexture = 1u << 30;
constexpr uint32_t kCapV2StringMarker = 1u << 4;

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
  caps.capability_bits |= kCapMemoryBarrier | kCapComputeShader | kCapTextureBarrier;
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
  for (BoolCap b : {kIndepBlendEnable, kIndepBlendFunc, kStartInstance, kPrimitiveRestart,
                    kBlendEqSep, kInstanceId, kVertexElementInstanceDivisor, kSeamlessCubeMap,
                    kFragmentCoordConventions, kDepthClipDisable, kSeamlessCubeMapPerTexture,
                    kUbo}) {
    v1.bset |= 1u << b;
  }
  v1.glsl_level = 330;
  v1.max_texture_array_layers = 2048;
  v1.max_streamout_buffers = 0;  // stream-out is not implemented yet
  v1.max_dual_source_render_targets = 0;
  v1.max_render_targets = shader::kMaxColorOutputs;
  v1.max_samples = 0;  // multisampled rendering is not implemented yet
  v1.prim_mask = 0x7f;  // points, lines, line loop/strip, triangles, strip, fan
  v1.max_tbo_size = kMaxTextureBufferTexels;
  // Mesa adds CONST[0] to this count; the convention has 14 blocks per stage.
  v1.max_uniform_blocks = shader::kMaxConstBuffersPerStage - 1;
  v1.max_viewports = 1;
  v1.max_texture_gather_components = 0;
  caps.min_aliased_point_size = caps.min_smooth_point_size = 1;
  caps.max_aliased_point_size = caps.max_smooth_point_size = 255;
  caps.min_aliased_line_width = caps.min_smooth_line_width = 1;
  caps.max_aliased_line_width = caps.max_smooth_line_width = 255;
  caps.max_texture_lod_bias = 16;
  caps.max_vertex_outputs = 32;
  caps.max_vertex_attribs = shader::kMaxVertexAttribs;
  caps.min_texel_offset = -8;
  caps.max_texel_offset = 7;
  caps.texture_buffer_offset_alignment = 16;
  caps.uniform_buffer_offset_alignment = 16;
  caps.shader_buffer_offset_alignment = 16;
  caps.capability_bits = kCapTransfer | kCapFboMixedColorFormats | kCapCopyTransfer |
                         kCapClearTexture;
  fill_shader_resource_caps(caps);
  caps.max_vertex_attrib_stride = 2048;
  caps.max_texture_2d_size = 16384;
  caps.max_texture_3d_size = 2048;
  caps.max_texture_cube_size = 16384;
  caps.capability_bits_v2 = kCapV2StringMarker;
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
  const size_t size = capset_id == 1 ? sizeof(CapsV1) : sizeof(CapsV2);
  std::vector<uint8_t> bytes(size);
  std::memcpy(bytes.data(), &caps, size);
  return bytes;
}

}  // namespace vgpu::renderer
