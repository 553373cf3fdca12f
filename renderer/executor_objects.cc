// CREATE_OBJECT / BIND_OBJECT / DESTROY_OBJECT and BIND_SHADER.
#include "renderer/sampler_state.h"
#include "renderer/submit_executor.h"
#include "renderer/texture_buffer.h"

namespace vgpu::renderer {
namespace {

constexpr uint32_t kTargetBuffer = 0;

template <class T, class Payload>
std::shared_ptr<T> wrap(const Payload& p) {
  auto o = std::make_shared<T>();
  o->state = p;
  return o;
}

}  // namespace

void SubmitExecutor::on(const virgl::CreateBlend& cmd, const virgl::CommandLocation&) {
  take();
  insert(cmd.handle, wrap<BlendObject>(cmd));
}

void SubmitExecutor::on(const virgl::CreateRasterizer& cmd, const virgl::CommandLocation&) {
  take();
  insert(cmd.handle, wrap<RasterizerObject>(cmd));
}

void SubmitExecutor::on(const virgl::CreateDsa& cmd, const virgl::CommandLocation&) {
  take();
  insert(cmd.handle, wrap<DsaObject>(cmd));
}

void SubmitExecutor::on(const virgl::CreateVertexElements& cmd, const virgl::CommandLocation&) {
  take();
  for (const auto& e : cmd.elements) {
    if (e.vertex_buffer_index >= shader::kMaxVertexAttribs) {
      reject("vertex buffer index " + std::to_string(e.vertex_buffer_index) + " is too large");
      return;
    }
  }
  if (cmd.elements.size() > shader::kMaxVertexAttribs) {
    reject(std::to_string(cmd.elements.size()) + " vertex elements exceed the limit of " +
           std::to_string(shader::kMaxVertexAttribs));
    return;
  }
  insert(cmd.handle, wrap<VertexElementsObject>(cmd));
}

void SubmitExecutor::on(const virgl::CreateSurface& cmd, const virgl::CommandLocation&) {
  take();
  auto res = attached(cmd.resource, "surface resource");
  if (!res) return;
  auto surface = std::make_shared<SurfaceObject>();
  surface->format = find_gl_format(cmd.format);
  if (res->is_buffer() || surface->format == nullptr || !surface->format->has(kRender)) {
    reject("format " + std::to_string(cmd.format) + " of resource " +
           std::to_string(cmd.resource) + " cannot be rendered to");
    return;
  }
  if (!view_compatible(*surface->format, *res->format)) {
    reject("surface format " + std::to_string(cmd.format) + " is not compatible with resource " +
           std::to_string(cmd.resource));
    return;
  }
  surface->level = cmd.first_element_or_level;
  surface->first_layer = cmd.last_element_or_layers & 0xffff;
  surface->last_layer = cmd.last_element_or_layers >> 16;
  const Extent e = level_extent(res->args, std::min(surface->level, res->args.last_level));
  if (surface->level > res->args.last_level || surface->first_layer > surface->last_layer ||
      surface->last_layer >= e.depth) {
    reject("level " + std::to_string(surface->level) + " layers " +
           std::to_string(surface->first_layer) + ".." + std::to_string(surface->last_layer) +
           " are outside resource " + std::to_string(cmd.resource));
    return;
  }
  surface->resource = std::move(res);
  insert(cmd.handle, std::move(surface));
}

void SubmitExecutor::on(const virgl::CreateSamplerView& cmd, const virgl::CommandLocation&) {
  take();
  auto res = attached(cmd.resource, "sampler view resource");
  if (!res) return;
  auto view = std::make_shared<SamplerViewObject>();
  view->format = find_gl_format(cmd.format);
  if (view->format == nullptr || !view->format->has(kSample)) {
    reject("format " + std::to_string(cmd.format) + " cannot be sampled");
    return;
  }
  // The target travels in the format dword only to hosts offering VIRGL_CAP_TEXTURE_VIEW, which
  // we do not: Mesa then sends 0 (PIPE_BUFFER) for every view, meaning "the resource's target".
  const bool target_is_implicit = cmd.target == kTargetBuffer;
  if (!target_is_implicit && res->is_buffer()) {
    reject("target " + std::to_string(cmd.target) + " does not match resource " +
           std::to_string(cmd.resource));
    return;
  }
  if (res->is_buffer()) {  // texture_buffer.h: first/last element of the buffer
    if (std::string why = check_buffer_view(*res, *view->format, cmd.first_element_or_layers,
                                            cmd.last_element_or_levels);
        !why.empty()) {
      reject(why);
      return;
    }
  } else {
    const uint32_t first_level = cmd.last_element_or_levels & 0xff;
    const uint32_t last_level = (cmd.last_element_or_levels >> 8) & 0xff;
    const uint32_t first_layer = cmd.first_element_or_layers & 0xffff;
    const uint32_t last_layer = cmd.first_element_or_layers >> 16;
    const uint32_t layers = level_extent(res->args, 0).depth;
    if (first_level > last_level || last_level > res->args.last_level ||
        first_layer > last_layer || last_layer >= layers) {
      reject("levels " + std::to_string(first_level) + ".." + std::to_string(last_level) +
             " or layers " + std::to_string(first_layer) + ".." + std::to_string(last_layer) +
             " are outside resource " + std::to_string(cmd.resource));
      return;
    }
    // The view keeps the resource's target, and a cube view is six faces, a cube-array view
    // whole cubes (glTextureView refuses anything else; Mesa's views of cubes always are).
    const bool cube = res->gl_target == GL_TEXTURE_CUBE_MAP;
    const uint32_t view_layers = last_layer - first_layer + 1;
    if ((cube || res->gl_target == GL_TEXTURE_CUBE_MAP_ARRAY) &&
        (first_layer % 6 != 0 || view_layers % 6 != 0 || (cube && view_layers != 6))) {
      reject("layers " + std::to_string(first_layer) + ".." + std::to_string(last_layer) +
             " of cube resource " + std::to_string(cmd.resource) + " are not whole cubes");
      return;
    }
    if (!view_compatible(*view->format, *res->format)) {
      reject("view format " + std::to_string(cmd.format) + " is not compatible with resource " +
             std::to_string(cmd.resource));
      return;
    }
  }
  view->state = cmd;
  view->resource = std::move(res);
  insert(cmd.handle, std::move(view));
}

void SubmitExecutor::on(const virgl::CreateSamplerState& cmd, const virgl::CommandLocation&) {
  take();
  auto state = wrap<SamplerStateObject>(cmd);
  glCreateSamplers(1, &state->sampler);
  configure_sampler(state->sampler, cmd);
  insert(cmd.handle, std::move(state));
}

void SubmitExecutor::on(const virgl::CreateShader& cmd, const virgl::CommandLocation&) {
  take();
  virgl::AssembledShader assembled = ctx_.assembler.add(ctx_.current_id, cmd);
  if (assembled.status == virgl::AssembledShader::Status::Incomplete) return;
  if (assembled.status == virgl::AssembledShader::Status::Rejected) {
    reject(assembled.error);
    return;
  }
  auto shader = std::make_shared<ShaderObject>();
  shader->stage = static_cast<virgl::ShaderStage>(assembled.header.stage);
  shader->header = assembled.header;
  shader->text = std::move(assembled.text);
  insert(assembled.header.handle, std::move(shader));
}

void SubmitExecutor::on(const virgl::BindObject& cmd, const virgl::CommandLocation&) {
  take();
  // Handle 0 unbinds; any other handle must name an object of the bound kind.
  auto bind = [&](auto& slot, const char* what) {
    using T = typename std::decay_t<decltype(slot)>::element_type;
    if (cmd.handle == 0) {
      slot.reset();
      return;
    }
    if (auto found = object<T>(cmd.handle, what)) slot = std::move(found);
  };
  switch (static_cast<virgl::ObjectType>(cmd.object_type)) {
    case virgl::ObjectType::BLEND: bind(sub().blend, "blend state"); break;
    case virgl::ObjectType::RASTERIZER: bind(sub().rasterizer, "rasterizer state"); break;
    case virgl::ObjectType::DSA: bind(sub().dsa, "depth-stencil-alpha state"); break;
    case virgl::ObjectType::VERTEX_ELEMENTS:
      bind(sub().vertex_elements, "vertex elements");
      break;
    default: reject("object type " + std::to_string(cmd.object_type) + " cannot be bound"); break;
  }
}

void SubmitExecutor::on(const virgl::DestroyObject& cmd, const virgl::CommandLocation&) {
  take();
  if (cmd.object_type == static_cast<uint32_t>(virgl::ObjectType::QUERY)) {
    if (auto q = sub().objects.find<QueryObject>(cmd.handle); q && q->active) {
      reject("query " + std::to_string(cmd.handle) + " is active: END_QUERY must come first");
      return;
    }
  }
  bool erased = false;
  switch (static_cast<virgl::ObjectType>(cmd.object_type)) {
#define VGPU_ERASE(TYPE, T) \
  case virgl::ObjectType::TYPE: erased = sub().objects.erase<T>(cmd.handle); break;
    VGPU_ERASE(BLEND, BlendObject)
    VGPU_ERASE(RASTERIZER, RasterizerObject)
    VGPU_ERASE(DSA, DsaObject)
    VGPU_ERASE(SHADER, ShaderObject)
    VGPU_ERASE(VERTEX_ELEMENTS, VertexElementsObject)
    VGPU_ERASE(SAMPLER_VIEW, SamplerViewObject)
    VGPU_ERASE(SAMPLER_STATE, SamplerStateObject)
    VGPU_ERASE(SURFACE, SurfaceObject)
    VGPU_ERASE(QUERY, QueryObject)
    VGPU_ERASE(STREAMOUT_TARGET, StreamoutTargetObject)
#undef VGPU_ERASE
    default: break;
  }
  if (!erased) {
    reject(std::string(virgl::object_type_name(cmd.object_type)) + " " +
           std::to_string(cmd.handle) + " does not exist");
  }
}

void SubmitExecutor::on(const virgl::BindShader& cmd, const virgl::CommandLocation&) {
  take();
  if (cmd.stage >= shader::kStageCount) {
    reject("stage " + std::to_string(cmd.stage) + " is unknown");
    return;
  }
  auto& slot = sub().shaders[cmd.stage];
  if (cmd.handle == 0) {
    slot.reset();
    return;
  }
  auto shader = object<ShaderObject>(cmd.handle, "shader");
  if (!shader) return;
  if (static_cast<uint32_t>(shader->stage) != cmd.stage) {
    reject("shader " + std::to_string(cmd.handle) + " is not a " +
           std::string(virgl::kShaderStageNames[cmd.stage]) + " shader");
    return;
  }
  slot = std::move(shader);
}

// A linking hint (Mesa sends it for separable programs): programs are linked at draw time from
// the bound shaders, so there is nothing to do, but the handles must exist.
void SubmitExecutor::on(const virgl::LinkShader& cmd, const virgl::CommandLocation&) {
  take();
  for (uint32_t handle : cmd.handles) {
    if (handle != 0 && !object<ShaderObject>(handle, "shader")) return;
  }
}

}  // namespace vgpu::renderer
