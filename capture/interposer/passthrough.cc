// The API functions the interposer does not record (virgl_api.def says why for each): defined
// here only so that every call goes through the same library, and forwarded unchanged.
#include "capture/interposer/real_api.h"

extern "C" {

#define VGPU_VIRGL_RECORDED(ret, name, params, args, events)
#define VGPU_VIRGL_PASSTHROUGH(ret, name, params, args, why) \
  __attribute__((visibility("default"))) ret name params { return vgpu::real::name args; }
#include "capture/interposer/virgl_api.def"
#undef VGPU_VIRGL_PASSTHROUGH
#undef VGPU_VIRGL_RECORDED

}  // extern "C"
