// A vtest client made of raw socket operations, for tests that must send what Mesa never would:
// it encodes well-formed requests with the codec (decoder/vtest) and sends any bytes, with or
// without a file descriptor, in any order.  Every read and write gives up after 10 s, so a test
// fails instead of hanging when capture stops answering.
#pragma once

#include <chrono>
#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "capture/unix_socket.h"
#include "capture/vtest_io.h"
#include "decoder/vtest/reply_codec.h"
#include "decoder/vtest/requests.h"

namespace vgpu::capture::testing {

class RawVtestClient {
 public:
  [[nodiscard]] static trace::Result<RawVtestClient> connect(const std::string& path);

  [[nodiscard]] trace::Status send(const vtest::Request& request);
  [[nodiscard]] trace::Status send_bytes(std::span<const uint8_t> bytes);
  // `bytes` with `fd` attached (SCM_RIGHTS) to the first of them.
  [[nodiscard]] trace::Status send_bytes_with_fd(std::span<const uint8_t> bytes, int fd);

  // Sends `request` and reads its reply as the negotiated protocol version shapes it.  The
  // reply's views are valid until the next call.
  [[nodiscard]] trace::Result<vtest::Reply> call(const vtest::Request& request);
  // Reads the reply to `request`, sent earlier by other means (send_bytes_with_fd...).
  [[nodiscard]] trace::Result<vtest::Reply> receive(const vtest::Request& request);

  // What Mesa does first: CREATE_RENDERER, PING_PROTOCOL_VERSION, RESOURCE_BUSY_WAIT (the probe
  // for old servers), PROTOCOL_VERSION, GET_CAPS2, GET_CAPS.  Checks each reply's kind.
  [[nodiscard]] trace::Status handshake(const std::string& name, uint32_t version = 2);

  // RESOURCE_CREATE2 with shared memory: the memfd the server answers with.  From protocol 3
  // the server picks the id (args.handle must be 0): last_res_id() then says which.
  [[nodiscard]] trace::Result<UniqueFd> create_resource(const vtest::ResourceCreate& args);

  // True when the peer closed this connection within `timeout` (any bytes still in flight are
  // read and dropped on the way).
  [[nodiscard]] bool closed_by_peer(std::chrono::milliseconds timeout) const;
  // Closes our end (the peer then reads end-of-stream).
  void close() { socket_ = UnixSocket(); }

  [[nodiscard]] uint32_t version() const { return version_; }
  [[nodiscard]] uint32_t last_res_id() const { return last_res_id_; }

 private:
  explicit RawVtestClient(UnixSocket socket) : socket_(std::move(socket)) {}
  UnixSocket socket_;
  uint32_t version_ = 0;
  uint32_t last_res_id_ = 0;
  AlignedBytes reply_;
};

}  // namespace vgpu::capture::testing
