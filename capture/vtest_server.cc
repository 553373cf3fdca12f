#include "capture/vtest_server.h"

#include <poll.h>
#include <sys/eventfd.h>
#include <unistd.h>

#include "capture/log.h"

namespace vgpu::capture {

trace::Result<std::unique_ptr<VtestServer>> VtestServer::start(std::string listen_path,
                                                               SessionFactory make_session,
                                                               SessionEndHandler on_end) {
  auto listener = UnixSocket::listen(listen_path);
  if (!listener.ok()) return listener.error();
  std::unique_ptr<VtestServer> server(new VtestServer(std::move(listen_path),
                                                      std::move(listener.value()),
                                                      std::move(make_session), std::move(on_end)));
  if (server->wake_fd_ < 0) return trace::Error{trace::ErrorCode::Io, "eventfd failed"};
  server->acceptor_ = std::thread([s = server.get()] { s->accept_loop(); });
  return server;
}

VtestServer::VtestServer(std::string listen_path, UnixSocket listener, SessionFactory make_session,
                         SessionEndHandler on_end)
    : listen_path_(std::move(listen_path)),
      listener_(std::move(listener)),
      make_session_(std::move(make_session)),
      on_end_(std::move(on_end)),
      wake_fd_(::eventfd(0, EFD_CLOEXEC)) {}

VtestServer::~VtestServer() {
  stop();
  if (wake_fd_ >= 0) ::close(wake_fd_);
}

void VtestServer::accept_loop() {
  while (!stopping_) {
    pollfd fds[2] = {{listener_.fd(), POLLIN, 0}, {wake_fd_, POLLIN, 0}};
    if (::poll(fds, 2, -1) < 0) continue;  // EINTR
    if (stopping_ || (fds[1].revents & POLLIN)) break;
    if (!(fds[0].revents & POLLIN)) continue;
    auto client = listener_.accept();
    if (!client.ok()) {
      log_line("accept: " + client.error().message);
      continue;
    }
    reap(false);
    start_session(std::move(client.value()));
  }
}

void VtestServer::start_session(UnixSocket client) {
  ClientInfo info;
  info.index = next_index_++;
  info.ctx_id = info.index;  // unique within this capture, so traces holding several clients agree
  auto session = make_session_(std::move(client), info);
  if (!session.ok()) {
    log_line("client " + std::to_string(info.index) + " refused: " + session.error().message);
    if (on_end_) on_end_(info, session.error());
    return;  // the factory closed `client`, which tells the guest
  }
  auto active = std::make_unique<Active>();
  active->session = std::move(session.value());
  Active* a = active.get();
  {
    std::lock_guard lock(mutex_);
    sessions_.push_back(std::move(active));
  }
  a->thread = std::thread([this, a] {
    const trace::Status why = a->session->run();
    const ClientInfo& ended = a->session->info();
    const std::string who = "client " + std::to_string(ended.index) + " (" +
                            (ended.name.empty() ? "?" : ended.name) + ")";
    if (why.ok()) {
      log_line(who + " disconnected");
    } else {
      log_line(who + " cut off: " + why.error().message);
    }
    if (on_end_) on_end_(ended, why);
    a->done = true;
  });
}

void VtestServer::reap(bool all) {
  std::list<std::unique_ptr<Active>> finished;
  {
    std::lock_guard lock(mutex_);
    for (auto it = sessions_.begin(); it != sessions_.end();) {
      if (all || (*it)->done) {
        finished.push_back(std::move(*it));
        it = sessions_.erase(it);
      } else {
        ++it;
      }
    }
  }
  for (auto& a : finished) {
    if (a->thread.joinable()) a->thread.join();
  }
}

bool VtestServer::wait_idle(std::chrono::milliseconds timeout) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  for (;;) {
    reap(false);
    {
      std::lock_guard lock(mutex_);
      if (sessions_.empty()) return true;
    }
    if (std::chrono::steady_clock::now() >= deadline) return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
}

void VtestServer::stop() {
  if (stopping_.exchange(true)) {
    if (acceptor_.joinable()) acceptor_.join();
    return;
  }
  const uint64_t one = 1;
  [[maybe_unused]] const ssize_t n = ::write(wake_fd_, &one, sizeof one);
  if (acceptor_.joinable()) acceptor_.join();
  {
    std::lock_guard lock(mutex_);
    for (auto& a : sessions_) a->session->stop();
  }
  reap(true);
  ::unlink(listen_path_.c_str());
}

}  // namespace vgpu::capture
