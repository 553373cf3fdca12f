// The vtest server front end of capture: accepts guest connections on a Unix socket and serves
// each in its own thread and session (client_session.h), each with its own upstream connection.
// Sessions share nothing but the sinks they are given, so one client's garbage or crash ends only
// that client.
#pragma once

#include <atomic>
#include <chrono>
#include <functional>
#include <list>
#include <memory>
#include <mutex>
#include <string>
#include <thread>

#include "capture/client_session.h"
#include "capture/unix_socket.h"

namespace vgpu::capture {

struct ServerOptions {
  std::string listen_path;
  std::string upstream_path;
  vtest::Limits limits;
};

// Told when a session ends, with why (ok: the client disconnected cleanly).
using SessionEndHandler = std::function<void(const ClientInfo&, const trace::Status&)>;

class CaptureServer {
 public:
  // Binds the socket and starts accepting in a background thread.
  [[nodiscard]] static trace::Result<std::unique_ptr<CaptureServer>> start(
      ServerOptions options, SinkProvider sinks, SessionEndHandler on_end);
  ~CaptureServer();
  CaptureServer(const CaptureServer&) = delete;
  CaptureServer& operator=(const CaptureServer&) = delete;

  // Waits until no session is active, or `timeout` passed; true if none is.
  bool wait_idle(std::chrono::milliseconds timeout);
  // Stops accepting, ends every session (their traces keep what they recorded) and joins them.
  void stop();

  [[nodiscard]] uint32_t clients_seen() const { return next_index_.load() - 1; }
  [[nodiscard]] const std::string& path() const { return options_.listen_path; }

 private:
  struct Active {
    std::unique_ptr<ClientSession> session;
    std::thread thread;
    std::atomic<bool> done{false};
  };
  CaptureServer(ServerOptions options, UnixSocket listener, SinkProvider sinks,
                SessionEndHandler on_end);
  void accept_loop();
  void start_session(UnixSocket client);
  void reap(bool all);

  ServerOptions options_;
  UnixSocket listener_;
  SinkProvider sinks_;
  SessionEndHandler on_end_;
  std::atomic<uint32_t> next_index_{1};
  std::atomic<bool> stopping_{false};
  int wake_fd_ = -1;  // eventfd: wakes accept_loop's poll on stop()
  std::thread acceptor_;
  std::mutex mutex_;
  std::list<std::unique_ptr<Active>> sessions_;
};

}  // namespace vgpu::capture
