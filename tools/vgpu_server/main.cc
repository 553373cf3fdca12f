// vgpu-server: a vtest server with the built-in renderer behind it, a drop-in replacement for
// virgl_test_server.  Each guest connection gets its own thread, renderer and GL context.
//
//   vgpu-server --socket-path=/tmp/.virgl_test
//   GALLIUM_DRIVER=virpipe LIBGL_ALWAYS_SOFTWARE=1 glxgears
//
// virgl_test_server's flags are accepted, so scripts written for it work unchanged; the ones
// that choose something we do not have (GLX, GLES, Venus) are refused rather than ignored.
// Exit status: 0 after SIGINT/SIGTERM, 1 when the socket or the renderer cannot be set up, 2 for
// a usage error.
#include <signal.h>

#include <CLI/CLI.hpp>
#include <cstdio>
#include <cstring>
#include <string>

#include "capture/log.h"
#include "capture/serving_session.h"
#include "capture/vtest_server.h"
#include "decoder/vtest/vtest_protocol.h"
#include "renderer/renderer.h"
#include "tools/common/signal_wait.h"

using namespace vgpu;
using capture::log_line;

namespace {

struct Options {
  std::string socket_path = vtest::kDefaultSocketPath;
  capture::ServingOptions serving;
  bool use_glx = false;
  bool use_gles = false;
  bool venus = false;
};

int run(const Options& opt) {
  const int sfd = tools::block_signals_to_fd();  // before any thread starts
  if (sfd < 0) {
    log_line(std::string("signalfd: ") + std::strerror(errno));
    return 1;
  }
  // Fail at start, not at the first guest, when the host has no usable GL.
  if (auto probe = renderer::Renderer::create(opt.serving.renderer); !probe.ok()) {
    log_line("renderer: " + probe.error().message);
    return 1;
  }
  const capture::ServingOptions serving = opt.serving;
  auto server = capture::VtestServer::start(
      opt.socket_path,
      [serving](capture::UnixSocket client, const capture::ClientInfo& info) {
        return capture::ServingSession::create(std::move(client), info, serving);
      },
      nullptr);
  if (!server.ok()) {
    log_line("--socket-path " + opt.socket_path + ": " + server.error().message);
    return 1;
  }
  log_line("listening on " + opt.socket_path + "; SIGINT or SIGTERM to stop");
  for (;;) {
    const int sig = tools::next_signal(sfd);
    if (sig == SIGINT || sig == SIGTERM) break;
  }
  server.value()->stop();
  log_line("served " + std::to_string(server.value()->clients_seen()) + " client(s)");
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  Options opt;
  renderer::Budgets& budgets = opt.serving.renderer.budgets;
  CLI::App app{"vtest server with the built-in GL renderer (a drop-in virgl_test_server)",
               "vgpu-server"};
  app.add_option("--socket-path", opt.socket_path, "where guests connect (default /tmp/.virgl_test)");
  app.add_option("--egl-device", opt.serving.renderer.egl_device,
                 "render on EGL device N (EGL_EXT_device_enumeration) instead of surfaceless Mesa");
  app.add_flag("--debug-gl", opt.serving.renderer.debug_gl,
               "log every GL error the host reports (a GL error means a missing check here)");
  app.add_option("--max-protocol-version", opt.serving.max_protocol_version,
                 "highest vtest protocol version offered (default 2)");
  app.add_option("--max-contexts", budgets.max_contexts, "per guest");
  app.add_option("--max-resources", budgets.max_resources, "per guest");
  app.add_option("--max-resource-bytes", budgets.max_resource_bytes, "one resource, all levels");
  app.add_option("--max-total-bytes", budgets.max_total_bytes, "all resources of one guest");
  app.add_option("--max-objects", budgets.max_objects_per_context, "state objects per context");
  // virgl_test_server's flags.  Ours always renders through EGL and always serves several
  // clients, each on its own thread; forking is the peer's way to the same isolation.
  bool ignored = false;
  app.add_flag("--use-egl-surfaceless,--no-fork,--no-loop-or-fork,--multi-clients,"
               "--no-virgl,--compat-profile",
               ignored, "accepted for virgl_test_server compatibility (no effect)");
  app.add_flag("--use-glx", opt.use_glx, "refused: vgpu-server renders through EGL");
  app.add_flag("--use-gles", opt.use_gles, "refused: GLES hosts are not supported yet");
  app.add_flag("--venus", opt.venus, "refused: Venus (Vulkan) is not served");
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e) == 0 ? 0 : 2;
  }
  if (opt.use_glx || opt.use_gles || opt.venus) {
    std::fprintf(stderr, "vgpu-server: %s is not supported\n",
                 opt.use_glx ? "--use-glx" : opt.use_gles ? "--use-gles" : "--venus");
    return 2;
  }
  return run(opt);
}
