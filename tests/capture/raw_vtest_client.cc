#include "tests/capture/raw_vtest_client.h"

#include <poll.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "decoder/vtest/request_codec.h"

namespace vgpu::capture::testing {
namespace {

using trace::Error;
using trace::ErrorCode;

constexpr timeval kIoTimeout{10, 0};

template <class T>
trace::Status expect_kind(const trace::Result<vtest::Reply>& reply, const char* what) {
  if (!reply.ok()) return Error{reply.error().code, std::string(what) + ": " + reply.error().message};
  if (!std::holds_alternative<T>(reply.value())) {
    return Error{ErrorCode::Corrupt, std::string(what) + ": unexpected kind of reply"};
  }
  return {};
}

}  // namespace

trace::Result<RawVtestClient> RawVtestClient::connect(const std::string& path) {
  auto socket = UnixSocket::connect(path);
  if (!socket.ok()) return socket.error();
  for (int option : {SO_RCVTIMEO, SO_SNDTIMEO}) {
    if (::setsockopt(socket.value().fd(), SOL_SOCKET, option, &kIoTimeout, sizeof kIoTimeout) != 0) {
      return Error{ErrorCode::Io, std::string("setsockopt: ") + std::strerror(errno)};
    }
  }
  return RawVtestClient(std::move(socket.value()));
}

trace::Status RawVtestClient::send(const vtest::Request& request) {
  return send_bytes(vtest::encode_request(request));
}

trace::Status RawVtestClient::send_bytes(std::span<const uint8_t> bytes) {
  return socket_.write_all(bytes);
}

trace::Status RawVtestClient::send_bytes_with_fd(std::span<const uint8_t> bytes, int fd) {
  if (bytes.empty()) return Error{ErrorCode::InvalidArgument, "an fd needs at least one byte"};
  iovec iov{const_cast<uint8_t*>(bytes.data()), 1};
  alignas(cmsghdr) char control[CMSG_SPACE(sizeof(int))] = {};
  msghdr msg{};
  msg.msg_iov = &iov;
  msg.msg_iovlen = 1;
  msg.msg_control = control;
  msg.msg_controllen = sizeof control;
  cmsghdr* c = CMSG_FIRSTHDR(&msg);
  c->cmsg_level = SOL_SOCKET;
  c->cmsg_type = SCM_RIGHTS;
  c->cmsg_len = CMSG_LEN(sizeof(int));
  std::memcpy(CMSG_DATA(c), &fd, sizeof fd);
  if (::sendmsg(socket_.fd(), &msg, MSG_NOSIGNAL) != 1) {
    return Error{ErrorCode::Io, std::string("sendmsg: ") + std::strerror(errno)};
  }
  return send_bytes(bytes.subspan(1));
}

trace::Result<vtest::Reply> RawVtestClient::call(const vtest::Request& request) {
  if (trace::Status s = send(request); !s.ok()) return s.error();
  return receive(request);
}

trace::Result<vtest::Reply> RawVtestClient::receive(const vtest::Request& request) {
  const vtest::ReplyExpectation e = vtest::expect_reply(request, version_);
  if (e.shape == vtest::ReplyShape::None) {
    return Error{ErrorCode::InvalidArgument, "call(): the request has no reply"};
  }
  size_t size = 0;
  if (trace::Status s = read_reply(socket_, e, {}, reply_, size); !s.ok()) return s.error();
  auto parsed = vtest::parse_reply(e, {reply_.data(), size});
  if (!parsed.ok()) return Error{ErrorCode::Corrupt, parsed.error().message};
  if (const auto* v = std::get_if<vtest::VersionReply>(&parsed.value())) version_ = v->version;
  return std::move(parsed.value());
}

trace::Status RawVtestClient::handshake(const std::string& name, uint32_t version) {
  if (trace::Status s = send(vtest::CreateRenderer{name}); !s.ok()) return s;
  if (auto s = expect_kind<vtest::PingReply>(call(vtest::PingProtocolVersion{}), "PING"); !s.ok()) return s;
  if (auto s = expect_kind<vtest::BusyWaitReply>(call(vtest::ResourceBusyWait{0, 0}), "BUSY_WAIT"); !s.ok()) {
    return s;
  }
  if (auto s = expect_kind<vtest::VersionReply>(call(vtest::ProtocolVersion{version}), "PROTOCOL_VERSION");
      !s.ok()) {
    return s;
  }
  if (version_ != version) {
    return Error{ErrorCode::Unsupported, "negotiated protocol version " + std::to_string(version_) +
                                             ", wanted " + std::to_string(version)};
  }
  if (auto s = expect_kind<vtest::CapsReply>(call(vtest::GetCaps2{}), "GET_CAPS2"); !s.ok()) return s;
  return expect_kind<vtest::CapsReply>(call(vtest::GetCaps{}), "GET_CAPS");
}

trace::Result<UniqueFd> RawVtestClient::create_resource(const vtest::ResourceCreate& args) {
  vtest::ResourceCreate r = args;
  r.v2 = true;
  if (vtest::expect_reply(r, version_).shape == vtest::ReplyShape::None) {
    if (trace::Status s = send(r); !s.ok()) return s.error();
  } else {  // protocol 3: the host picks the id and says it first
    auto reply = call(r);
    if (!reply.ok()) return reply.error();
    const auto* id = std::get_if<vtest::ResourceIdReply>(&reply.value());
    if (!id) return Error{ErrorCode::Corrupt, "RESOURCE_CREATE2: unexpected kind of reply"};
    last_res_id_ = id->res_id;
  }
  return socket_.receive_fd();
}

bool RawVtestClient::closed_by_peer(std::chrono::milliseconds timeout) const {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  for (;;) {
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
        deadline - std::chrono::steady_clock::now());
    if (left.count() <= 0) return false;
    pollfd p{socket_.fd(), POLLIN, 0};
    if (::poll(&p, 1, static_cast<int>(left.count())) <= 0) continue;
    uint8_t buf[4096];
    const ssize_t n = ::recv(socket_.fd(), buf, sizeof buf, MSG_DONTWAIT);
    if (n == 0 || (n < 0 && errno == ECONNRESET)) return true;
  }
}

}  // namespace vgpu::capture::testing
