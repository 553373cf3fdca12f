// KHR_debug: every GL error the driver reports becomes a GlError diagnostic naming the event
// being handled.  A GL error means a validation check on our side is missing, so tests run
// with Options::debug_gl and fail on any.
#pragma once

#include "renderer/diagnostics.h"

namespace vgpu::renderer {

struct GlDebugTarget {
  DiagnosticLog* log = nullptr;
  const EventOrigin* origin = nullptr;
};

// Installs the callback on the current context (debug state is per context).
void install_debug_callback(GlDebugTarget& target);

}  // namespace vgpu::renderer
