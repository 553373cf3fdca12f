#include "capture/interposer/real_api.h"

#include <dlfcn.h>
#include <errno.h>

#include <atomic>
#include <string>
#include <type_traits>

#include "capture/log.h"

namespace vgpu::real {
namespace {

thread_local int t_real_call_depth = 0;

struct RealCallScope {
  RealCallScope() { ++t_real_call_depth; }
  ~RealCallScope() { --t_real_call_depth; }
  RealCallScope(const RealCallScope&) = delete;
  RealCallScope& operator=(const RealCallScope&) = delete;
};

void* resolve(const char* name, std::atomic<void*>& cache) {
  void* fn = cache.load(std::memory_order_acquire);
  if (!fn) {
    fn = dlsym(RTLD_NEXT, name);
    cache.store(fn, std::memory_order_release);
  }
  return fn;
}

template <class Ret>
Ret missing(const char* name) {
  capture::log_line(std::string("vgpu-capture-virgl: ") + name +
                    " is not in the loaded libvirglrenderer");
  if constexpr (std::is_void_v<Ret>) {
    return;
  } else if constexpr (std::is_pointer_v<Ret>) {
    return nullptr;
  } else {
    return static_cast<Ret>(-ENOSYS);
  }
}

}  // namespace

bool inside_real_call() { return t_real_call_depth > 0; }

#define VGPU_VIRGL_API(ret, name, params, args)                       \
  ret name params {                                                   \
    static std::atomic<void*> cache{nullptr};                         \
    using Fn = ret(*) params;                                         \
    auto fn = reinterpret_cast<Fn>(resolve(#name, cache));            \
    if (!fn) return missing<ret>(#name);                              \
    const RealCallScope scope;                                        \
    return fn args;                                                   \
  }
#include "capture/interposer/virgl_api_rows.h"
#undef VGPU_VIRGL_API

}  // namespace vgpu::real
