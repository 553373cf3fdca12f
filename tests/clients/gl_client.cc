#include "tests/clients/gl_client.h"

#include <cmath>
#include <cstdarg>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>

namespace vgpu::clients {
namespace {

std::string g_program = "vgpu-client";

[[noreturn]] void usage(const ClientSpec& spec, int status) {
  std::fprintf(status == 0 ? stdout : stderr,
               "usage: vgpu-client-%s [--dump DIR] [--expect-renderer TEXT]%s\n"
               "  --dump DIR              write every readback to DIR/readback-<n>.rgba and\n"
               "                          DIR/readbacks.json\n"
               "  --expect-renderer TEXT  fail unless GL_RENDERER contains TEXT\n"
               "                          (proves which driver the run went through)\n"
               "%s",
               spec.name, spec.default_frames > 0 ? " [--frames N]" : "",
               spec.default_frames > 0 ? "  --frames N              number of frames to draw\n"
                                       : "");
  std::exit(status);
}

const char* egl_error_name(EGLint error) {
  switch (error) {
    case EGL_SUCCESS: return "EGL_SUCCESS";
    case EGL_NOT_INITIALIZED: return "EGL_NOT_INITIALIZED";
    case EGL_BAD_ACCESS: return "EGL_BAD_ACCESS";
    case EGL_BAD_ALLOC: return "EGL_BAD_ALLOC";
    case EGL_BAD_ATTRIBUTE: return "EGL_BAD_ATTRIBUTE";
    case EGL_BAD_CONFIG: return "EGL_BAD_CONFIG";
    case EGL_BAD_CONTEXT: return "EGL_BAD_CONTEXT";
    case EGL_BAD_DISPLAY: return "EGL_BAD_DISPLAY";
    case EGL_BAD_MATCH: return "EGL_BAD_MATCH";
    case EGL_BAD_PARAMETER: return "EGL_BAD_PARAMETER";
    case EGL_BAD_SURFACE: return "EGL_BAD_SURFACE";
    default: return "unknown EGL error";
  }
}

[[noreturn]] void fail_egl(const char* step) {
  const EGLint error = eglGetError();
  fail("%s failed: %s (0x%04x)", step, egl_error_name(error), static_cast<unsigned>(error));
}

const char* gl_error_name(GLenum error) {
  switch (error) {
    case GL_INVALID_ENUM: return "GL_INVALID_ENUM";
    case GL_INVALID_VALUE: return "GL_INVALID_VALUE";
    case GL_INVALID_OPERATION: return "GL_INVALID_OPERATION";
    case GL_INVALID_FRAMEBUFFER_OPERATION: return "GL_INVALID_FRAMEBUFFER_OPERATION";
    case GL_OUT_OF_MEMORY: return "GL_OUT_OF_MEMORY";
    default: return "unknown GL error";
  }
}

std::string gl_string(GLenum name) {
  const auto* text = reinterpret_cast<const char*>(glGetString(name));
  return text != nullptr ? text : "";
}

// Labels and the renderer string are ours or the driver's, but escape them anyway so the index
// always parses.
std::string json_escape(const std::string& text) {
  std::string out;
  for (const char c : text) {
    if (c == '"' || c == '\\') {
      out += '\\';
      out += c;
    } else if (static_cast<unsigned char>(c) < 0x20) {
      char code[8];
      std::snprintf(code, sizeof code, "\\u%04x", static_cast<unsigned>(c));
      out += code;
    } else {
      out += c;
    }
  }
  return out;
}

GLuint compile(GLenum stage, const char* source) {
  const GLuint shader = glCreateShader(stage);
  glShaderSource(shader, 1, &source, nullptr);
  glCompileShader(shader);
  GLint ok = GL_FALSE;
  glGetShaderiv(shader, GL_COMPILE_STATUS, &ok);
  if (ok != GL_TRUE) {
    char log[2048] = {};
    glGetShaderInfoLog(shader, sizeof log, nullptr, log);
    fail("%s shader does not compile: %s",
         stage == GL_VERTEX_SHADER ? "vertex" : "fragment", log);
  }
  return shader;
}

}  // namespace

void fail(const char* format, ...) {
  std::fprintf(stderr, "%s: FAIL: ", g_program.c_str());
  va_list args;
  va_start(args, format);
  std::vfprintf(stderr, format, args);
  va_end(args);
  std::fputc('\n', stderr);
  std::exit(1);
}

void check_gl(const char* step) {
  const GLenum error = glGetError();
  if (error != GL_NO_ERROR) {
    fail("GL error after %s: %s (0x%04x)", step, gl_error_name(error),
         static_cast<unsigned>(error));
  }
}

Rgba to_rgba8(float r, float g, float b, float a) {
  auto unorm = [](float v) { return static_cast<std::uint8_t>(std::lround(v * 255.0f)); };
  return {unorm(r), unorm(g), unorm(b), unorm(a)};
}

Rgba Image::rgba_at(int x, int y) const {
  const std::uint8_t* p = &bytes[static_cast<std::size_t>(y * width + x) * 4];
  return {p[0], p[1], p[2], p[3]};
}

std::uint32_t Image::u32_at(int x, int y) const {
  std::uint32_t value;
  std::memcpy(&value, &bytes[static_cast<std::size_t>(y * width + x) * 4], sizeof value);
  return value;
}

void expect_pixel(const Image& image, int x, int y, Rgba expected, int tolerance,
                  const char* what) {
  if (x < 0 || y < 0 || x >= image.width || y >= image.height) {
    fail("%s: pixel (%d,%d) is outside the %dx%d readback", what, x, y, image.width,
         image.height);
  }
  const Rgba got = image.rgba_at(x, y);
  auto off = [tolerance](std::uint8_t a, std::uint8_t b) { return std::abs(a - b) > tolerance; };
  if (off(got.r, expected.r) || off(got.g, expected.g) || off(got.b, expected.b) ||
      off(got.a, expected.a)) {
    fail("%s: pixel (%d,%d) is (%u,%u,%u,%u), expected (%u,%u,%u,%u) +-%d", what, x, y, got.r,
         got.g, got.b, got.a, expected.r, expected.g, expected.b, expected.a, tolerance);
  }
}

GlClient::GlClient(const ClientSpec& spec, int argc, char** argv) : spec_(spec) {
  g_program = std::string("vgpu-client-") + spec.name;
  frames_ = spec.default_frames;
  parse_args(argc, argv);
  init_egl();
}

GlClient::~GlClient() {
  eglMakeCurrent(display_, EGL_NO_SURFACE, EGL_NO_SURFACE, EGL_NO_CONTEXT);
  eglDestroySurface(display_, surface_);
  eglDestroyContext(display_, context_);
  eglTerminate(display_);
}

void GlClient::parse_args(int argc, char** argv) {
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    auto value = [&]() -> std::string {
      if (i + 1 >= argc) {
        std::fprintf(stderr, "%s: %s needs a value\n", g_program.c_str(), arg.c_str());
        usage(spec_, 2);
      }
      return argv[++i];
    };
    if (arg == "-h" || arg == "--help") {
      usage(spec_, 0);
    } else if (arg == "--dump") {
      dump_dir_ = value();
    } else if (arg == "--expect-renderer") {
      expect_renderer_ = value();
    } else if (arg == "--frames" && spec_.default_frames > 0) {
      const std::string text = value();
      char* end = nullptr;
      const long n = std::strtol(text.c_str(), &end, 10);
      if (end == text.c_str() || *end != '\0' || n < 1 || n > 10000) {
        std::fprintf(stderr, "%s: --frames wants 1..10000, got '%s'\n", g_program.c_str(),
                     text.c_str());
        usage(spec_, 2);
      }
      frames_ = static_cast<int>(n);
    } else {
      std::fprintf(stderr, "%s: unknown option '%s'\n", g_program.c_str(), arg.c_str());
      usage(spec_, 2);
    }
  }
  if (!dump_dir_.empty()) {
    std::error_code error;
    std::filesystem::create_directories(dump_dir_, error);
    if (error) fail("cannot create dump directory %s: %s", dump_dir_.c_str(),
                    error.message().c_str());
  }
}

