// Varyings: the inter-stage interface by name, and the qualifiers both sides must agree on.
#pragma once

#include "renderer/shader/translator_context.h"

namespace vgpu::shader {

// Semantics that travel as named `vec4` varyings (GENERIC, TEXCOORD, COLOR, PATCH...), as
// opposed to GLSL built-ins (POSITION, PSIZE, CLIPDIST, LAYER...).
[[nodiscard]] bool is_user_varying(tgsi::Semantic semantic);
// FS: GENERIC[n] / TEXCOORD[n] replaced by gl_PointCoord (ShaderKey::point_sprite_coord_mask).
[[nodiscard]] bool replaced_by_point_coord(const Context& ctx, const IoRegister& io);
// Whether the next stage reads the varying (false when the key does not say).
[[nodiscard]] bool next_stage_reads(const Context& ctx, tgsi::Semantic semantic, uint32_t index);
// CLIPVERTEX travels between a VS/TES and a GS/TCS/TES as the varying varying_name() names (the
// writer also keeps it private for its own user clip planes, and passes it on unless the key
// says the next stage does not read it); the FS never sees it.
[[nodiscard]] bool is_clip_vertex_varying(const Context& ctx, tgsi::Semantic semantic);
// Whether the previous stage writes the varying (true when the key does not say).
[[nodiscard]] bool prev_stage_writes(const Context& ctx, tgsi::Semantic semantic, uint32_t index);
// FS input: the effective interpolation (COLOR resolved with ShaderKey::flatshade).
void set_fragment_interpolation(const Context& ctx, const tgsi::Declaration& decl,
                                Varying& varying);
// `in`/`out` declaration with the qualifiers the other side uses; an input the previous stage
// does not write becomes a private variable holding (0, 0, 0, 1).
void declare_varying(Context& ctx, Varying varying, bool output, bool array);
// varying_name() of an output of this stage (`output`) or of an input written by
// ShaderKey::prev_stage, with the writer's stage inserted when it is a TCS, TES or GS.
[[nodiscard]] std::string stage_varying_name(const Context& ctx, uint32_t semantic, uint32_t index,
                                             bool output);

void declare_input(Context& ctx, uint32_t reg, const IoRegister& io);
void declare_output(Context& ctx, uint32_t reg, const IoRegister& io);

}  // namespace vgpu::shader
