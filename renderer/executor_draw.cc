// DRAW_VBO: every piece of state the draw reads is resolved and checked (shaders translate and
// link, framebuffer complete, every sampled slot and uniform block bound, no vertex or index
// fetch outside its buffer) before the first GL state change of the draw.
#include "renderer/draw_bindings.h"
#include "renderer/framebuffer.h"
#include "renderer/pipeline_state.h"
#include "renderer/shader_resources.h"
#include "renderer/submit_executor.h"
#include "renderer/vertex_formats.h"
#include "renderer/vertex_input.h"

namespace vgpu::renderer {
namespace {

constexpr uint32_t kPrimPoints = 0, kPrimTriangleFan = 6;

DrawKeys draw_keys(const SubContext& sub, const virgl::DrawVbo& d) {
  DrawKeys keys;
  if (sub.vertex_elements) {
    const auto& elements = sub.vertex_elements->state.elements;
    for (uint32_t i = 0; i < elements.size(); ++i) {
      const VertexFormat* f = find_vertex_format(elements[i].src_format);
      if (f == nullptr) continue;
      if (f->fetch == VertexFormat::Fetch::SignedInt) keys.vertex.vertex_attrib_int_mask |= 1u << i;
      if (f->fetch == VertexFormat::Fetch::UnsignedInt) {
        keys.vertex.vertex_attrib_uint_mask |= 1u << i;
      }
    }
  }
  for (uint32_t i = 0; i < sub.nr_cbufs; ++i) {
    const SurfaceObject* s = sub.cbufs[i].get();
    if (s == nullptr || !s->format->has(kInteger)) continue;
    const bool is_signed = s->format->type == GL_BYTE || s->format->type == GL_SHORT ||
                           s->format->type == GL_INT;
    (is_signed ? keys.fragment.color_int_mask : keys.fragment.color_uint_mask) |=
        static_cast<uint8_t>(1u << i);
  }
  if (sub.rasterizer) {
    const auto& r = sub.rasterizer->state;
    keys.vertex.clip_plane_enable = static_cast<uint8_t>(r.clip_plane_enable);
    keys.fragment.flatshade = r.flatshade != 0;
    keys.fragment.two_sided_color = r.light_twoside != 0;
    if (d.mode == kPrimPoints) keys.fragment.point_sprite_coord_mask = r.sprite_coord_enable;
  }
  for (const shader::Stage stage : {shader::Stage::VERTEX, shader::Stage::FRAGMENT}) {
    auto& swizzles = stage == shader::Stage::VERTEX ? keys.vertex_view_swizzles
                                                    : keys.fragment_view_swizzles;
    const auto& views = sub.sampler_views[shader::stage_index(stage)];
    for (uint32_t slot = 0; slot < views.size(); ++slot) {
      if (!views[slot]) continue;
      const auto& v = views[slot]->state;
      swizzles[slot] = shader::pack_swizzle(v.swizzle_r, v.swizzle_g, v.swizzle_b, v.swizzle_a);
    }
  }
  if (sub.dsa && sub.dsa->state.alpha_enabled != 0) {
    keys.fragment.alpha_func = static_cast<uint8_t>(sub.dsa->state.alpha_func);
  }
  return keys;
}

void issue_draw(const SubContext& sub, const virgl::DrawVbo& d) {
  const auto mode = static_cast<GLenum>(d.mode);
  const auto count = static_cast<GLsizei>(d.count);
  const auto instances = static_cast<GLsizei>(d.instance_count);
  if (d.indexed == 0) {
    glDrawArraysInstancedBaseInstance(mode, static_cast<GLint>(d.start), count, instances,
                                      d.start_instance);
    return;
  }
  const uint32_t size = sub.index_buffer.index_size;
  const GLenum type = size == 1 ? GL_UNSIGNED_BYTE : size == 2 ? GL_UNSIGNED_SHORT
                                                               : GL_UNSIGNED_INT;
  if (d.primitive_restart != 0) {
    glEnable(GL_PRIMITIVE_RESTART);
    glPrimitiveRestartIndex(d.restart_index);
  } else {
    glDisable(GL_PRIMITIVE_RESTART);
  }
  const uintptr_t first = sub.index_buffer.offset;  // see vertex_range()
  glDrawElementsInstancedBaseVertexBaseInstance(mode, count, type,
                                                reinterpret_cast<const void*>(first), instances,
                                                d.index_bias, d.start_instance);
}

}  // namespace

void SubmitExecutor::on(const virgl::DrawVbo& cmd, const virgl::CommandLocation&) {
  take();
  SubContext& s = sub();
  if (cmd.mode > kPrimTriangleFan) {
    reject("primitive " + std::to_string(cmd.mode) + " is not implemented");
    return;
  }
  if (cmd.count_from_so != 0 || (cmd.has_indirect && cmd.indirect_resource != 0)) {
    reject("stream-out and indirect draws are not implemented");
    return;
  }
  using virgl::ShaderStage;
  for (ShaderStage stage : {ShaderStage::GEOMETRY, ShaderStage::TESS_CTRL, ShaderStage::TESS_EVAL}) {
    if (s.shaders[static_cast<uint32_t>(stage)]) {
      reject("geometry and tessellation shaders are not implemented");
      return;
    }
  }
  ShaderObject* vs = s.shaders[static_cast<uint32_t>(ShaderStage::VERTEX)].get();
  ShaderObject* fs = s.shaders[static_cast<uint32_t>(ShaderStage::FRAGMENT)].get();
  if (vs == nullptr || fs == nullptr) {
    reject("a vertex and a fragment shader must be bound");
    return;
  }
  std::string why = apply_framebuffer(s);
  const LinkedProgram* program =
      why.empty() ? core_.programs.get(*vs, *fs, draw_keys(s, cmd), why) : nullptr;
  VertexRange range;
  if (why.empty()) why = vertex_range(s, cmd, range);
  if (why.empty()) why = apply_vertex_input(s, range, program->vertex->vertex_attrib_mask);
  if (why.empty()) why = bind_uniforms(s, *program);
  if (why.empty()) why = bind_textures(s, *program);
  if (why.empty()) why = bind_shader_resources(s, *program->vertex);  // SSBOs, images, atomics
  if (why.empty()) why = bind_shader_resources(s, *program->fragment);
  if (!why.empty()) {
    reject(why);
    return;
  }
  if (range.empty) return;
  glUseProgram(program->program);
  apply_rasterizer(s);
  apply_depth_stencil_alpha(s);
  apply_blend(s);
  apply_viewport(s);
  glEnable(GL_TEXTURE_CUBE_MAP_SEAMLESS);
  issue_draw(s, cmd);
}

}  // namespace vgpu::renderer