void GlClient::init_egl() {
  // The surfaceless platform needs no window system and no DRM node, so the same binary runs on
  // a CI container (llvmpipe) and through virpipe.
  if (!epoxy_has_egl_extension(EGL_NO_DISPLAY, "EGL_MESA_platform_surfaceless")) {
    fail("EGL client extension EGL_MESA_platform_surfaceless is missing (Mesa's libEGL needed)");
  }
  display_ = eglGetPlatformDisplayEXT(EGL_PLATFORM_SURFACELESS_MESA, EGL_DEFAULT_DISPLAY,
                                      nullptr);
  if (display_ == EGL_NO_DISPLAY) fail_egl("eglGetPlatformDisplayEXT(surfaceless)");
  EGLint major = 0, minor = 0;
  if (!eglInitialize(display_, &major, &minor)) fail_egl("eglInitialize");
  if (!eglBindAPI(EGL_OPENGL_API)) fail_egl("eglBindAPI(EGL_OPENGL_API)");

  // Alpha 8 so readbacks carry a real alpha channel; no depth: the default framebuffer is only
  // the display image, depth/stencil work happens in FBOs.
  const EGLint config_attribs[] = {EGL_SURFACE_TYPE, EGL_PBUFFER_BIT,
                                   EGL_RENDERABLE_TYPE, EGL_OPENGL_BIT,
                                   EGL_RED_SIZE, 8, EGL_GREEN_SIZE, 8, EGL_BLUE_SIZE, 8,
                                   EGL_ALPHA_SIZE, 8, EGL_NONE};
  EGLConfig config = nullptr;
  EGLint count = 0;
  if (!eglChooseConfig(display_, config_attribs, &config, 1, &count)) fail_egl("eglChooseConfig");
  if (count < 1) fail("no RGBA8 pbuffer EGLConfig for desktop GL");

  const EGLint context_attribs[] = {EGL_CONTEXT_MAJOR_VERSION, 3, EGL_CONTEXT_MINOR_VERSION, 3,
                                    EGL_CONTEXT_OPENGL_PROFILE_MASK,
                                    EGL_CONTEXT_OPENGL_CORE_PROFILE_BIT, EGL_NONE};
  context_ = eglCreateContext(display_, config, EGL_NO_CONTEXT, context_attribs);
  if (context_ == EGL_NO_CONTEXT) fail_egl("eglCreateContext(GL 3.3 core)");

  const EGLint surface_attribs[] = {EGL_WIDTH, spec_.width, EGL_HEIGHT, spec_.height, EGL_NONE};
  surface_ = eglCreatePbufferSurface(display_, config, surface_attribs);
  if (surface_ == EGL_NO_SURFACE) fail_egl("eglCreatePbufferSurface");
  if (!eglMakeCurrent(display_, surface_, surface_, context_)) fail_egl("eglMakeCurrent");

  renderer_ = gl_string(GL_RENDERER);
  std::printf("%s: GL_RENDERER=%s GL_VERSION=%s (EGL %d.%d)\n", g_program.c_str(),
              renderer_.c_str(), gl_string(GL_VERSION).c_str(), major, minor);
  if (!expect_renderer_.empty() && renderer_.find(expect_renderer_) == std::string::npos) {
    fail("GL_RENDERER '%s' does not contain '%s': the run did not go through the expected "
         "driver",
         renderer_.c_str(), expect_renderer_.c_str());
  }
  // A pbuffer has only a back buffer; say so explicitly rather than rely on the default.
  glReadBuffer(GL_BACK);
  glDrawBuffer(GL_BACK);
  glViewport(0, 0, spec_.width, spec_.height);
  check_gl("context setup");
}

