#include "renderer/gl_device.h"

#include <epoxy/gl.h>

#include <cstring>
#include <vector>

namespace vgpu::renderer {
namespace {

trace::Error egl_error(const std::string& what) {
  char code[16];
  std::snprintf(code, sizeof(code), "0x%x", static_cast<unsigned>(eglGetError()));
  return trace::Error{trace::ErrorCode::Io, "EGL: " + what + " failed (error " + code + ")"};
}

bool has_extension(EGLDisplay display, const char* name) {
  const char* list = eglQueryString(display, EGL_EXTENSIONS);
  if (list == nullptr) return false;
  const size_t n = std::strlen(name);
  for (const char* p = std::strstr(list, name); p != nullptr; p = std::strstr(p + n, name)) {
    if ((p == list || p[-1] == ' ') && (p[n] == ' ' || p[n] == '\0')) return true;
  }
  return false;
}

trace::Result<EGLDisplay> open_display(int egl_device) {
  if (egl_device < 0) {
    EGLDisplay d = eglGetPlatformDisplayEXT(EGL_PLATFORM_SURFACELESS_MESA, EGL_DEFAULT_DISPLAY,
                                            nullptr);
    if (d == EGL_NO_DISPLAY) return egl_error("eglGetPlatformDisplay(surfaceless)");
    return d;
  }
  EGLint count = 0;
  if (!eglQueryDevicesEXT(0, nullptr, &count)) return egl_error("eglQueryDevicesEXT");
  if (egl_device >= count) {
    return trace::Error{trace::ErrorCode::InvalidArgument,
                        "EGL device " + std::to_string(egl_device) + " requested, " +
                            std::to_string(count) + " present"};
  }
  std::vector<EGLDeviceEXT> devices(static_cast<size_t>(count));
  if (!eglQueryDevicesEXT(count, devices.data(), &count)) return egl_error("eglQueryDevicesEXT");
  EGLDisplay d = eglGetPlatformDisplayEXT(EGL_PLATFORM_DEVICE_EXT,
                                          devices[static_cast<size_t>(egl_device)], nullptr);
  if (d == EGL_NO_DISPLAY) return egl_error("eglGetPlatformDisplay(device)");
  return d;
}

// An EGL display belongs to the process: eglGetPlatformDisplay gives every GlDevice the same
// handle, and vgpu-server runs one device per guest, each on its own thread.  So the display is
// initialized by whoever comes first (eglInitialize of an initialized display is a no-op) and is
// never terminated: eglTerminate by one device would pull it from under the others, terminating
// and re-initializing per session would reload the driver for every guest, and Mesa's dlclose of
// the driver on terminate turns its few startup allocations into leak reports with no module to
// attribute them to.
bool initialize_display(EGLDisplay display) {
  EGLint major = 0, minor = 0;
  return eglInitialize(display, &major, &minor) == EGL_TRUE;
}

}  // namespace

trace::Result<std::unique_ptr<GlDevice>> GlDevice::open(int egl_device, bool debug_contexts) {
  std::unique_ptr<GlDevice> device(new GlDevice());
  device->debug_ = debug_contexts;
  auto display = open_display(egl_device);
  if (!display) return display.error();
  if (!initialize_display(*display)) return egl_error("eglInitialize");
  device->display_ = *display;
  for (const char* ext : {"EGL_KHR_surfaceless_context", "EGL_KHR_no_config_context"}) {
    if (!has_extension(device->display_, ext)) {
      return trace::Error{trace::ErrorCode::Unsupported, std::string("EGL: ") + ext + " missing"};
    }
  }
  device->robust_ = has_extension(device->display_, "EGL_EXT_create_context_robustness");
  if (!eglBindAPI(EGL_OPENGL_API)) return egl_error("eglBindAPI(OpenGL)");
  auto root = device->make_context(EGL_NO_CONTEXT);
  if (!root) return root.error();
  device->root_ = *root;
  if (auto s = device->make_current(device->root_); !s) return s.error();
  const auto* renderer = reinterpret_cast<const char*>(glGetString(GL_RENDERER));
  const auto* version = reinterpret_cast<const char*>(glGetString(GL_VERSION));
  device->description_ = std::string(renderer ? renderer : "?") + " / " + (version ? version : "?");
  return device;
}

GlDevice::~GlDevice() {
  if (display_ == EGL_NO_DISPLAY) return;
  eglMakeCurrent(display_, EGL_NO_SURFACE, EGL_NO_SURFACE, EGL_NO_CONTEXT);
  if (root_ != EGL_NO_CONTEXT) eglDestroyContext(display_, root_);
  eglReleaseThread();
}

trace::Result<EGLContext> GlDevice::make_context(EGLContext share) {
  auto context = try_context(share, robust_);
  // Some drivers list the robustness extension yet refuse the attribute for desktop GL.
  if (!context && robust_ && share == EGL_NO_CONTEXT) {
    robust_ = false;
    context = try_context(share, false);
  }
  return context;
}

trace::Result<EGLContext> GlDevice::try_context(EGLContext share, bool robust) {
  std::vector<EGLint> attribs = {EGL_CONTEXT_MAJOR_VERSION, 4,
                                 EGL_CONTEXT_MINOR_VERSION, 5,
                                 EGL_CONTEXT_OPENGL_PROFILE_MASK,
                                 EGL_CONTEXT_OPENGL_CORE_PROFILE_BIT};
  if (debug_) attribs.insert(attribs.end(), {EGL_CONTEXT_OPENGL_DEBUG, EGL_TRUE});
  if (robust) {
    attribs.insert(attribs.end(), {EGL_CONTEXT_OPENGL_RESET_NOTIFICATION_STRATEGY_EXT,
                                   EGL_LOSE_CONTEXT_ON_RESET_EXT});
  }
  attribs.push_back(EGL_NONE);
  EGLContext context = eglCreateContext(display_, EGL_NO_CONFIG_KHR, share, attribs.data());
  if (context == EGL_NO_CONTEXT) return egl_error("eglCreateContext(GL 4.5 core)");
  return context;
}

trace::Result<EGLContext> GlDevice::create_context() { return make_context(root_); }

void GlDevice::destroy_context(EGLContext context) {
  if (context == EGL_NO_CONTEXT || context == root_) return;
  if (context == current_) {
    glFinish();
    eglMakeCurrent(display_, EGL_NO_SURFACE, EGL_NO_SURFACE, root_);
    current_ = root_;
  }
  eglDestroyContext(display_, context);
}

trace::Status GlDevice::make_current(EGLContext context) {
  if (context == current_) return {};
  if (current_ != EGL_NO_CONTEXT) glFinish();
  if (!eglMakeCurrent(display_, EGL_NO_SURFACE, EGL_NO_SURFACE, context)) {
    current_ = EGL_NO_CONTEXT;
    return egl_error("eglMakeCurrent");
  }
  current_ = context;
  return {};
}

}  // namespace vgpu::renderer
