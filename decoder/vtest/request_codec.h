// Framing, parsing and encoding of vtest requests (client -> server).
//
// A stream reader feeds frame_request() the bytes received so far; it answers how many bytes the
// next message takes (reading the parts that decide it: the header, and for TRANSFER_PUT the
// transfer header with data_size), asks for more, or rejects the stream.  parse_request() then
// turns exactly one framed message into a typed Request.  Both are pure functions of the bytes.
#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "decoder/vtest/requests.h"
#include "decoder/vtest/vtest_protocol.h"
#include "decoder/vtest/vtest_result.h"

namespace vgpu::vtest {

[[nodiscard]] Frame frame_request(std::span<const uint8_t> received, const Limits& limits = {});

// `message` must be exactly one message as framed by frame_request() and start 4-byte aligned
// (dword payloads are returned as views into it).  Checks every count and range against the
// message itself; protocol rules that need the server's state (a v3 handle must be 0, a resource
// must exist) are the server's job.
[[nodiscard]] Parsed<Request> parse_request(std::span<const uint8_t> message,
                                            const Limits& limits = {});

[[nodiscard]] MessageId request_id(const Request& request);

// The bytes a well-behaved client (Mesa) sends for `request`: length fields as Mesa writes them
// (TRANSFER_PUT2 counts its shared-memory data in the length).  TRANSFER_PUT's data must hold
// data_size bytes.
[[nodiscard]] std::vector<uint8_t> encode_request(const Request& request);

}  // namespace vgpu::vtest