Image GlClient::read_rgba(const char* framebuffer, const char* attachment, int x, int y,
                          int width, int height, const std::string& label) {
  return read(GL_RGBA, GL_UNSIGNED_BYTE, "rgba8", framebuffer, attachment, x, y, width, height,
              label);
}

Image GlClient::read_depth_stencil(const char* framebuffer, const char* attachment, int width,
                                   int height, const std::string& label) {
  return read(GL_DEPTH_STENCIL, GL_UNSIGNED_INT_24_8, "d24s8", framebuffer, attachment, 0, 0,
              width, height, label);
}

Image GlClient::read(GLenum format, GLenum type, const char* format_name,
                     const char* framebuffer, const char* attachment, int x, int y, int width,
                     int height, const std::string& label) {
  Image image;
  image.width = width;
  image.height = height;
  image.bytes.assign(static_cast<std::size_t>(width * height) * 4, 0);
  // Tight rows: 4-byte pixels already satisfy alignment 4; no pack buffer so bytes land here.
  glBindBuffer(GL_PIXEL_PACK_BUFFER, 0);
  glPixelStorei(GL_PACK_ALIGNMENT, 4);
  glPixelStorei(GL_PACK_ROW_LENGTH, 0);
  glReadPixels(x, y, width, height, format, type, image.bytes.data());
  check_gl("glReadPixels");
  record(image, format_name, framebuffer, attachment, x, y, label);
  return image;
}

