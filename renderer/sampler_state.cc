#include "renderer/sampler_state.h"

#include <bit>

namespace vgpu::renderer {
namespace {

// PIPE_TEX_WRAP_*; the legacy CLAMP modes (not in core GL) become their edge-clamping kin.
GLint wrap_mode(uint32_t wrap) {
  constexpr GLint kModes[] = {GL_REPEAT,        GL_CLAMP_TO_EDGE,         GL_CLAMP_TO_EDGE,
                              GL_CLAMP_TO_BORDER, GL_MIRRORED_REPEAT,    GL_MIRROR_CLAMP_TO_EDGE,
                              GL_MIRROR_CLAMP_TO_EDGE, GL_MIRROR_CLAMP_TO_EDGE};
  return kModes[wrap & 7];
}

// PIPE_TEX_FILTER_NEAREST 0 / LINEAR 1; PIPE_TEX_MIPFILTER_NEAREST 0, LINEAR 1, NONE 2.
GLint min_filter(uint32_t img, uint32_t mip) {
  if (mip == 2) return img != 0 ? GL_LINEAR : GL_NEAREST;
  if (img == 0) return mip == 0 ? GL_NEAREST_MIPMAP_NEAREST : GL_NEAREST_MIPMAP_LINEAR;
  return mip == 0 ? GL_LINEAR_MIPMAP_NEAREST : GL_LINEAR_MIPMAP_LINEAR;
}

}  // namespace

void configure_sampler(GLuint sampler, const virgl::CreateSamplerState& s) {
  glSamplerParameteri(sampler, GL_TEXTURE_WRAP_S, wrap_mode(s.wrap_s));
  glSamplerParameteri(sampler, GL_TEXTURE_WRAP_T, wrap_mode(s.wrap_t));
  glSamplerParameteri(sampler, GL_TEXTURE_WRAP_R, wrap_mode(s.wrap_r));
  glSamplerParameteri(sampler, GL_TEXTURE_MIN_FILTER, min_filter(s.min_img_filter, s.min_mip_filter));
  glSamplerParameteri(sampler, GL_TEXTURE_MAG_FILTER, s.mag_img_filter != 0 ? GL_LINEAR : GL_NEAREST);
  glSamplerParameteri(sampler, GL_TEXTURE_COMPARE_MODE,
                      s.compare_mode != 0 ? GL_COMPARE_REF_TO_TEXTURE : GL_NONE);
  glSamplerParameteri(sampler, GL_TEXTURE_COMPARE_FUNC, static_cast<GLint>(GL_NEVER + (s.compare_func & 7)));
  glSamplerParameterf(sampler, GL_TEXTURE_LOD_BIAS, s.lod_bias);
  glSamplerParameterf(sampler, GL_TEXTURE_MIN_LOD, s.min_lod);
  glSamplerParameterf(sampler, GL_TEXTURE_MAX_LOD, s.max_lod);
  const std::array<float, 4> border = {std::bit_cast<float>(s.border_color[0]),
                                       std::bit_cast<float>(s.border_color[1]),
                                       std::bit_cast<float>(s.border_color[2]),
                                       std::bit_cast<float>(s.border_color[3])};
  glSamplerParameterfv(sampler, GL_TEXTURE_BORDER_COLOR, border.data());
}

}  // namespace vgpu::renderer
