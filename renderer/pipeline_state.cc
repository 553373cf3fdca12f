#include "renderer/pipeline_state.h"

#include <algorithm>
#include <cmath>

namespace vgpu::renderer {
namespace {

// PIPE_FUNC_NEVER..ALWAYS are GL_NEVER..GL_ALWAYS in the same order.
GLenum compare_func(uint32_t f) { return GL_NEVER + (f & 7); }

GLenum stencil_op(uint32_t op) {
  constexpr GLenum kOps[] = {GL_KEEP, GL_ZERO, GL_REPLACE, GL_INCR,
                             GL_DECR, GL_INCR_WRAP, GL_DECR_WRAP, GL_INVERT};
  return kOps[op & 7];
}

GLenum blend_func(uint32_t f) {
  constexpr GLenum kFuncs[] = {GL_FUNC_ADD, GL_FUNC_SUBTRACT, GL_FUNC_REVERSE_SUBTRACT, GL_MIN,
                               GL_MAX};
  return f < 5 ? kFuncs[f] : GL_FUNC_ADD;
}

GLenum blend_factor(uint32_t f) {
  switch (f) {
    case 0x01: return GL_ONE;
    case 0x02: return GL_SRC_COLOR;
    case 0x03: return GL_SRC_ALPHA;
    case 0x04: return GL_DST_ALPHA;
    case 0x05: return GL_DST_COLOR;
    case 0x06: return GL_SRC_ALPHA_SATURATE;
    case 0x07: return GL_CONSTANT_COLOR;
    case 0x08: return GL_CONSTANT_ALPHA;
    case 0x09: return GL_SRC1_COLOR;
    case 0x0a: return GL_SRC1_ALPHA;
    case 0x12: return GL_ONE_MINUS_SRC_COLOR;
    case 0x13: return GL_ONE_MINUS_SRC_ALPHA;
    case 0x14: return GL_ONE_MINUS_DST_ALPHA;
    case 0x15: return GL_ONE_MINUS_DST_COLOR;
    case 0x17: return GL_ONE_MINUS_CONSTANT_COLOR;
    case 0x18: return GL_ONE_MINUS_CONSTANT_ALPHA;
    case 0x19: return GL_ONE_MINUS_SRC1_COLOR;
    case 0x1a: return GL_ONE_MINUS_SRC1_ALPHA;
    default: return GL_ZERO;  // 0x11 and anything unknown
  }
}

// PIPE_LOGICOP_* are the 4-bit truth tables; GL's enums follow another order.
GLenum logic_op(uint32_t op) {
  constexpr GLenum kOps[] = {GL_CLEAR, GL_NOR, GL_AND_INVERTED, GL_COPY_INVERTED,
                             GL_AND_REVERSE, GL_INVERT, GL_XOR, GL_NAND,
                             GL_AND, GL_EQUIV, GL_NOOP, GL_OR_INVERTED,
                             GL_COPY, GL_OR_REVERSE, GL_OR, GL_SET};
  return kOps[op & 15];
}

void enable(GLenum cap, bool on) {
  if (on) {
    glEnable(cap);
  } else {
    glDisable(cap);
  }
}

bool y_flipped(const SubContext& sub) { return sub.viewports[0].scale[1] < 0; }

// The sample count of the bound framebuffer (0 when single-sampled or nothing is bound).
uint32_t framebuffer_samples(const SubContext& sub) {
  for (uint32_t i = 0; i < sub.nr_cbufs; ++i) {
    if (sub.cbufs[i]) return sub.cbufs[i]->resource->samples;
  }
  return sub.zsurf ? sub.zsurf->resource->samples : 0;
}

}  // namespace

void apply_rasterizer(const SubContext& sub) {
  const virgl::CreateRasterizer r = sub.rasterizer ? sub.rasterizer->state
                                                   : virgl::CreateRasterizer{};
  // PIPE_FACE_FRONT 1, BACK 2, FRONT_AND_BACK 3.
  enable(GL_CULL_FACE, r.cull_face != 0);
  if (r.cull_face != 0) {
    constexpr GLenum kFaces[] = {GL_BACK, GL_FRONT, GL_BACK, GL_FRONT_AND_BACK};
    glCullFace(kFaces[r.cull_face & 3]);
  }
  // Gallium decides facing on window coordinates with y pointing down, GL with y up, so an
  // unflipped gallium CCW is GL's CW.  A flipped viewport is drawn with glClipControl's
  // UPPER_LEFT origin, which makes GL invert facing itself: no inversion is left to do.
  const bool ccw = (r.front_ccw != 0) == y_flipped(sub);
  glFrontFace(ccw ? GL_CCW : GL_CW);
  // PIPE_POLYGON_MODE_FILL 0, LINE 1, POINT 2; core GL has one mode for both faces.
  constexpr GLenum kModes[] = {GL_FILL, GL_LINE, GL_POINT, GL_FILL};
  glPolygonMode(GL_FRONT_AND_BACK, kModes[r.fill_front & 3]);
  enable(GL_SCISSOR_TEST, r.scissor != 0);
  enable(GL_DEPTH_CLAMP, r.depth_clip == 0 && sub.rasterizer != nullptr);
  enable(GL_RASTERIZER_DISCARD, r.rasterizer_discard != 0);
  enable(GL_PROGRAM_POINT_SIZE, r.point_size_per_vertex != 0);
  glPointSize(std::clamp(r.point_size, 1.0f, 255.0f));
  enable(GL_POLYGON_OFFSET_FILL, r.offset_tri != 0);
  enable(GL_POLYGON_OFFSET_LINE, r.offset_line != 0);
  enable(GL_POLYGON_OFFSET_POINT, r.offset_point != 0);
  glPolygonOffset(r.offset_scale, r.offset_units);
  glProvokingVertex(r.flatshade_first != 0 ? GL_FIRST_VERTEX_CONVENTION
                                           : GL_LAST_VERTEX_CONVENTION);
  enable(GL_MULTISAMPLE, r.multisample != 0);
  for (uint32_t i = 0; i < shader::kMaxClipDistances; ++i) {
    enable(GL_CLIP_DISTANCE0 + i, (r.clip_plane_enable >> i) & 1);
  }
  // SET_SAMPLE_MASK (gallium folds glSampleCoverage into it) and SET_MIN_SAMPLES.  Both only
  // matter on multisampled framebuffers; all-ones and 1 are GL's defaults.
  enable(GL_SAMPLE_MASK, sub.sample_mask != ~0u);
  glSampleMaski(0, sub.sample_mask);
  const uint32_t samples = framebuffer_samples(sub);
  enable(GL_SAMPLE_SHADING, sub.min_samples > 1 && samples > 1);
  if (sub.min_samples > 1 && samples > 1) {
    // GL asks for a fraction of the framebuffer's samples, gallium for a count.
    glMinSampleShading(std::min(1.0f, static_cast<float>(sub.min_samples) /
                                          static_cast<float>(samples)));
  }
}

void apply_depth_stencil_alpha(const SubContext& sub) {
  const virgl::CreateDsa d = sub.dsa ? sub.dsa->state : virgl::CreateDsa{};
  enable(GL_DEPTH_TEST, d.depth_enable != 0);
  glDepthMask(d.depth_writemask != 0 ? GL_TRUE : GL_FALSE);
  glDepthFunc(compare_func(d.depth_func));
  enable(GL_STENCIL_TEST, d.stencil[0].enabled != 0);
  // Without a two-sided state the back face uses the front's.
  const virgl::StencilState& back = d.stencil[1].enabled != 0 ? d.stencil[1] : d.stencil[0];
  const std::array<std::pair<GLenum, const virgl::StencilState*>, 2> faces = {
      {{GL_FRONT, &d.stencil[0]}, {GL_BACK, &back}}};
  for (const auto& [face, s] : faces) {
    const uint32_t ref = face == GL_FRONT ? sub.stencil_ref_front : sub.stencil_ref_back;
    glStencilFuncSeparate(face, compare_func(s->func), static_cast<GLint>(ref), s->valuemask);
    glStencilOpSeparate(face, stencil_op(s->fail_op), stencil_op(s->zfail_op),
                        stencil_op(s->zpass_op));
    glStencilMaskSeparate(face, s->writemask);
  }
}

void apply_blend(const SubContext& sub) {
  virgl::CreateBlend b;
  if (sub.blend) {
    b = sub.blend->state;
  } else {
    for (auto& rt : b.rt) rt.colormask = 0xf;
  }
  for (uint32_t i = 0; i < virgl::kMaxColorBuffers; ++i) {
    const virgl::BlendTarget& rt = b.rt[b.independent_blend_enable != 0 ? i : 0];
    if (rt.blend_enable != 0) {
      glEnablei(GL_BLEND, i);
    } else {
      glDisablei(GL_BLEND, i);
    }
    glBlendEquationSeparatei(i, blend_func(rt.rgb_func), blend_func(rt.alpha_func));
    glBlendFuncSeparatei(i, blend_factor(rt.rgb_src_factor), blend_factor(rt.rgb_dst_factor),
                         blend_factor(rt.alpha_src_factor), blend_factor(rt.alpha_dst_factor));
    glColorMaski(i, rt.colormask & 1, (rt.colormask >> 1) & 1, (rt.colormask >> 2) & 1,
                 (rt.colormask >> 3) & 1);
  }
  enable(GL_COLOR_LOGIC_OP, b.logicop_enable != 0);
  glLogicOp(logic_op(b.logicop_func));
  enable(GL_SAMPLE_ALPHA_TO_COVERAGE, b.alpha_to_coverage != 0);
  enable(GL_SAMPLE_ALPHA_TO_ONE, b.alpha_to_one != 0);
  enable(GL_DITHER, b.dither != 0);
  glBlendColor(sub.blend_color[0], sub.blend_color[1], sub.blend_color[2], sub.blend_color[3]);
  glEnable(GL_FRAMEBUFFER_SRGB);  // gallium encodes whenever the surface format is sRGB
}

void apply_viewport(const SubContext& sub) {
  // All kMaxViewports are set on every draw: a geometry shader's gl_ViewportIndex may pick any.
  // The clip origin is one for all of them; the guest flips all or none (Mesa's y-flip is a
  // property of the framebuffer), so viewport 0 decides.
  const bool halfz = sub.rasterizer != nullptr && sub.rasterizer->state.clip_halfz != 0;
  glClipControl(y_flipped(sub) ? GL_UPPER_LEFT : GL_LOWER_LEFT,
                halfz ? GL_ZERO_TO_ONE : GL_NEGATIVE_ONE_TO_ONE);
  std::array<GLfloat, 4 * virgl::kMaxViewports> rects{};
  std::array<GLdouble, 2 * virgl::kMaxViewports> depths{};
  std::array<GLint, 4 * virgl::kMaxViewports> scissors{};
  for (uint32_t i = 0; i < virgl::kMaxViewports; ++i) {
    const virgl::Viewport& v = sub.viewports[i];
    const float half_w = std::fabs(v.scale[0]), half_h = std::fabs(v.scale[1]);
    rects[4 * i] = v.translate[0] - half_w;
    rects[4 * i + 1] = v.translate[1] - half_h;
    rects[4 * i + 2] = 2 * half_w;
    rects[4 * i + 3] = 2 * half_h;
    depths[2 * i] = halfz ? v.translate[2] : double{v.translate[2]} - v.scale[2];
    depths[2 * i + 1] = double{v.translate[2]} + v.scale[2];
    const virgl::Scissor& s = sub.scissors[i];
    scissors[4 * i] = static_cast<GLint>(s.minx);
    scissors[4 * i + 1] = static_cast<GLint>(s.miny);
    scissors[4 * i + 2] = static_cast<GLint>(s.maxx > s.minx ? s.maxx - s.minx : 0);
    scissors[4 * i + 3] = static_cast<GLint>(s.maxy > s.miny ? s.maxy - s.miny : 0);
  }
  glViewportArrayv(0, virgl::kMaxViewports, rects.data());
  glDepthRangeArrayv(0, virgl::kMaxViewports, depths.data());
  glScissorArrayv(0, virgl::kMaxViewports, scissors.data());
}

}  // namespace vgpu::renderer
