// Shared setup for the small GL guest programs in this folder: EGL surfaceless + pbuffer, a GL
// 3.3 core context through libepoxy, option parsing, readbacks that can be dumped for a capture
// test to compare with the bytes the host sent, and pixel checks that end the program on a
// mismatch.  Every failure path exits non-zero with one readable line; nothing is silently
// skipped, because a client that "passes" without checking would make capture tests meaningless.
#pragma once

#include <epoxy/egl.h>
#include <epoxy/gl.h>

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace vgpu::clients {

// Prints "<program>: FAIL: <message>" to stderr and exits with status 1.
[[noreturn]] void fail(const char* format, ...) __attribute__((format(printf, 1, 2)));

// Fails if glGetError() reports anything; `step` names what was just done.
void check_gl(const char* step);

struct Rgba {
  std::uint8_t r = 0, g = 0, b = 0, a = 0;
};

// Float colour [0,1] -> the unorm8 value GL is expected to store (round to nearest).
Rgba to_rgba8(float r, float g, float b, float a = 1.0f);

// One glReadPixels result, rows bottom first exactly as GL returned them, 4 bytes per pixel.
struct Image {
  int width = 0;
  int height = 0;
  std::vector<std::uint8_t> bytes;

  Rgba rgba_at(int x, int y) const;
  std::uint32_t u32_at(int x, int y) const;  // the packed value, for D24S8 readbacks
};

// Fails unless every channel of the pixel at (x, y) is within `tolerance` of `expected`.
void expect_pixel(const Image& image, int x, int y, Rgba expected, int tolerance,
                  const char* what);

struct ClientSpec {
  const char* name;  // program name without the "vgpu-client-" prefix
  int width;         // size of the pbuffer (the "display" the host sees)
  int height;
  int default_frames = 0;  // > 0: the program accepts --frames N
};

// Owns the EGL display, context and pbuffer; current for its whole lifetime.
class GlClient {
 public:
  // Parses the command line (exits on --help or a bad option), sets up EGL + GL and checks
  // --expect-renderer.
  GlClient(const ClientSpec& spec, int argc, char** argv);
  ~GlClient();
  GlClient(const GlClient&) = delete;
  GlClient& operator=(const GlClient&) = delete;

  int width() const { return spec_.width; }
  int height() const { return spec_.height; }
  int frames() const { return frames_; }

  // glReadPixels(GL_RGBA, GL_UNSIGNED_BYTE) of the bound read framebuffer.  `framebuffer` and
  // `attachment` only label the dump ("default"/"back", "fbo"/"color1").
  Image read_rgba(const char* framebuffer, const char* attachment, int x, int y, int width,
                  int height, const std::string& label = {});
  // glReadPixels(GL_DEPTH_STENCIL, GL_UNSIGNED_INT_24_8): depth in the top 24 bits.
  Image read_depth_stencil(const char* framebuffer, const char* attachment, int width,
                           int height, const std::string& label = {});

  // eglSwapBuffers on the pbuffer: a no-op for pixels, but it is where a real app ends a frame.
  void end_frame();

  // Prints the PASS line (with the frame rate after the first frame, for benchmarks, when there
  // were several); returns the process exit status.
  int pass();

 private:
  Image read(GLenum format, GLenum type, const char* format_name, const char* framebuffer,
             const char* attachment, int x, int y, int width, int height,
             const std::string& label);
  void record(const Image& image, const char* format_name, const char* framebuffer,
              const char* attachment, int x, int y, const std::string& label);
  void parse_args(int argc, char** argv);
  void init_egl();

  ClientSpec spec_;
  int frames_ = 0;
  std::string dump_dir_;
  std::string expect_renderer_;
  std::string renderer_;
  std::string dump_json_;  // the "readbacks" array entries so far, rewritten after each readback
  int readbacks_ = 0;
  int frames_ended_ = 0;
  std::chrono::steady_clock::time_point first_frame_end_, last_frame_end_;
  EGLDisplay display_ = EGL_NO_DISPLAY;
  EGLContext context_ = EGL_NO_CONTEXT;
  EGLSurface surface_ = EGL_NO_SURFACE;
};

// Compiles and links a vertex + fragment shader; fails with the info log on error.
GLuint build_program(const char* vertex_source, const char* fragment_source);

// Creates a buffer object bound to `target` and fills it.
GLuint make_buffer(GLenum target, const void* data, std::size_t size);

// Pixel edge -> normalized device coordinate, so rectangles land exactly on pixel boundaries
// and every pixel centre has an unambiguous expected colour.
inline float ndc(int pixel, int extent) {
  return 2.0f * static_cast<float>(pixel) / static_cast<float>(extent) - 1.0f;
}

// FNV-1a 64, the hash readbacks.json lists for each readback.
std::uint64_t fnv1a64(const std::uint8_t* data, std::size_t size);

}  // namespace vgpu::clients
