// A gallium sampler state as a GL sampler object.
#pragma once

#include <epoxy/gl.h>

#include "decoder/payloads_objects.h"

namespace vgpu::renderer {

void configure_sampler(GLuint sampler, const virgl::CreateSamplerState& state);

}  // namespace vgpu::renderer
