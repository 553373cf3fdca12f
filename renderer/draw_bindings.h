// Binds what a linked program reads to the binding points of shader/bindings.h: uniform blocks
// (CONST[0] data, guest uniform buffers, the DriverState block) and texture units (sampler
// views as texture views, sampler states as sampler objects).  Every guest slot a program
// uses must be bound to something valid; a missing one rejects the draw.
#pragma once

#include <string>

#include "renderer/program_cache.h"
#include "renderer/sub_context.h"

namespace vgpu::renderer {

[[nodiscard]] std::string bind_uniforms(SubContext& sub, const LinkedProgram& program);
[[nodiscard]] std::string bind_textures(SubContext& sub, const LinkedProgram& program);
// One stage's share of the above (compute programs have only that stage; no DriverState).
[[nodiscard]] std::string bind_stage_uniforms(SubContext& sub, const shader::TranslatedShader& ts);
[[nodiscard]] std::string bind_stage_textures(SubContext& sub, const shader::TranslatedShader& ts);

// The texture view a sampler view samples through (made on first use).
[[nodiscard]] GLuint sampler_view_texture(SamplerViewObject& view, bool shadow);

}  // namespace vgpu::renderer
