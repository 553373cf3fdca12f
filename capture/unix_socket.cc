#include "capture/unix_socket.h"

#include <errno.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>

#include <cstring>
#include <vector>

namespace vgpu::capture {
namespace {

Error io_error(const std::string& what) {
  return Error{ErrorCode::Io, what + ": " + strerror(errno)};
}

Result<sockaddr_un> address_of(const std::string& path) {
  sockaddr_un addr{};
  addr.sun_family = AF_UNIX;
  if (path.empty() || path.size() >= sizeof(addr.sun_path)) {
    return Error{ErrorCode::InvalidArgument,
                 "socket path '" + path + "' is empty or longer than " +
                     std::to_string(sizeof(addr.sun_path) - 1) + " bytes"};
  }
  std::memcpy(addr.sun_path, path.c_str(), path.size() + 1);
  return addr;
}

Result<UniqueFd> new_socket() {
  UniqueFd fd(::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0));
  if (!fd.valid()) return io_error("socket");
  return fd;
}

}  // namespace

Result<UnixSocket> UnixSocket::listen(const std::string& path, int backlog) {
  auto addr = address_of(path);
  if (!addr) return addr.error();
  auto fd = new_socket();
  if (!fd) return fd.error();
  ::unlink(path.c_str());  // a stale socket file from an earlier run would make bind fail
  if (::bind(fd->get(), reinterpret_cast<const sockaddr*>(&addr.value()), sizeof(sockaddr_un)) != 0) {
    return io_error("bind " + path);
  }
  if (::listen(fd->get(), backlog) != 0) return io_error("listen " + path);
  return UnixSocket(std::move(fd.value()));
}

Result<UnixSocket> UnixSocket::connect(const std::string& path) {
  auto addr = address_of(path);
  if (!addr) return addr.error();
  auto fd = new_socket();
  if (!fd) return fd.error();
  int rc;
  do {
    rc = ::connect(fd->get(), reinterpret_cast<const sockaddr*>(&addr.value()), sizeof(sockaddr_un));
  } while (rc != 0 && errno == EINTR);
  if (rc != 0) return io_error("connect " + path);
  return UnixSocket(std::move(fd.value()));
}

Result<UnixSocket> UnixSocket::accept() const {
  for (;;) {
    const int fd = ::accept4(fd_.get(), nullptr, nullptr, SOCK_CLOEXEC);
    if (fd >= 0) return UnixSocket(UniqueFd(fd));
    if (errno != EINTR) return io_error("accept");
  }
}

Result<size_t> UnixSocket::read_some(std::span<uint8_t> out) const {
  for (;;) {
    const ssize_t n = ::read(fd_.get(), out.data(), out.size());
    if (n >= 0) return static_cast<size_t>(n);
    // A peer killed with unread data in its queue resets the connection: it is gone all the same.
    if (errno == ECONNRESET) return size_t{0};
    if (errno != EINTR) return io_error("read");
  }
}

Status UnixSocket::read_exact(std::span<uint8_t> out, const char* what) const {
  size_t done = 0;
  while (done < out.size()) {
    auto n = read_some(out.subspan(done));
    if (!n) return n.error();
    if (*n == 0) {
      return Error{ErrorCode::Io, std::string("connection closed after ") + std::to_string(done) +
                                      " of " + std::to_string(out.size()) + " bytes of " + what};
    }
    done += *n;
  }
  return {};
}

Status UnixSocket::write_all(std::span<const uint8_t> bytes) const {
  size_t done = 0;
  while (done < bytes.size()) {
    // MSG_NOSIGNAL: a peer that went away is an error to report, not a SIGPIPE that kills us.
    const ssize_t n = ::send(fd_.get(), bytes.data() + done, bytes.size() - done, MSG_NOSIGNAL);
    if (n < 0) {
      if (errno == EINTR) continue;
      return io_error("write");
    }
    done += static_cast<size_t>(n);
  }
  return {};
}

Status UnixSocket::send_fd(int fd) const {
  char byte = 0;
  iovec iov{&byte, 1};
  alignas(cmsghdr) char control[CMSG_SPACE(sizeof(int))] = {};
  msghdr msg{};
  msg.msg_iov = &iov;
  msg.msg_iovlen = 1;
  msg.msg_control = control;
  msg.msg_controllen = sizeof(control);
  cmsghdr* c = CMSG_FIRSTHDR(&msg);
  c->cmsg_level = SOL_SOCKET;
  c->cmsg_type = SCM_RIGHTS;
  c->cmsg_len = CMSG_LEN(sizeof(int));
  std::memcpy(CMSG_DATA(c), &fd, sizeof(int));
  for (;;) {
    if (::sendmsg(fd_.get(), &msg, MSG_NOSIGNAL) == 1) return {};
    if (errno != EINTR) return io_error("sendmsg (fd)");
  }
}

Result<UniqueFd> UnixSocket::receive_fd() const {
  char byte;
  iovec iov{&byte, 1};
  // Room for a few descriptors so that a peer sending several is detected and cleaned up.
  constexpr size_t kMaxFds = 8;
  alignas(cmsghdr) char control[CMSG_SPACE(sizeof(int) * kMaxFds)] = {};
  msghdr msg{};
  msg.msg_iov = &iov;
  msg.msg_iovlen = 1;
  msg.msg_control = control;
  msg.msg_controllen = sizeof(control);
  ssize_t n;
  do {
    n = ::recvmsg(fd_.get(), &msg, MSG_CMSG_CLOEXEC);
  } while (n < 0 && errno == EINTR);
  if (n < 0) return io_error("recvmsg (fd)");
  if (n == 0) return Error{ErrorCode::Io, "connection closed where a file descriptor was due"};
  std::vector<int> fds;
  for (cmsghdr* c = CMSG_FIRSTHDR(&msg); c; c = CMSG_NXTHDR(&msg, c)) {
    if (c->cmsg_level != SOL_SOCKET || c->cmsg_type != SCM_RIGHTS) continue;
    const size_t count = (c->cmsg_len - CMSG_LEN(0)) / sizeof(int);
    for (size_t i = 0; i < count; ++i) {
      int fd;
      std::memcpy(&fd, CMSG_DATA(c) + i * sizeof(int), sizeof(int));
      fds.push_back(fd);
    }
  }
  if (fds.size() != 1 || (msg.msg_flags & MSG_CTRUNC)) {
    for (int fd : fds) ::close(fd);
    return Error{ErrorCode::Corrupt, "expected one file descriptor, received " +
                                         std::to_string(fds.size()) +
                                         ((msg.msg_flags & MSG_CTRUNC) ? " (truncated)" : "")};
  }
  return UniqueFd(fds[0]);
}

void UnixSocket::shutdown() const {
  if (fd_.valid()) ::shutdown(fd_.get(), SHUT_RDWR);
}

}  // namespace vgpu::capture
