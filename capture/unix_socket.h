// A Unix stream socket and the two operations vtest needs beyond plain bytes: passing a file
// descriptor (SCM_RIGHTS on a one-byte message, as vtest_send_fd does) and reading exactly N bytes.
//
// Why no read-ahead here: a file descriptor rides on one byte of the stream, and a plain read()
// that swallows that byte silently drops the descriptor.  Readers that may meet an fd read exactly
// what the protocol says comes next (see MessageReader for the buffered side).
#pragma once

#include <cstdint>
#include <span>
#include <string>

#include "capture/unique_fd.h"
#include "trace/result.h"

namespace vgpu::capture {

using trace::Error;
using trace::ErrorCode;
using trace::Result;
using trace::Status;

class UnixSocket {
 public:
  UnixSocket() = default;
  explicit UnixSocket(UniqueFd fd) : fd_(std::move(fd)) {}

  // Binds and listens on `path`, replacing a stale socket file there.
  [[nodiscard]] static Result<UnixSocket> listen(const std::string& path, int backlog = 64);
  [[nodiscard]] static Result<UnixSocket> connect(const std::string& path);
  [[nodiscard]] Result<UnixSocket> accept() const;

  [[nodiscard]] int fd() const { return fd_.get(); }
  [[nodiscard]] bool valid() const { return fd_.valid(); }

  // Reads what is there (at most out.size(), at least 1 byte unless the peer closed or reset the
  // connection: then 0).
  [[nodiscard]] Result<size_t> read_some(std::span<uint8_t> out) const;
  // Reads exactly out.size() bytes; a peer that closes first is an error naming `what`.
  [[nodiscard]] Status read_exact(std::span<uint8_t> out, const char* what) const;
  [[nodiscard]] Status write_all(std::span<const uint8_t> bytes) const;
  // One byte carrying one descriptor, and its counterpart; a message with no or several
  // descriptors is an error (extra ones are closed, never leaked).
  [[nodiscard]] Status send_fd(int fd) const;
  [[nodiscard]] Result<UniqueFd> receive_fd() const;
  // Wakes any thread blocked on this socket (used to stop sessions on SIGINT).
  void shutdown() const;

 private:
  UniqueFd fd_;
};

}  // namespace vgpu::capture
