// Replies (server -> client): what a request is answered with, framing, parsing and encoding.
//
// vtest replies are not self-describing: their shape depends on the request (a protocol-0
// TRANSFER_GET is answered by raw bytes with no header at all) and on the negotiated protocol
// version (RESOURCE_CREATE answers only from version 3).  expect_reply() resolves that once; the
// other functions take its answer.  A file descriptor, when one comes, follows the reply as a
// separate one-byte message carrying SCM_RIGHTS (vtest_send_fd): the socket layer handles it.
#pragma once

#include <cstdint>
#include <span>
#include <variant>
#include <vector>

#include "decoder/vtest/requests.h"
#include "decoder/vtest/vtest_protocol.h"
#include "decoder/vtest/vtest_result.h"

namespace vgpu::vtest {

struct ReplyExpectation {
  ReplyShape shape = ReplyShape::None;  // None: no reply bytes (an fd may still come)
  MessageId request = MessageId::GET_CAPS;
  uint32_t raw_bytes = 0;  // TransferData: the request's data_size
  bool fd = false;         // an fd message follows the reply bytes
  [[nodiscard]] bool expects_anything() const { return shape != ReplyShape::None || fd; }
};

[[nodiscard]] ReplyExpectation expect_reply(const Request& request, uint32_t protocol_version);

struct CapsReply {
  bool v2 = false;  // answer to GET_CAPS2 (id 2) rather than GET_CAPS (id 1)
  std::span<const uint8_t> caps;
};
struct PingReply {};
struct VersionReply {
  uint32_t version = 0;
};
struct BusyWaitReply {
  uint32_t busy = 0;
};
// RESOURCE_CREATE (v3), RESOURCE_CREATE2 (v3) and RESOURCE_CREATE_BLOB: the id the server chose.
struct ResourceIdReply {
  MessageId request = MessageId::RESOURCE_CREATE2;
  uint32_t res_id = 0;
};
struct TransferDataReply {
  std::span<const uint8_t> data;
};
struct ParamReply {
  uint32_t valid = 0;
  uint32_t value = 0;
};
struct CapsetReply {
  uint32_t valid = 0;
  std::span<const uint8_t> capset;  // whole dwords
};
struct SyncIdReply {
  uint32_t sync_id = 0;
};
struct SyncValueReply {
  uint64_t value = 0;
};
struct SyncWaitReply {};

using Reply = std::variant<CapsReply, PingReply, VersionReply, BusyWaitReply, ResourceIdReply,
                           TransferDataReply, ParamReply, CapsetReply, SyncIdReply,
                           SyncValueReply, SyncWaitReply>;

// Frames the reply bytes (not the fd message).  Only meaningful when expectation.shape != None.
[[nodiscard]] Frame frame_reply(const ReplyExpectation& expectation,
                                std::span<const uint8_t> received, const Limits& limits = {});
// Parses exactly one framed reply.
[[nodiscard]] Parsed<Reply> parse_reply(const ReplyExpectation& expectation,
                                        std::span<const uint8_t> message,
                                        const Limits& limits = {});
// The bytes virgl_test_server sends for `reply` (the fd, if any, is sent separately).
[[nodiscard]] std::vector<uint8_t> encode_reply(const Reply& reply);

}  // namespace vgpu::vtest