void GlClient::record(const Image& image, const char* format_name, const char* framebuffer,
                      const char* attachment, int x, int y, const std::string& label) {
  const int index = readbacks_++;
  if (dump_dir_.empty()) return;
  const std::string file = "readback-" + std::to_string(index) + ".rgba";
  const std::filesystem::path dir(dump_dir_);
  {
    std::ofstream out(dir / file, std::ios::binary | std::ios::trunc);
    out.write(reinterpret_cast<const char*>(image.bytes.data()),
              static_cast<std::streamsize>(image.bytes.size()));
    if (!out) fail("cannot write %s", (dir / file).c_str());
  }
  char hash[17];
  std::snprintf(hash, sizeof hash, "%016llx",
                static_cast<unsigned long long>(fnv1a64(image.bytes.data(), image.bytes.size())));
  auto field = [](const char* name, const std::string& value) {
    return std::string("\"") + name + "\": \"" + json_escape(value) + "\"";
  };
  auto number = [](const char* name, int value) {
    return std::string("\"") + name + "\": " + std::to_string(value);
  };
  if (index > 0) dump_json_ += ",\n";
  dump_json_ += "    {" + number("index", index) + ", " + field("file", file) + ", " +
                number("width", image.width) + ", " + number("height", image.height) + ", " +
                number("x", x) + ", " + number("y", y) + ", " + field("format", format_name) +
                ", " + field("framebuffer", framebuffer) + ", " +
                field("attachment", attachment) + ", " + field("label", label) + ", " +
                field("fnv1a64", hash) + "}";
  // Rewritten after every readback so a run that fails a check still leaves a valid index of
  // what it read so far; written aside and renamed, so that a reader (a test snapshotting a
  // running client) never sees a torn file.
  const auto tmp = dir / "readbacks.json.tmp";
  {
    std::ofstream json(tmp, std::ios::trunc);
    json << "{\n  \"client\": \"" << spec_.name << "\",\n  \"renderer\": \""
         << json_escape(renderer_) << "\",\n  \"row_order\": \"bottom-up\",\n"
         << "  \"bytes_per_pixel\": 4,\n"
         << "  \"readbacks\": [\n" << dump_json_ << "\n  ]\n}\n";
    if (!json.flush()) fail("cannot write %s", tmp.c_str());
  }
  std::error_code ec;
  std::filesystem::rename(tmp, dir / "readbacks.json", ec);
  if (ec) fail("cannot write %s: %s", (dir / "readbacks.json").c_str(), ec.message().c_str());
}

void GlClient::end_frame() {
  if (!eglSwapBuffers(display_, surface_)) fail_egl("eglSwapBuffers");
  // The first frame carries the start-up (shader compiles, first uploads), as glxgears' first
  // report does; the rate is timed from its end.
  last_frame_end_ = std::chrono::steady_clock::now();
  if (frames_ended_++ == 0) first_frame_end_ = last_frame_end_;
}

int GlClient::pass() {
  check_gl("the last GL call");
  if (frames_ended_ < 2) {
    std::printf("%s: PASS (%d readbacks)\n", g_program.c_str(), readbacks_);
    return 0;
  }
  const double seconds = std::chrono::duration<double>(last_frame_end_ - first_frame_end_).count();
  std::printf("%s: PASS (%d readbacks; %.1f frames/s after the first)\n", g_program.c_str(),
              readbacks_, (frames_ended_ - 1) / seconds);
  return 0;
}

GLuint build_program(const char* vertex_source, const char* fragment_source) {
  const GLuint vs = compile(GL_VERTEX_SHADER, vertex_source);
  const GLuint fs = compile(GL_FRAGMENT_SHADER, fragment_source);
  const GLuint program = glCreateProgram();
  glAttachShader(program, vs);
  glAttachShader(program, fs);
  glLinkProgram(program);
  GLint ok = GL_FALSE;
  glGetProgramiv(program, GL_LINK_STATUS, &ok);
  if (ok != GL_TRUE) {
    char log[2048] = {};
    glGetProgramInfoLog(program, sizeof log, nullptr, log);
    fail("program does not link: %s", log);
  }
  glDeleteShader(vs);
  glDeleteShader(fs);
  check_gl("build_program");
  return program;
}

GLuint make_buffer(GLenum target, const void* data, std::size_t size) {
  GLuint buffer = 0;
  glGenBuffers(1, &buffer);
  glBindBuffer(target, buffer);
  glBufferData(target, static_cast<GLsizeiptr>(size), data, GL_STATIC_DRAW);
  check_gl("make_buffer");
  return buffer;
}

std::uint64_t fnv1a64(const std::uint8_t* data, std::size_t size) {
  std::uint64_t hash = 0xcbf29ce484222325ull;
  for (std::size_t i = 0; i < size; ++i) {
    hash ^= data[i];
    hash *= 0x100000001b3ull;
  }
  return hash;
}

}  // namespace vgpu::clients
