#include "decoder/vtest/reply_codec.h"

#include <string>
#include <type_traits>

#include "decoder/vtest/request_codec.h"
#include "decoder/vtest/wire.h"

namespace vgpu::vtest {
namespace {

using wire::load;

std::string str(uint64_t v) { return std::to_string(v); }

// The header a reply shape carries: its id, and its length in dwords (kVariable: counted from
// the header, see frame_reply).
constexpr uint32_t kVariable = ~0u;
struct HeaderRule {
  uint32_t id;
  uint32_t length;
};

HeaderRule header_rule(const ReplyExpectation& e) {
  switch (e.shape) {
    case ReplyShape::Caps: return {1, kVariable};
    case ReplyShape::Caps2: return {2, kVariable};
    case ReplyShape::Ping: return {static_cast<uint32_t>(MessageId::PING_PROTOCOL_VERSION), 0};
    case ReplyShape::Version: return {static_cast<uint32_t>(MessageId::PROTOCOL_VERSION), 1};
    case ReplyShape::BusyWait: return {static_cast<uint32_t>(MessageId::RESOURCE_BUSY_WAIT), 1};
    case ReplyShape::ResourceCreate:
    case ReplyShape::ResourceCreate2:
    case ReplyShape::Blob: return {static_cast<uint32_t>(e.request), 1};
    case ReplyShape::Param: return {static_cast<uint32_t>(MessageId::GET_PARAM), 2};
    case ReplyShape::Capset: return {static_cast<uint32_t>(MessageId::GET_CAPSET), kVariable};
    case ReplyShape::SyncId: return {static_cast<uint32_t>(MessageId::SYNC_CREATE), 1};
    case ReplyShape::SyncValue: return {static_cast<uint32_t>(MessageId::SYNC_READ), 2};
    case ReplyShape::SyncWaitFd: return {static_cast<uint32_t>(MessageId::SYNC_WAIT), 0};
    case ReplyShape::None:
    case ReplyShape::TransferData: break;
  }
  return {0, 0};
}

}  // namespace

ReplyExpectation expect_reply(const Request& request, uint32_t protocol_version) {
  ReplyExpectation e;
  e.request = request_id(request);
  const MessageInfo& info = *find_message(static_cast<uint32_t>(e.request));
  e.shape = info.reply;
  if (const auto* r = std::get_if<ResourceCreate>(&request)) {
    // Before version 3 the client chose the id and nothing came back but the memfd.
    if (protocol_version < 3) e.shape = ReplyShape::None;
    e.fd = r->v2 && r->data_size > 0;
  } else if (const auto* t = std::get_if<TransferGet>(&request); t && !t->v2) {
    e.raw_bytes = t->data_size;
  } else if (e.shape == ReplyShape::Blob || e.shape == ReplyShape::SyncWaitFd) {
    e.fd = true;
  }
  return e;
}

Frame frame_reply(const ReplyExpectation& e, std::span<const uint8_t> in, const Limits& limits) {
  const std::string where = "reply to " + std::string(message_name(e.request)) + ": ";
  if (e.shape == ReplyShape::None) return Frame::invalid(where + "no reply was expected");
  if (e.shape == ReplyShape::TransferData) {
    if (e.raw_bytes > limits.max_message_bytes) {
      return Frame::invalid(where + "data_size " + str(e.raw_bytes) + " is over the limit");
    }
    return in.size() < e.raw_bytes ? Frame::need(e.raw_bytes) : Frame::sized(e.raw_bytes);
  }
  if (in.size() < kHeaderBytes) return Frame::need(kHeaderBytes);
  const uint32_t length = load(in, 0), id = load(in, 1);
  const HeaderRule rule = header_rule(e);
  if (id != rule.id) {
    return Frame::invalid(where + "id " + str(id) + ", expected " + str(rule.id));
  }
  if (e.shape == ReplyShape::Caps || e.shape == ReplyShape::Caps2) {
    // The length counts the caps in BYTES, plus one.
    if (length == 0 || length - 1 > limits.max_caps_bytes) {
      return Frame::invalid(where + "caps length " + str(length) + " is outside 1.." +
                            str(uint64_t{limits.max_caps_bytes} + 1));
    }
    return Frame::sized(kHeaderBytes + length - 1);
  }
  if (rule.length == kVariable) {  // GET_CAPSET: valid flag + capset dwords
    if (length == 0 || (uint64_t{length} - 1) * 4 > limits.max_caps_bytes) {
      return Frame::invalid(where + "length " + str(length) + " is outside 1.." +
                            str(limits.max_caps_bytes / 4 + 1) + " dwords");
    }
    return Frame::sized(kHeaderBytes + 4 * size_t{length});
  }
  if (length != rule.length) {
    return Frame::invalid(where + "length " + str(length) + ", expected " + str(rule.length));
  }
  return Frame::sized(kHeaderBytes + 4 * size_t{length});
}

Parsed<Reply> parse_reply(const ReplyExpectation& e, std::span<const uint8_t> message,
                          const Limits& limits) {
  const Frame frame = frame_reply(e, message, limits);
  if (frame.state == Frame::State::Invalid) return VtestError{frame.error};
  if (frame.state == Frame::State::NeedMore || frame.bytes != message.size()) {
    return VtestError{"reply of " + str(message.size()) + " bytes is not one whole reply (" +
                      str(frame.bytes) + " expected)"};
  }
  const auto body = e.shape == ReplyShape::TransferData ? message : message.subspan(kHeaderBytes);
  switch (e.shape) {
    case ReplyShape::Caps: return Reply{CapsReply{false, body}};
    case ReplyShape::Caps2: return Reply{CapsReply{true, body}};
    case ReplyShape::Ping: return Reply{PingReply{}};
    case ReplyShape::Version: return Reply{VersionReply{load(body, 0)}};
    case ReplyShape::BusyWait: return Reply{BusyWaitReply{load(body, 0)}};
    case ReplyShape::ResourceCreate:
    case ReplyShape::ResourceCreate2:
    case ReplyShape::Blob: return Reply{ResourceIdReply{e.request, load(body, 0)}};
    case ReplyShape::TransferData: return Reply{TransferDataReply{body}};
    case ReplyShape::Param: return Reply{ParamReply{load(body, 0), load(body, 1)}};
    case ReplyShape::Capset: return Reply{CapsetReply{load(body, 0), body.subspan(4)}};
    case ReplyShape::SyncId: return Reply{SyncIdReply{load(body, 0)}};
    case ReplyShape::SyncValue: return Reply{SyncValueReply{wire::load64(body, 0)}};
    case ReplyShape::SyncWaitFd: return Reply{SyncWaitReply{}};
    case ReplyShape::None: break;
  }
  return VtestError{"reply to " + std::string(message_name(e.request)) + ": none expected"};
}

std::vector<uint8_t> encode_reply(const Reply& reply) {
  wire::Writer w;
  std::visit(
      [&](const auto& r) {
        using T = std::decay_t<decltype(r)>;
        if constexpr (std::is_same_v<T, CapsReply>) {
          // Not a typo: the caps replies count bytes + 1 and GET_CAPS2 answers with id 2.
          w.dword(static_cast<uint32_t>(r.caps.size() + 1));
          w.dword(r.v2 ? 2 : 1);
          w.bytes(r.caps);
        } else if constexpr (std::is_same_v<T, PingReply>) {
          w.header(0, MessageId::PING_PROTOCOL_VERSION);
        } else if constexpr (std::is_same_v<T, VersionReply>) {
          w.header(1, MessageId::PROTOCOL_VERSION);
          w.dword(r.version);
        } else if constexpr (std::is_same_v<T, BusyWaitReply>) {
          w.header(1, MessageId::RESOURCE_BUSY_WAIT);
          w.dword(r.busy);
        } else if constexpr (std::is_same_v<T, ResourceIdReply>) {
          w.header(1, r.request);
          w.dword(r.res_id);
        } else if constexpr (std::is_same_v<T, TransferDataReply>) {
          w.bytes(r.data);
        } else if constexpr (std::is_same_v<T, ParamReply>) {
          w.header(2, MessageId::GET_PARAM);
          w.dword(r.valid);
          w.dword(r.value);
        } else if constexpr (std::is_same_v<T, CapsetReply>) {
          w.header(static_cast<uint32_t>(1 + r.capset.size() / 4), MessageId::GET_CAPSET);
          w.dword(r.valid);
          w.bytes(r.capset.first(r.capset.size() / 4 * 4));
        } else if constexpr (std::is_same_v<T, SyncIdReply>) {
          w.header(1, MessageId::SYNC_CREATE);
          w.dword(r.sync_id);
        } else if constexpr (std::is_same_v<T, SyncValueReply>) {
          w.header(2, MessageId::SYNC_READ);
          w.dword64(r.value);
        } else {
          static_assert(std::is_same_v<T, SyncWaitReply>);
          w.header(0, MessageId::SYNC_WAIT);
        }
      },
      reply);
  return w.take();
}

}  // namespace vgpu::vtest
