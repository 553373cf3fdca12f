#include "replay/virgl_library.h"

#include <dlfcn.h>

namespace vgpu::replay {

VirglLibrary::~VirglLibrary() {
  if (handle) dlclose(handle);
}

trace::Result<std::unique_ptr<VirglLibrary>> load_virgl_library() {
  constexpr const char* kName = "libvirglrenderer.so.1";
  auto lib = std::make_unique<VirglLibrary>();
  lib->handle = dlopen(kName, RTLD_NOW | RTLD_LOCAL);
  if (!lib->handle) {
    return trace::Error{trace::ErrorCode::Io, std::string("cannot load ") + kName + " (Debian " +
                                                  "package libvirglrenderer1): " + dlerror()};
  }
#define VGPU_VIRGL_ENTRY(name)                                                              \
  lib->name = reinterpret_cast<decltype(lib->name)>(dlsym(lib->handle, #name));             \
  if (!lib->name) {                                                                          \
    return trace::Error{trace::ErrorCode::Unsupported, std::string(kName) + " has no " #name}; \
  }
#include "replay/virgl_entries.def"
#undef VGPU_VIRGL_ENTRY
  return lib;
}

}  // namespace vgpu::replay
