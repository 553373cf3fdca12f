// The state objects of CREATE_OBJECT, as the renderer keeps them: the decoded payload (already
// checked by the decoder for everything that needs no state) plus the references it resolved
// at creation (resources, formats).  Objects are held by shared_ptr so that binding one (a
// surface in the framebuffer, a view on a texture unit) keeps it alive if the guest destroys
// it while bound, the way gallium's reference counting does.
#pragma once

#include <epoxy/gl.h>

#include <cstdint>
#include <memory>
#include <string>

#include <utility>
#include <vector>

#include "decoder/payloads_objects.h"
#include "decoder/tgsi/ir.h"
#include "renderer/query.h"
#include "renderer/resource.h"
#include "renderer/shader/glsl_translator.h"
#include "renderer/streamout.h"

namespace vgpu::renderer {

struct BlendObject {
  virgl::CreateBlend state;
};
struct RasterizerObject {
  virgl::CreateRasterizer state;
};
struct DsaObject {
  virgl::CreateDsa state;
};
struct VertexElementsObject {
  virgl::CreateVertexElements state;
};

struct SurfaceObject {
  std::shared_ptr<Resource> resource;
  const GlFormat* format = nullptr;  // the view format (may differ from the resource's)
  uint32_t level = 0;
  uint32_t first_layer = 0, last_layer = 0;
  GLuint view = 0;  // texture view, made on first use when the formats differ
  SurfaceObject() = default;
  SurfaceObject(const SurfaceObject&) = delete;
  SurfaceObject& operator=(const SurfaceObject&) = delete;
  ~SurfaceObject() {
    if (view != 0) glDeleteTextures(1, &view);
  }
};

struct SamplerViewObject {
  std::shared_ptr<Resource> resource;
  const GlFormat* format = nullptr;
  virgl::CreateSamplerView state;
  GLuint view = 0;  // texture view with the view's format, levels, layers and swizzle
  // The GL swizzle of `view` is XYZW for a shadow sampler (its swizzle is then applied in the
  // shader: ShaderKey::shadow_swizzles), the view's own otherwise.
  bool swizzled_for_shadow = false;
  SamplerViewObject() = default;
  SamplerViewObject(const SamplerViewObject&) = delete;
  SamplerViewObject& operator=(const SamplerViewObject&) = delete;
  ~SamplerViewObject() {
    if (view != 0) glDeleteTextures(1, &view);
  }
};

struct SamplerStateObject {
  virgl::CreateSamplerState state;
  GLuint sampler = 0;  // GL sampler object, made at creation
  SamplerStateObject() = default;
  SamplerStateObject(const SamplerStateObject&) = delete;
  SamplerStateObject& operator=(const SamplerStateObject&) = delete;
  ~SamplerStateObject() {
    if (sampler != 0) glDeleteSamplers(1, &sampler);
  }
};

struct ShaderObject {
  virgl::ShaderStage stage = virgl::ShaderStage::VERTEX;
  std::string text;  // the assembled TGSI text
  virgl::CreateShader header;
  // Parsed and validated on first use; `parse_error` says why not when `ir` stays empty.
  bool parsed = false;
  std::shared_ptr<const tgsi::Shader> ir;
  std::string parse_error;
  // GLSL variants by key (bounded, most recent last).
  std::vector<std::pair<shader::ShaderKey, std::shared_ptr<const shader::TranslatedShader>>>
      variants;
};

}  // namespace vgpu::renderer
