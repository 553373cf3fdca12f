// Expands every row of virgl_api.def, recorded or not, as VGPU_VIRGL_API(ret, name, params,
// args), which the includer defines (and undefines after).  Included once per expansion, so no
// include guard.
#define VGPU_VIRGL_RECORDED(ret, name, params, args, events) VGPU_VIRGL_API(ret, name, params, args)
#define VGPU_VIRGL_PASSTHROUGH(ret, name, params, args, why) VGPU_VIRGL_API(ret, name, params, args)
#include "capture/interposer/virgl_api.def"
#undef VGPU_VIRGL_PASSTHROUGH
#undef VGPU_VIRGL_RECORDED
