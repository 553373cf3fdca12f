#include "renderer/draw_bindings.h"

#include <cstring>

#include "renderer/texture_buffer.h"

namespace vgpu::renderer {
namespace {

using shader::Stage;

GLint uniform_alignment() {
  GLint a = 16;
  glGetIntegerv(GL_UNIFORM_BUFFER_OFFSET_ALIGNMENT, &a);
  return a > 0 ? a : 16;
}

}  // namespace

std::string bind_stage_uniforms(SubContext& sub, const shader::TranslatedShader& ts) {
  const uint32_t s = shader::stage_index(ts.stage);
  // A full block is bound whatever the guest sent, so a shader that declares more constants
  // reads zeros or older values, never outside the buffer (UniformStream::kMaxWindow).
  static_assert(shader::kMaxConstBufferBytes <= UniformStream::kMaxWindow);
  SubContext::UploadedConstants& up = sub.uploaded_constants[s];
  if (up.version != sub.constants_version[s] || !sub.uniforms.current(up.slice)) {
    const std::vector<uint32_t>& constants = sub.constants[s];
    up.slice = sub.uniforms.push(constants.data(), constants.size() * sizeof(uint32_t));
    up.version = sub.constants_version[s];
    if (up.slice.buffer == 0) return "the constant buffer ring could not be mapped";
  }
  glBindBufferRange(GL_UNIFORM_BUFFER, shader::uniform_block_binding(ts.stage, 0),
                    up.slice.buffer, up.slice.offset, shader::kMaxConstBufferBytes);
  GLint alignment = 0;  // asked of GL only by shaders with uniform blocks besides CONST[0]
  for (uint32_t n = 1; n < shader::kMaxConstBuffersPerStage; ++n) {
    if (((ts.const_buffer_mask >> n) & 1) == 0) continue;
    if (alignment == 0) alignment = uniform_alignment();
    const UniformBufferBinding& b = sub.uniform_buffers[s][n];
    if (!b.buffer || b.length == 0) {
      return "CONST[" + std::to_string(n) + "] of the " +
             std::string(virgl::kShaderStageNames[s]) + " shader has no uniform buffer bound";
    }
    if (b.offset % static_cast<uint32_t>(alignment) != 0) {
      return "uniform buffer offset " + std::to_string(b.offset) + " is not a multiple of " +
             std::to_string(alignment);
    }
    glBindBufferRange(GL_UNIFORM_BUFFER, shader::uniform_block_binding(ts.stage, n),
                      b.buffer->gl_name, b.offset, b.length);
  }
  return {};
}

namespace {

void upload_driver_state(SubContext& sub) {
  shader::DriverState state;
  for (uint32_t i = 0; i < shader::kMaxClipDistances; ++i) {
    for (uint32_t c = 0; c < 4; ++c) state.clip_planes[i][c] = sub.clip_planes[i * 4 + c];
  }
  state.alpha_ref = sub.dsa ? sub.dsa->state.alpha_ref : 0.0f;
  state.framebuffer_height = static_cast<float>(sub.framebuffer_height);
  if (std::memcmp(&state, &sub.uploaded_driver_state, sizeof(state)) != 0 ||
      !sub.uniforms.current(sub.driver_state_slice)) {
    sub.driver_state_slice = sub.uniforms.push(&state, sizeof(state));
    sub.uploaded_driver_state = state;
  }
  if (sub.driver_state_slice.buffer == 0) return;  // the constants' bind already failed the draw
  glBindBufferRange(GL_UNIFORM_BUFFER, shader::kDriverStateBinding, sub.driver_state_slice.buffer,
                    sub.driver_state_slice.offset, sizeof(state));
}

GLenum view_swizzle(uint32_t pipe_swizzle, const GlFormat& format) {
  // PIPE_SWIZZLE_X..W pick a channel of the stored format (itself swizzled for emulated
  // formats), 4 is ZERO, 5 is ONE.
  if (pipe_swizzle < 4) return format.swizzle[pipe_swizzle];
  return pipe_swizzle == 4 ? GL_ZERO : GL_ONE;
}

void set_view_swizzle(SamplerViewObject& v, bool shadow) {
  const std::array<GLint, 4> identity = {GL_RED, GL_GREEN, GL_BLUE, GL_ALPHA};
  const std::array<GLint, 4> swizzle = {
      static_cast<GLint>(view_swizzle(v.state.swizzle_r, *v.format)),
      static_cast<GLint>(view_swizzle(v.state.swizzle_g, *v.format)),
      static_cast<GLint>(view_swizzle(v.state.swizzle_b, *v.format)),
      static_cast<GLint>(view_swizzle(v.state.swizzle_a, *v.format))};
  glTextureParameteriv(v.view, GL_TEXTURE_SWIZZLE_RGBA, shadow ? identity.data() : swizzle.data());
  v.swizzled_for_shadow = shadow;
}

}  // namespace

std::string bind_uniforms(SubContext& sub, const LinkedProgram& program) {
  upload_driver_state(sub);
  for (const auto& ts : program.stages) {
    if (!ts) continue;
    if (std::string why = bind_stage_uniforms(sub, *ts); !why.empty()) return why;
  }
  return {};
}

GLuint sampler_view_texture(SamplerViewObject& v, bool shadow) {
  if (v.view != 0) {
    if (v.swizzled_for_shadow != shadow && !v.resource->is_buffer()) set_view_swizzle(v, shadow);
    return v.view;
  }
  const Resource& res = *v.resource;
  if (res.is_buffer()) {  // buffer textures have no swizzle (texture_buffer.h)
    v.view = make_buffer_texture(res, *v.format, v.state.first_element_or_layers,
                                 v.state.last_element_or_levels);
    return v.view;
  }
  const uint32_t first_level = v.state.last_element_or_levels & 0xff;
  const uint32_t last_level = (v.state.last_element_or_levels >> 8) & 0xff;
  const uint32_t first_layer = v.state.first_element_or_layers & 0xffff;
  const uint32_t last_layer = v.state.first_element_or_layers >> 16;
  const bool layered = res.gl_target != GL_TEXTURE_1D && res.gl_target != GL_TEXTURE_2D &&
                       res.gl_target != GL_TEXTURE_RECTANGLE && res.gl_target != GL_TEXTURE_3D &&
                       res.gl_target != GL_TEXTURE_2D_MULTISAMPLE;
  glGenTextures(1, &v.view);
  glTextureView(v.view, res.gl_target, res.gl_name, v.format->internal_format, first_level,
                last_level - first_level + 1, layered ? first_layer : 0,
                layered ? last_layer - first_layer + 1 : 1);
  set_view_swizzle(v, shadow);
  return v.view;
}

std::string bind_stage_textures(SubContext& sub, const shader::TranslatedShader& ts) {
  const uint32_t s = shader::stage_index(ts.stage);
  for (const shader::SamplerInfo& info : ts.samplers) {
    if (info.slot >= virgl::kMaxSamplerViews) return "sampler slot out of range";
    const auto& view = sub.sampler_views[s][info.slot];
    if (!view) {
      return "SAMP[" + std::to_string(info.slot) + "] of the " +
             std::string(virgl::kShaderStageNames[s]) + " shader has no sampler view";
    }
    const GLuint unit = shader::texture_unit(ts.stage, info.slot);
    glBindTextureUnit(unit, sampler_view_texture(*view, info.shadow));
    const auto& state = sub.sampler_states[s][info.slot];
    glBindSampler(unit, state ? state->sampler : 0);
  }
  return {};
}

std::string bind_textures(SubContext& sub, const LinkedProgram& program) {
  for (const auto& ts : program.stages) {
    if (!ts) continue;
    if (std::string why = bind_stage_textures(sub, *ts); !why.empty()) return why;
  }
  return {};
}

}  // namespace vgpu::renderer
