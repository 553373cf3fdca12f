// The vtest server front end: accepts guest connections on a Unix socket and serves each in its
// own thread and session.  What a session is comes from the factory: a capture proxy with its own
// upstream connection (capture_server.h) or the built-in renderer (vgpu-server).  Sessions share
// nothing the server gives them, so one client's garbage or crash ends only that client.
#pragma once

#include <atomic>
#include <chrono>
#include <functional>
#include <list>
#include <memory>
#include <mutex>
#include <string>
#include <thread>

#include "capture/unix_socket.h"
#include "capture/vtest_session.h"

namespace vgpu::capture {

// Makes the session for a new guest, or says why it cannot be served (the connection is then
// closed, which tells the guest).
using SessionFactory =
    std::function<trace::Result<std::unique_ptr<VtestSession>>(UnixSocket client, const ClientInfo&)>;

// Told when a session ends, with why (ok: the client disconnected cleanly).
using SessionEndHandler = std::function<void(const ClientInfo&, const trace::Status&)>;

class VtestServer {
 public:
  // Binds the socket and starts accepting in a background thread.
  [[nodiscard]] static trace::Result<std::unique_ptr<VtestServer>> start(
      std::string listen_path, SessionFactory make_session, SessionEndHandler on_end);
  ~VtestServer();
  VtestServer(const VtestServer&) = delete;
  VtestServer& operator=(const VtestServer&) = delete;

  // Waits until no session is active, or `timeout` passed; true if none is.
  bool wait_idle(std::chrono::milliseconds timeout);
  // Stops accepting, ends every session (their traces keep what they recorded) and joins them.
  void stop();

  [[nodiscard]] uint32_t clients_seen() const { return next_index_.load() - 1; }
  [[nodiscard]] const std::string& path() const { return listen_path_; }

 private:
  struct Active {
    std::unique_ptr<VtestSession> session;
    std::thread thread;
    std::atomic<bool> done{false};
  };
  VtestServer(std::string listen_path, UnixSocket listener, SessionFactory make_session,
              SessionEndHandler on_end);
  void accept_loop();
  void start_session(UnixSocket client);
  void reap(bool all);

  std::string listen_path_;
  UnixSocket listener_;
  SessionFactory make_session_;
  SessionEndHandler on_end_;
  std::atomic<uint32_t> next_index_{1};
  std::atomic<bool> stopping_{false};
  int wake_fd_ = -1;  // eventfd: wakes accept_loop's poll on stop()
  std::thread acceptor_;
  std::mutex mutex_;
  std::list<std::unique_ptr<Active>> sessions_;
};

}  // namespace vgpu::capture
