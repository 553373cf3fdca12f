// The GL strings of whatever context is current on this thread: both back ends leave theirs
// current after they ran (the renderer its own, libvirglrenderer the one it made through the same
// libepoxy), so the report can name the device either ran on.
#pragma once

#include <string>

#include "replay/backend.h"

namespace vgpu::replay {

// `name` with GL_VENDOR/RENDERER/VERSION of the current context; empty strings without one.
[[nodiscard]] BackendIdentity current_gl_identity(std::string name);

}  // namespace vgpu::replay
