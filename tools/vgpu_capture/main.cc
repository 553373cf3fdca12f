// vgpu-capture: records what real guests send over vtest into .vtrc traces, by serving them as a
// vtest server and forwarding everything to a host: our own vgpu-server by default (started on a
// private socket), or a real virgl_test_server (--upstream-spawn, --upstream SOCKET).  With
// --in-host the spawned virgl_test_server records itself instead (in_host_recording.h).
//
//   vgpu-capture -o out.vtrc -- glxgears
//   vgpu-capture -o out.vtrc --upstream-spawn -- glxgears
//   vgpu-capture -o out.vtrc --upstream-spawn --in-host -- glxgears
//   vgpu-capture -o traces/ --per-client --listen --upstream /tmp/host.sock
//
// Exit status: the command's own status; with --listen, 0 after SIGINT/SIGTERM; 2 for a usage
// error; 1 when capture itself failed (no upstream, a trace that could not be written).
#include <signal.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "capture/capture_server.h"
#include "capture/child_process.h"
#include "capture/log.h"
#include "decoder/vtest/vtest_protocol.h"
#include "tools/common/signal_wait.h"
#include "tools/vgpu_capture/in_host_recording.h"
#include "tools/vgpu_capture/trace_registry.h"

namespace fs = std::filesystem;
using namespace vgpu;
using capture::log_line;

