// Fuzzes vgpu-server's guest side end to end: the input is the byte stream a vtest client sends.
// A client thread writes it into one end of a socketpair, then closes its writing side, and drains
// every reply (file descriptors passed with them are dropped by the kernel, since no control
// buffer is read); the other end is served by a real ServingSession: the vtest codec, shared
// memory, and the GL renderer on llvmpipe.  The session must end by itself (end of stream or a
// cut-off with a logged reason); a crash, a sanitizer report, a leak or a hang is a finding.
//
// Seeds: corpus/fuzz/server/ (vtest sessions of the corpus traces, the vtest_wire seeds without
// their config byte).  Budgets are small so that a stream cannot make the host allocate much.
#include <sys/socket.h>
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <span>
#include <thread>

#include "capture/serving_session.h"
#include "capture/unique_fd.h"
#include "capture/unix_socket.h"
#include "fuzz/mesa_env.h"

namespace {

using vgpu::capture::UniqueFd;

// Writes `bytes` (stopping early if the server hangs up), closes the writing side, then reads
// until the server closes its end.
void play_client(int fd, std::span<const uint8_t> bytes) {
  size_t sent = 0;
  while (sent < bytes.size()) {
    const ssize_t n = ::send(fd, bytes.data() + sent, bytes.size() - sent, MSG_NOSIGNAL);
    if (n <= 0) break;
    sent += static_cast<size_t>(n);
  }
  ::shutdown(fd, SHUT_WR);
  uint8_t sink[4096];
  while (::read(fd, sink, sizeof(sink)) > 0) {
  }
}

vgpu::capture::ServingOptions options() {
  vgpu::fuzz::set_mesa_environment();
  vgpu::capture::ServingOptions o;
  o.renderer.budgets.max_contexts = 4;
  o.renderer.budgets.max_resources = 256;
  o.renderer.budgets.max_resource_bytes = 16u << 20;
  o.renderer.budgets.max_total_bytes = 64u << 20;
  o.renderer.budgets.max_objects_per_context = 4096;
  // As in the renderer harness: a draw of the default budget's 2^30 vertex invocations takes
  // minutes on llvmpipe under ASan, which libFuzzer reports as a timeout (a finding of this
  // harness before the budget was set here).
  o.renderer.budgets.max_draw_invocations = 1u << 20;
  o.max_logged_diagnostics = 0;
  // One renderer for every input (each session runs on this thread): making one per input was
  // nearly all of the harness's time (18 inputs per second).
  static vgpu::capture::RendererPool renderers;
  o.renderers = &renderers;
  return o;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  int fds[2];
  if (::socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, fds) != 0) return 0;
  UniqueFd client_end(fds[0]);
  auto session = vgpu::capture::ServingSession::create(
      vgpu::capture::UnixSocket(UniqueFd(fds[1])), vgpu::capture::ClientInfo{1, 1, "fuzz", 0},
      options());
  if (!session.ok()) return 0;
  std::thread client(play_client, client_end.get(), std::span<const uint8_t>(data, size));
  (void)(*session)->run();  // ends at the stream's end or at the first cut-off
  session->reset();         // closes the server's end: the client reads end-of-stream
  client.join();
  return 0;
}
