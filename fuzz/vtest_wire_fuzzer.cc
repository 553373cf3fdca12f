// Fuzzes the vtest codec (decoder/vtest/) the way a server meets it: a byte stream from a client,
// each request framed, parsed and answered.  Input: one config byte (bits 0-1: the negotiated
// protocol version, so every reply shape is reached), then the stream.  After each request whose
// reply has bytes, the next bytes of the input are framed and parsed as that reply, so both
// directions are fuzzed from one input.  Every parsed view is read in full (ASan sees a bad one)
// and every parsed request is re-encoded (the encoder must accept whatever the parser produced).
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <span>
#include <vector>

#include "decoder/vtest/reply_codec.h"
#include "decoder/vtest/request_codec.h"

namespace {

using namespace vgpu::vtest;

uint64_t touch(std::span<const uint8_t> bytes) {
  uint64_t sum = 0;
  for (uint8_t b : bytes) sum += b;
  return sum;
}

uint64_t touch(const Request& request) {
  uint64_t sum = 0;
  std::visit(
      [&](const auto& r) {
        if constexpr (requires { r.data; }) sum += touch(r.data);
        if constexpr (requires { r.dwords; }) {
          for (uint32_t v : r.dwords) sum += v;
        }
        if constexpr (requires { r.name; }) sum += r.name.size();
        if constexpr (requires { r.batches; }) {
          for (const auto& b : r.batches) {
            for (uint32_t v : b.commands) sum += v;
            for (const auto& p : b.syncs) sum += p.value;
          }
        }
      },
      request);
  return sum + encode_request(request).size();
}

uint64_t touch(const Reply& reply) {
  uint64_t sum = 0;
  std::visit(
      [&](const auto& r) {
        if constexpr (requires { r.caps; }) sum += touch(r.caps);
        if constexpr (requires { r.capset; }) sum += touch(r.capset);
        if constexpr (requires { r.data; }) sum += touch(r.data);
      },
      reply);
  return sum + encode_reply(reply).size();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size < 1) return 0;
  const uint32_t version = data[0] & 3;
  std::span<const uint8_t> rest{data + 1, size - 1};
  // Small limits keep allocations bounded while every limit check stays reachable.
  Limits limits;
  limits.max_message_bytes = 1u << 16;
  limits.max_name_bytes = 1u << 12;
  limits.max_caps_bytes = 1u << 12;
  std::vector<uint32_t> aligned;  // parse_request wants 4-byte aligned messages
  volatile uint64_t sink = 0;
  for (int messages = 0; messages < 64 && !rest.empty(); ++messages) {
    const Frame frame = frame_request(rest, limits);
    if (frame.state != Frame::State::Sized || frame.bytes > rest.size()) break;
    aligned.assign((frame.bytes + 3) / 4, 0);
    std::memcpy(aligned.data(), rest.data(), frame.bytes);
    const std::span<const uint8_t> message{reinterpret_cast<const uint8_t*>(aligned.data()), frame.bytes};
    rest = rest.subspan(frame.bytes);
    auto request = parse_request(message, limits);
    if (!request.ok()) break;
    sink = sink + touch(request.value());
    const ReplyExpectation expected = expect_reply(request.value(), version);
    if (expected.shape == ReplyShape::None) continue;
    const Frame reply_frame = frame_reply(expected, rest, limits);
    if (reply_frame.state != Frame::State::Sized || reply_frame.bytes > rest.size()) break;
    auto reply = parse_reply(expected, rest.first(reply_frame.bytes), limits);
    rest = rest.subspan(reply_frame.bytes);
    if (!reply.ok()) break;
    sink = sink + touch(reply.value());
  }
  return 0;
}