namespace {

struct Options {
  std::string output;
  std::string upstream;
  bool upstream_spawn = false;
  bool in_host = false;
  std::string interposer;
  std::string host_preload_first;
  std::string upstream_server = "virgl_test_server";
  std::string socket;
  bool listen = false;
  bool per_client = false;
  std::string preload_shim;
  int zstd_level = 3;
  uint32_t full_frame_interval = 300;
  int64_t spin_us = capture::kDefaultSpinBudget.count();
  std::vector<std::string> command;
};

// The directory of this executable, to find the preload shim built beside it.
fs::path self_dir() {
  std::error_code ec;
  const fs::path exe = fs::read_symlink("/proc/self/exe", ec);
  return ec ? fs::path(".") : exe.parent_path();
}

// The built-in host: vgpu-server from this build, else the one installed beside us.
std::string builtin_server() {
#ifdef VGPU_SERVER_BIN
  if (fs::exists(VGPU_SERVER_BIN)) return VGPU_SERVER_BIN;
#endif
  return (self_dir() / "vgpu-server").string();
}

std::string default_interposer() {
#ifdef VGPU_INTERPOSER_LIB
  if (fs::exists(VGPU_INTERPOSER_LIB)) return VGPU_INTERPOSER_LIB;
#endif
  return (self_dir() / "libvgpu-capture-virgl.so").string();
}

std::string default_shim() {
#ifdef VGPU_REDIRECT_SHIM
  if (fs::exists(VGPU_REDIRECT_SHIM)) return VGPU_REDIRECT_SHIM;
#endif
  const fs::path beside = self_dir() / "libvgpu_vtest_socket_redirect.so";
  return fs::exists(beside) ? beside.string() : std::string();
}

// Waits until `path` accepts connections or `server` died; the spawned host needs a moment.
bool wait_for_socket(const std::string& path, capture::ChildProcess& server,
                     std::chrono::seconds timeout) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  while (std::chrono::steady_clock::now() < deadline) {
    if (server.poll()) return false;
    // The file appears at bind(); listen() follows at once.  Not probed with a connection,
    // which a forking server would answer with a child that fails on our hang-up.
    struct stat st {};
    if (::stat(path.c_str(), &st) == 0 && S_ISSOCK(st.st_mode)) {
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
      return true;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  return false;
}

int run(const Options& opt) {
  const int sfd = tools::block_signals_to_fd();  // before any thread starts
  if (sfd < 0) {
    log_line(std::string("signalfd: ") + strerror(errno));
    return 1;
  }

  // A private directory for sockets we make up.
  std::string tmpl = (fs::temp_directory_path() / "vgpu-capture-XXXXXX").string();
  if (!::mkdtemp(tmpl.data())) {
    log_line(std::string("mkdtemp: ") + strerror(errno));
    return 1;
  }
  const fs::path private_dir = tmpl;
  struct Cleanup {
    fs::path dir;
    ~Cleanup() {
      std::error_code ec;
      fs::remove_all(dir, ec);
    }
  } cleanup{private_dir};

  const std::string guest_socket = !opt.socket.empty() ? opt.socket
                                   : opt.listen        ? std::string(vtest::kDefaultSocketPath)
                                                       : (private_dir / "vtest.sock").string();
  std::string guest = opt.command.empty() ? std::string() : fs::path(opt.command[0]).filename().string();
  std::optional<tools::InHostRecording> in_host;
  if (opt.in_host) {
    in_host.emplace(tools::InHostOptions{opt.output, opt.per_client, guest, opt.interposer,
                                         opt.host_preload_first, opt.zstd_level,
                                         opt.full_frame_interval});
    if (std::string why = in_host->prepare(); !why.empty()) {
      log_line("-o " + why);
      return 1;
    }
    if (!fs::exists(opt.interposer)) {
      log_line("--interposer " + opt.interposer + ": no such file");
      return 1;
    }
    // If the host dies first, its per-guest processes (still writing traces) become ours to
    // wait for, not init's.
    ::prctl(PR_SET_CHILD_SUBREAPER, 1);
    // A socket left by an earlier run would look like the new host's at once, and a guest that
    // connected before the host rebinds it would find nobody there.
    struct stat st {};
    if (::stat(guest_socket.c_str(), &st) == 0 && S_ISSOCK(st.st_mode)) ::unlink(guest_socket.c_str());
  }

  std::optional<capture::ChildProcess> host;
  std::string upstream = opt.upstream;
  if (opt.upstream.empty()) {
    // Both hosts take virgl_test_server's flags.  In-host, guests connect to the host itself.
    const std::string server = opt.upstream_spawn ? opt.upstream_server : builtin_server();
    upstream = in_host ? guest_socket : (private_dir / "upstream.sock").string();
    std::vector<std::string> host_env = in_host ? in_host->host_env() : std::vector<std::string>{};
    // A host that inherits GALLIUM_DRIVER=virpipe (set for the guest by a wrapper script) would
    // render through vtest itself, connecting to nobody: its GL must be its own.
    if (const char* driver = std::getenv("GALLIUM_DRIVER"); driver && std::string(driver) == "virpipe") {
      host_env.emplace_back("GALLIUM_DRIVER");
    }
    auto spawned = capture::ChildProcess::spawn(
        {server, "--use-egl-surfaceless", "--socket-path=" + upstream}, host_env);
    if (!spawned.ok()) {
      log_line("--upstream-spawn: " + spawned.error().message);
      return 1;
    }
    host.emplace(std::move(spawned.value()));
    if (!wait_for_socket(upstream, *host, std::chrono::seconds(15))) {
      log_line(server + " did not open " + upstream);
      return 1;
    }
  } else {
    struct stat st {};
    if (::stat(upstream.c_str(), &st) != 0 || !S_ISSOCK(st.st_mode)) {
      log_line("--upstream " + upstream + ": no socket there");
      return 1;
    }
  }

  trace::WriterOptions writer_options;
  writer_options.level = opt.zstd_level;
  tools::TraceRegistry registry(opt.output, opt.per_client, guest, writer_options);
  std::unique_ptr<capture::VtestServer> server;  // the proxy; none in-host
  if (!in_host) {
    if (!opt.per_client) {
      if (trace::Status s = registry.open_shared(); !s.ok()) {
        log_line(s.error().message);
        return 1;
      }
    }
    auto started = capture::start_capture_server(
        {guest_socket, upstream, {}, {opt.full_frame_interval}, std::chrono::microseconds{opt.spin_us}},
        registry.provider(),
        [&registry](const capture::ClientInfo& info, const trace::Status&) { registry.client_ended(info); });
    if (!started.ok()) {
      log_line("--socket " + guest_socket + ": " + started.error().message);
      return 1;
    }
    server = std::move(started.value());
  }

  int status = 0;
  if (!opt.command.empty()) {
    std::vector<std::string> env = {"GALLIUM_DRIVER=virpipe", "LIBGL_ALWAYS_SOFTWARE=1",
                                    "VTEST_SOCKET_NAME=" + guest_socket};
    if (!opt.preload_shim.empty()) {
      const char* old = std::getenv("LD_PRELOAD");
      env.push_back("LD_PRELOAD=" + opt.preload_shim + (old && *old ? std::string(":") + old : ""));
    }
    auto child = capture::ChildProcess::spawn(opt.command, env);
    if (!child.ok()) {
      log_line(child.error().message);
      status = 127;
    } else {
      int interrupts = 0;
      for (;;) {
        const int sig = tools::next_signal(sfd);
        if (sig == SIGCHLD) {
          if (auto s = child->poll()) {
            status = *s;
            break;
          }
          if (host && host->poll()) log_line("the spawned host exited");
          continue;
        }
        // SIGINT/SIGTERM: pass it to the guest, which then exits; a second one stops waiting.
        if (++interrupts > 1) {
          status = child->terminate();
          break;
        }
        child->signal(sig);
      }
      // The guest is gone, so its connections are closing; give the sessions a moment to record
      // their last messages.
      if (server && !server->wait_idle(std::chrono::seconds(5))) {
        log_line("sessions still open 5 s after the command exited: stopping them");
      }
    }
  } else {
    log_line("listening on " + guest_socket +
             (in_host ? std::string(" (the host itself, recording in-host)") : " (upstream " + upstream + ")") +
             "; SIGINT or SIGTERM to stop");
    for (;;) {
      const int sig = tools::next_signal(sfd);
      if (sig == SIGINT || sig == SIGTERM) break;
      if (host && host->poll()) {
        log_line("the spawned host exited: stopping");
        break;
      }
    }
  }
  bool traces_ok = true;
  if (in_host) {
    // The host's per-guest processes seal their traces as their guests hang up; the host itself
    // goes after them (stopping it first would orphan them).
    // After a command, its guests are gone and their host processes are ending; a --listen stop
    // leaves guests connected that will not hang up by themselves, and no new guest may come
    // (its process would start after we looked).
    if (opt.listen) ::unlink(guest_socket.c_str());
    traces_ok = in_host->collect(host->pid(), opt.listen ? std::chrono::milliseconds(1000)
                                                         : std::chrono::milliseconds(5000));
    host->terminate();
    in_host->print_summary();
  } else {
    server->stop();
    traces_ok = registry.finalize_all();
    registry.print_summary();
    if (host) host->terminate();
  }
  if (!traces_ok) return status != 0 ? status : 1;
  return status;
}

}  // namespace

int main(int argc, char** argv) {
  // Everything after "--" is the command, untouched by option parsing.
  Options opt;
  int split = argc;
  for (int i = 1; i < argc; ++i) {
    if (std::strcmp(argv[i], "--") == 0) {
      split = i;
      break;
    }
  }
  for (int i = split + 1; i < argc; ++i) opt.command.emplace_back(argv[i]);

  CLI::App app{"Record real vtest guests (Mesa virpipe) into .vtrc traces, in front of a real host",
               "vgpu-capture"};
  app.footer("Without --upstream or --upstream-spawn the host is a private vgpu-server (the "
             "built-in renderer).\n"
             "Usage: vgpu-capture -o OUT [--upstream SOCKET | --upstream-spawn] [--socket PATH] "
             "[--listen] [--per-client] -- CMD ARGS...");
  app.add_option("-o,--output", opt.output,
                 "trace file to write; with --per-client, a directory for one trace per client")
      ->required();
  auto* up = app.add_option("--upstream", opt.upstream, "vtest socket of the host to forward to");
  auto* spawn = app.add_flag("--upstream-spawn", opt.upstream_spawn,
                             "start a private virgl_test_server --use-egl-surfaceless as the host");
  up->excludes(spawn);
  app.add_flag("--in-host", opt.in_host,
               "with --upstream-spawn: the host records itself (libvgpu-capture-virgl.so preloaded "
               "into it) and guests connect to it directly, without the proxy's extra hop per "
               "request; one trace per guest")
      ->needs(spawn);
  opt.interposer = default_interposer();
  app.add_option("--interposer", opt.interposer,
                 "the interposer library for --in-host (default: the one built beside us)");
  app.add_option("--host-preload-first", opt.host_preload_first,
                 "libraries preloaded into the --in-host host before the interposer (the sanitizer "
                 "runtime of an instrumented build)");
  app.add_option("--upstream-server", opt.upstream_server,
                 "the host program for --upstream-spawn (default: virgl_test_server)");
  app.add_option("--socket", opt.socket,
                 "where guests connect (default: a private path with a command, /tmp/.virgl_test "
                 "with --listen)");
  app.add_flag("--listen", opt.listen, "run as a daemon for long-lived guests until SIGINT/SIGTERM");
  app.add_flag("--per-client", opt.per_client, "one trace per client connection, in the -o directory");
  opt.preload_shim = default_shim();
  app.add_option("--preload-shim", opt.preload_shim,
                 "LD_PRELOAD library that points Mesa 22.3's fixed socket path at --socket "
                 "(empty: none)");
  app.add_option("--full-frames-every", opt.full_frame_interval,
                 "store a presented frame's pixels in full every N frames (default 300, and always "
                 "the first); the others as a content digest that replay still checks. 1: every "
                 "frame in full. Explicit readbacks (glReadPixels of an FBO) are always in full")
      ->check(CLI::PositiveNumber);
  app.add_option("--zstd-level", opt.zstd_level,
                 "zstd level of the trace blocks (default 3; negative levels are faster and larger; "
                 "`vgpu-trace repack` recompresses later)");
  app.add_option("--spin-us", opt.spin_us,
                 "the proxy polls up to this many microseconds for a reply or the guest's next "
                 "request before it sleeps, where recent waits were that short (capture/spin_wait.h; "
                 "default 100, at most 100000; 0: always sleep)")
      ->check(CLI::Range(int64_t{0}, int64_t{capture::kMaxSpinBudget.count()}));
  try {
    app.parse(split, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e) == 0 ? 0 : 2;
  }
  if (opt.command.empty() == !opt.listen) {
    std::fprintf(stderr, "vgpu-capture: give either a command after -- or --listen\n");
    return 2;
  }
  return run(opt);
}
