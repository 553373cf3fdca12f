// One virgl sub-context: a full set of gallium pipeline state.  Sub-contexts are separate state
// sets inside their virgl context's GL context (DESIGN: state is applied from here before each
// clear or draw, so switching sub-contexts is only a pointer change); the GL container objects
// (framebuffer, vertex array) are private to the sub-context.
#pragma once

#include <epoxy/gl.h>

#include <array>
#include <cstdint>
#include <memory>
#include <vector>

#include "decoder/payloads_state.h"
#include "renderer/object_table.h"
#include "renderer/shader/bindings.h"
#include "renderer/uniform_stream.h"

namespace vgpu::renderer {

struct VertexBufferBinding {
  std::shared_ptr<Resource> buffer;
  uint32_t stride = 0, offset = 0;
};

struct IndexBufferBinding {
  std::shared_ptr<Resource> buffer;
  uint32_t index_size = 0, offset = 0;
};

struct UniformBufferBinding {
  std::shared_ptr<Resource> buffer;
  uint32_t offset = 0, length = 0;
};

// A GL texture deleted with its last reference.
struct OwnedTexture {
  GLuint name = 0;
  OwnedTexture() = default;
  OwnedTexture(const OwnedTexture&) = delete;
  OwnedTexture& operator=(const OwnedTexture&) = delete;
  ~OwnedTexture() {
    if (name != 0) glDeleteTextures(1, &name);
  }
};

// SET_SHADER_BUFFERS / SET_ATOMIC_BUFFERS slot (renderer/shader_resources.h).
struct ShaderBufferBinding {
  std::shared_ptr<Resource> buffer;
  uint32_t offset = 0, length = 0;
  // Atomic buffers: the r32ui buffer texture over the range (shader/bindings.h), made on first use.
  std::shared_ptr<OwnedTexture> atomic_texture;
};

// SET_SHADER_IMAGES slot: the checked view (renderer/shader_resources.h).
struct ShaderImageBinding {
  std::shared_ptr<Resource> resource;
  const GlFormat* format = nullptr;
  uint32_t access = 0;  // PIPE_IMAGE_ACCESS_READ 1 | WRITE 2
  uint32_t level = 0, first_layer = 0, last_layer = 0;  // textures
  uint32_t offset = 0, size = 0;                        // buffers
  OwnedTexture buffer_texture;  // buffers: a GL texture buffer over the range, made on first use
};

struct SubContext {
  // Creates the GL objects: the owning context must be current.  `ring` is its GL context's
  // ring (VirglContext::uniforms), shared by the context's sub-contexts (they never run at once).
  explicit SubContext(UniformStream& ring);
  ~SubContext();
  SubContext(const SubContext&) = delete;
  SubContext& operator=(const SubContext&) = delete;

  ObjectTable objects;
  GLuint framebuffer = 0;
  GLuint vertex_array = 0;
  GLuint blit_read = 0, blit_draw = 0;  // BLIT's source and destination framebuffers
  // Every stage's CONST[0] data and the DriverState block go through this ring, uploaded only
  // when they changed since the slice they were last bound from.
  UniformStream& uniforms;
  struct UploadedConstants {
    uint64_t version = 0;  // of `constants` when uploaded
    UniformStream::Slice slice;
  };
  std::array<UploadedConstants, shader::kStageCount> uploaded_constants{};
  std::array<uint64_t, shader::kStageCount> constants_version{};  // bumped on every change
  shader::DriverState uploaded_driver_state{};
  UniformStream::Slice driver_state_slice;

  // Framebuffer.
  std::array<std::shared_ptr<SurfaceObject>, virgl::kMaxColorBuffers> cbufs;
  std::shared_ptr<SurfaceObject> zsurf;
  uint32_t nr_cbufs = 0;
  bool framebuffer_dirty = true;
  uint32_t no_attach_width = 0, no_attach_height = 0, no_attach_layers = 0;
  uint32_t framebuffer_height = 0;  // of the bound surfaces, for DriverState

  // Bound state objects.
  std::shared_ptr<BlendObject> blend;
  std::shared_ptr<RasterizerObject> rasterizer;
  std::shared_ptr<DsaObject> dsa;
  std::shared_ptr<VertexElementsObject> vertex_elements;
  std::array<std::shared_ptr<ShaderObject>, shader::kStageCount> shaders;

  // Plain state.
  std::array<virgl::Viewport, virgl::kMaxViewports> viewports{};
  std::array<virgl::Scissor, virgl::kMaxViewports> scissors{};
  std::array<float, 4> blend_color{};
  uint32_t stencil_ref_front = 0, stencil_ref_back = 0;
  uint32_t sample_mask = ~0u;
  uint32_t min_samples = 0;
  std::array<float, 32> clip_planes{};
  std::array<uint32_t, 32> stipple{};
  // SET_TESS_STATE: the levels used when no tessellation control shader is bound (GL's defaults).
  std::array<float, 4> tess_outer{1, 1, 1, 1};
  std::array<float, 2> tess_inner{1, 1};

  std::array<VertexBufferBinding, virgl::kMaxAttribs> vertex_buffers;
  uint32_t vertex_buffer_count = 0;
  IndexBufferBinding index_buffer;
  // CONST[0] of each stage, as SET_CONSTANT_BUFFER gave it (bounded by the GL block size).
  std::array<std::vector<uint32_t>, shader::kStageCount> constants;
  std::array<std::array<UniformBufferBinding, shader::kMaxConstBuffersPerStage>,
             shader::kStageCount>
      uniform_buffers;
  std::array<std::array<std::shared_ptr<SamplerViewObject>, virgl::kMaxSamplerViews>,
             shader::kStageCount>
      sampler_views;
  std::array<std::array<std::shared_ptr<SamplerStateObject>, virgl::kMaxSamplers>,
             shader::kStageCount>
      sampler_states;

  // Queries and stream-out (query.h, streamout.h).
  RenderCondition render_condition;
  std::shared_ptr<StreamoutSession> streamout;  // null: no targets set, nothing captured
  // Sessions by the order they were last set, most recent last (bounded): count_from_so names a
  // target by its size only (streamout.h).
  std::vector<std::shared_ptr<StreamoutSession>> recent_streamout;
  // Shader resources (renderer/shader_resources.h): per-stage SSBOs and images, and the atomic
  // counter buffers every stage shares.
  std::array<std::array<ShaderBufferBinding, shader::kShaderBufferRanges.frag_compute>,
             shader::kStageCount>
      shader_buffers;
  std::array<std::array<std::shared_ptr<ShaderImageBinding>, shader::kImageRanges.frag_compute>,
             shader::kStageCount>
      images;
  std::array<ShaderBufferBinding, shader::kMaxAtomicBuffers> atomic_buffers;
};

}  // namespace vgpu::renderer
