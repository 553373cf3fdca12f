// The EGL display and the GL contexts made on it.
//
// Display: EGL_PLATFORM_SURFACELESS_MESA (llvmpipe unless the host has a GPU driver) or the Nth
// device of EGL_EXT_device_enumeration.  Contexts: desktop GL 4.5 core (4.5 for direct state
// access, glGetTextureSubImage and glClipControl), surfaceless, all in one share group with a
// root context, so that resources (textures, buffers) and programs are visible to every virgl
// context while container objects (framebuffers, vertex arrays) stay private to each.  When
// the driver offers it, contexts are created with lose-context-on-reset so a GPU reset is seen
// (glGetGraphicsResetStatus) and reported rather than ignored.
#pragma once

#include <epoxy/egl.h>

#include <memory>
#include <string>

#include "trace/result.h"

namespace vgpu::renderer {

class GlDevice {
 public:
  [[nodiscard]] static trace::Result<std::unique_ptr<GlDevice>> open(int egl_device,
                                                                     bool debug_contexts);
  ~GlDevice();
  GlDevice(const GlDevice&) = delete;
  GlDevice& operator=(const GlDevice&) = delete;

  // A new context sharing objects with the root context.
  [[nodiscard]] trace::Result<EGLContext> create_context();
  void destroy_context(EGLContext context);

  // Makes `context` current (no-op when it already is).  Before switching away from a
  // context, its work is finished: contexts of one share group see each other's results only
  // after that, and a readback in another context must see every earlier draw.
  [[nodiscard]] trace::Status make_current(EGLContext context);
  [[nodiscard]] EGLContext root() const { return root_; }
  [[nodiscard]] bool robust() const { return robust_; }
  [[nodiscard]] const std::string& description() const { return description_; }

 private:
  GlDevice() = default;
  [[nodiscard]] trace::Result<EGLContext> make_context(EGLContext share);
  [[nodiscard]] trace::Result<EGLContext> try_context(EGLContext share, bool robust);

  EGLDisplay display_ = EGL_NO_DISPLAY;
  EGLContext root_ = EGL_NO_CONTEXT;
  EGLContext current_ = EGL_NO_CONTEXT;
  bool robust_ = false;
  bool debug_ = false;
  std::string description_;
};

}  // namespace vgpu::renderer
