// DRAW_VBO: every piece of state the draw reads is resolved and checked (shaders translate and
// link, framebuffer complete, every sampled slot and uniform block bound, no vertex or index
// fetch outside its buffer) before the first GL state change of the draw.
#include <algorithm>
#include <cstdint>

#include "renderer/draw_bindings.h"
#include "renderer/draw_limits.h"
#include "renderer/draw_topology.h"
#include "renderer/framebuffer.h"
#include "renderer/indirect_draw.h"
#include "renderer/pipeline_state.h"
#include "renderer/streamout_draw.h"
#include "renderer/shader_resources.h"
#include "renderer/submit_executor.h"
#include "renderer/vertex_formats.h"
#include "renderer/vertex_input.h"

namespace vgpu::renderer {
namespace {

DrawKeys draw_keys(const SubContext& sub, bool points) {
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
    keys.clip_plane_enable = static_cast<uint8_t>(r.clip_plane_enable);
    keys.fragment.flatshade = r.flatshade != 0;
    keys.fragment.two_sided_color = r.light_twoside != 0;
    if (points) keys.fragment.point_sprite_coord_mask = r.sprite_coord_enable;
  }
  for (const shader::Stage stage : kGraphicsStages) {
    auto& swizzles = keys.view_swizzles[shader::stage_index(stage)];
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

GLenum index_type(const SubContext& sub) {
  const uint32_t size = sub.index_buffer.index_size;
  return size == 1 ? GL_UNSIGNED_BYTE : size == 2 ? GL_UNSIGNED_SHORT : GL_UNSIGNED_INT;
}

void set_primitive_restart(const virgl::DrawVbo& d) {
  if (d.indexed != 0 && d.primitive_restart != 0) {
    glEnable(GL_PRIMITIVE_RESTART);
    glPrimitiveRestartIndex(d.restart_index);
  } else {
    glDisable(GL_PRIMITIVE_RESTART);
  }
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
  const uintptr_t first = sub.index_buffer.offset;  // see index_start()
  glDrawElementsInstancedBaseVertexBaseInstance(mode, count, index_type(sub),
                                                reinterpret_cast<const void*>(first), instances,
                                                d.index_bias, d.start_instance);
}

// The bound shaders of the draw stages.
StageShaders stage_shaders(const SubContext& sub) {
  StageShaders shaders{};
  for (const shader::Stage stage : kGraphicsStages) {
    shaders[shader::stage_index(stage)] = sub.shaders[shader::stage_index(stage)].get();
  }
  return shaders;
}

}  // namespace

// As with virglrenderer (which Mesa's virgl driver is written against), a direct indexed
// draw's indices start at the index buffer offset: Mesa folds `start` into that offset already.
// Indirect commands give their first index from the start of the buffer (indirect_draw.h).
void SubmitExecutor::on(const virgl::DrawVbo& cmd, const virgl::CommandLocation&) {
  take();
  SubContext& s = sub();
  const bool indirect = cmd.has_indirect && cmd.indirect_resource != 0;
  uint64_t invocations = 0;
  if (!indirect) {
    if (std::string why = add_draw_invocations(cmd.count, cmd.instance_count,
                                               core_.options.budgets.max_draw_invocations,
                                               invocations);
        !why.empty()) {
      reject(why);
      return;
    }
  }
  std::shared_ptr<Resource> indirect_buffer, count_buffer;
  if (indirect) {
    indirect_buffer = attached(cmd.indirect_resource, "indirect buffer");
    if (!indirect_buffer) return;
    if (cmd.indirect_draw_count_resource != 0) {
      count_buffer = attached(cmd.indirect_draw_count_resource, "indirect draw count buffer");
      if (!count_buffer) return;
    }
  }
  if (indirect && cmd.count_from_so != 0) {
    reject("a draw cannot be both indirect and counted by stream-out");
    return;
  }
  const StageShaders shaders = stage_shaders(s);
  std::string why = parse_stages(shaders);
  if (why.empty()) why = check_topology(shaders, cmd);
  if (why.empty()) why = apply_framebuffer(s);
  const LinkedProgram* program =
      why.empty() ? core_.programs.get(shaders, draw_keys(s, rasterizes_points(shaders, cmd.mode)),
                                       why)
                  : nullptr;
  // Stream-out captures from the last stage before the rasterizer, in the primitive class
  // that reaches it.
  StreamoutDraw so;
  if (why.empty()) {
    virgl::DrawVbo captured = cmd;
    captured.mode = rasterized_class(shaders, cmd.mode);
    why = plan_streamout(s, captured, *last_vertex_stage(shaders), program->program, so);
  }
  // A count_from_so draw fetches at most what its target can hold, from vertex 0.
  virgl::DrawVbo fetched = cmd;
  if (cmd.count_from_so != 0) {
    fetched.start = 0;
    fetched.count = static_cast<uint32_t>(std::min<uint64_t>(so.source_vertices, UINT32_MAX));
  }
  std::vector<VertexRange> ranges(1);
  IndirectDraw indirect_draw;
  if (why.empty()) {
    why = indirect ? prepare_indirect(s, cmd, std::move(indirect_buffer), count_buffer.get(),
                                      core_.options.budgets.max_draw_invocations, indirect_draw,
                                      ranges)
                   : vertex_range(s, fetched, s.index_buffer.offset, ranges[0]);
  }
  const uint32_t attrib_mask =
      program != nullptr ? program->stage(shader::Stage::VERTEX)->vertex_attrib_mask : 0;
  if (why.empty()) why = apply_vertex_input(s, ranges, attrib_mask);
  if (why.empty()) why = bind_uniforms(s, *program);
  if (why.empty()) why = bind_textures(s, *program);
  if (why.empty()) {  // SSBOs, images, atomic counters of every stage
    for (const auto& stage : program->stages) {
      if (stage && why.empty()) why = bind_shader_resources(s, *stage);
    }
  }
  if (!why.empty()) {
    reject(why);
    return;
  }
  if (std::all_of(ranges.begin(), ranges.end(), [](const VertexRange& r) { return r.empty; })) {
    return;
  }
  glUseProgram(program->program);
  apply_rasterizer(s);
  apply_depth_stencil_alpha(s);
  apply_blend(s);
  apply_viewport(s);
  apply_tessellation(s, shaders, cmd);
  glEnable(GL_TEXTURE_CUBE_MAP_SEAMLESS);
  set_primitive_restart(cmd);
  const ConditionalRenderScope condition(s.render_condition, true);
  draw_with_streamout(so, cmd, [&] {
    if (indirect) {
      issue_indirect(indirect_draw, static_cast<GLenum>(cmd.mode),
                     cmd.indexed != 0 ? index_type(s) : 0);
    } else {
      issue_draw(s, cmd);
    }
  });
}

}  // namespace vgpu::renderer
