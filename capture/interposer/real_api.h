// The real libvirglrenderer functions, found with dlsym(RTLD_NEXT) on first use: vgpu::real::f
// calls the f the interposer hides.  One declaration per row of virgl_api.def.
//
// A function the loaded library lacks (an older virglrenderer) cannot have been linked by the
// host either, unless it looked it up itself; calling it logs one line and returns an error
// value (-ENOSYS, or null) instead of crashing.
#pragma once

#include "capture/interposer/virgl_api.h"

namespace vgpu::real {

// True while this thread is inside a real function.  libvirglrenderer calls some of its own
// exported functions through the PLT (context_create calls context_create_with_flags), which
// lands in our wrappers again: such nested calls are forwarded but not recorded, so that one
// host call is one record.
[[nodiscard]] bool inside_real_call();

#define VGPU_VIRGL_API(ret, name, params, args) ret name params;
#include "capture/interposer/virgl_api_rows.h"
#undef VGPU_VIRGL_API

}  // namespace vgpu::real
