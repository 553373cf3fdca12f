#include "decoder/vtest/request_codec.h"

#include <string>
#include <type_traits>

#include "decoder/vtest/wire.h"

namespace vgpu::vtest {
namespace {

using wire::dwords_for;
using wire::load;
using wire::load64;

// Dword positions inside the two transfer headers (vtest_protocol.h VCMD_TRANSFER*_).
constexpr size_t kT1DataSize = 10;
constexpr size_t kT2DataSize = 8;
constexpr size_t kT2Offset = 9;

std::string str(uint64_t v) { return std::to_string(v); }

Frame frame_body(const MessageInfo& info, uint32_t length, std::span<const uint8_t> in,
                 const Limits& limits) {
  const std::string where = wire::prefix(info.id);
  const uint64_t limit_dwords = limits.max_message_bytes / 4;
  switch (info.body) {
    case BodyShape::Fixed:
      if (length != info.body_dwords) {
        return Frame::invalid(where + "length " + str(length) + ", expected " +
                              str(info.body_dwords) + " dwords");
      }
      return Frame::sized(kHeaderBytes + 4 * size_t{length});
    case BodyShape::NameBytes:
      if (length > limits.max_name_bytes) {
        return Frame::invalid(where + "name of " + str(length) + " bytes is over the limit of " +
                              str(limits.max_name_bytes));
      }
      return Frame::sized(kHeaderBytes + length);
    case BodyShape::Dwords:
    case BodyShape::SubmitCmd2:
    case BodyShape::SyncWait: {
      if (length > limit_dwords) {
        return Frame::invalid(where + "length of " + str(length) +
                              " dwords is over the message limit of " +
                              str(limits.max_message_bytes) + " bytes");
      }
      if (info.body == BodyShape::SubmitCmd2 && length < 1) {
        return Frame::invalid(where + "length 0, expected at least the batch count");
      }
      if (info.body == BodyShape::SyncWait &&
          (length < info.body_dwords || (length - info.body_dwords) % kSyncWaitPointDwords)) {
        return Frame::invalid(where + "length " + str(length) + " is not 2 + 3*n dwords");
      }
      return Frame::sized(kHeaderBytes + 4 * size_t{length});
    }
    case BodyShape::TransferPut: {
      const size_t fixed = kHeaderBytes + 4 * size_t{kTransferDwords};
      if (in.size() < fixed) return Frame::need(fixed);
      const uint32_t data_size = load(in, 2 + kT1DataSize);
      if (data_size > limits.max_message_bytes) {
        return Frame::invalid(where + "data_size " + str(data_size) +
                              " is over the message limit of " + str(limits.max_message_bytes));
      }
      const uint64_t expected = kTransferDwords + dwords_for(data_size);
      if (length != expected) {
        return Frame::invalid(where + "length " + str(length) + " does not match data_size " +
                              str(data_size) + " (expected 11 + " + str(dwords_for(data_size)) +
                              " dwords)");
      }
      return Frame::sized(fixed + data_size);  // the data itself is not padded
    }
    case BodyShape::TransferPut2: {
      const size_t fixed = kHeaderBytes + 4 * size_t{kTransfer2Dwords};
      if (in.size() < fixed) return Frame::need(fixed);
      // Mesa counts the shared-memory data in the length although none of it follows; other
      // clients send the bare header.  Both are accepted, nothing else.
      const uint32_t data_size = load(in, 2 + kT2DataSize);
      const uint64_t with_data = kTransfer2Dwords + dwords_for(data_size);
      if (length != kTransfer2Dwords && length != with_data) {
        return Frame::invalid(where + "length " + str(length) + " is neither 10 nor 10 + " +
                              str(dwords_for(data_size)) + " (data_size " + str(data_size) + ")");
      }
      return Frame::sized(fixed);
    }
  }
  return Frame::invalid(where + "unknown body shape");
}

TransferBox read_box(std::span<const uint8_t> body, size_t first) {
  return {load(body, first), load(body, first + 1), load(body, first + 2),
          load(body, first + 3), load(body, first + 4), load(body, first + 5)};
}

std::vector<SyncWaitPoint> read_points(std::span<const uint8_t> body, size_t first, size_t count) {
  std::vector<SyncWaitPoint> points(count);
  for (size_t i = 0; i < count; ++i) {
    const size_t at = first + i * kSyncWaitPointDwords;
    points[i] = {load(body, at), load64(body, at + 1)};
  }
  return points;
}

Parsed<Request> parse_submit_cmd2(std::span<const uint8_t> body, std::span<const uint32_t> words) {
  const std::string where = wire::prefix(MessageId::SUBMIT_CMD2);
  const uint64_t length = words.size();
  const uint64_t count = words[0];
  if (1 + count * kSubmitCmd2BatchDwords > length) {
    return VtestError{where + str(count) + " batches do not fit in " + str(length) + " dwords"};
  }
  SubmitCmd2 out;
  out.batches.reserve(count);
  for (uint64_t i = 0; i < count; ++i) {
    const size_t b = 1 + i * kSubmitCmd2BatchDwords;
    const uint64_t cmd_offset = words[b + 1], cmd_size = words[b + 2];
    const uint64_t sync_offset = words[b + 3], sync_count = words[b + 4];
    if (cmd_offset + cmd_size > length) {
      return VtestError{where + "batch " + str(i) + " commands [" + str(cmd_offset) + ", +" +
                        str(cmd_size) + ") run past the " + str(length) + "-dword message"};
    }
    if (sync_offset + sync_count * kSyncWaitPointDwords > length) {
      return VtestError{where + "batch " + str(i) + " syncs at " + str(sync_offset) + " (" +
                        str(sync_count) + ") run past the " + str(length) + "-dword message"};
    }
    SubmitBatch batch;
    batch.flags = words[b];
    batch.commands = words.subspan(cmd_offset, cmd_size);
    batch.syncs = read_points(body, sync_offset, sync_count);
    batch.sync_queue_index = words[b + 5];
    batch.sync_queue_id = words[b + 6] | (uint64_t{words[b + 7]} << 32);
    out.batches.push_back(std::move(batch));
  }
  return Request{std::move(out)};
}

}  // namespace

Frame frame_request(std::span<const uint8_t> received, const Limits& limits) {
  if (received.size() < kHeaderBytes) return Frame::need(kHeaderBytes);
  const uint32_t length = load(received, 0);
  const uint32_t id = load(received, 1);
  const MessageInfo* info = find_message(id);
  if (!info) {
    std::string why = "unknown vtest command id " + str(id);
    if (id >= 25 && id <= 38) why += " (protocol version 4 is not supported)";
    return Frame::invalid(why);
  }
  return frame_body(*info, length, received, limits);
}

Parsed<Request> parse_request(std::span<const uint8_t> message, const Limits& limits) {
  const Frame frame = frame_request(message, limits);
  if (frame.state == Frame::State::Invalid) return VtestError{frame.error};
  if (frame.state == Frame::State::NeedMore || frame.bytes != message.size()) {
    return VtestError{"message of " + str(message.size()) + " bytes is not one whole message (" +
                      str(frame.bytes) + " expected)"};
  }
  if (reinterpret_cast<uintptr_t>(message.data()) % 4 != 0) {
    return VtestError{"message buffer is not 4-byte aligned"};
  }
  const auto id = static_cast<MessageId>(load(message, 1));
  const std::span<const uint8_t> body = message.subspan(kHeaderBytes);
  // Whole dwords of the body, for the messages whose payload is dwords.
  const std::span<const uint32_t> words{reinterpret_cast<const uint32_t*>(body.data()),
                                        body.size() / 4};
  switch (id) {
    case MessageId::CREATE_RENDERER: {
      std::string_view name{reinterpret_cast<const char*>(body.data()), body.size()};
      if (const size_t nul = name.find('\0'); nul != std::string_view::npos) name = name.substr(0, nul);
      return Request{CreateRenderer{name}};
    }
    case MessageId::GET_CAPS: return Request{GetCaps{}};
    case MessageId::GET_CAPS2: return Request{GetCaps2{}};
    case MessageId::PING_PROTOCOL_VERSION: return Request{PingProtocolVersion{}};
    case MessageId::PROTOCOL_VERSION: return Request{ProtocolVersion{load(body, 0)}};
    case MessageId::RESOURCE_CREATE:
    case MessageId::RESOURCE_CREATE2: {
      ResourceCreate r;
      r.v2 = id == MessageId::RESOURCE_CREATE2;
      r.handle = load(body, 0);
      r.target = load(body, 1);
      r.format = load(body, 2);
      r.bind = load(body, 3);
      r.width = load(body, 4);
      r.height = load(body, 5);
      r.depth = load(body, 6);
      r.array_size = load(body, 7);
      r.last_level = load(body, 8);
      r.nr_samples = load(body, 9);
      if (r.v2) r.data_size = load(body, 10);
      return Request{r};
    }
    case MessageId::RESOURCE_UNREF: return Request{ResourceUnref{load(body, 0)}};
    case MessageId::TRANSFER_GET:
    case MessageId::TRANSFER_PUT: {
      Transfer t;
      t.handle = load(body, 0);
      t.level = load(body, 1);
      t.stride = load(body, 2);
      t.layer_stride = load(body, 3);
      t.box = read_box(body, 4);
      t.data_size = load(body, kT1DataSize);
      if (id == MessageId::TRANSFER_GET) return Request{TransferGet{t}};
      return Request{TransferPut{t, body.subspan(4 * kTransferDwords)}};
    }
    case MessageId::TRANSFER_GET2:
    case MessageId::TRANSFER_PUT2: {
      Transfer t;
      t.v2 = true;
      t.handle = load(body, 0);
      t.level = load(body, 1);
      t.box = read_box(body, 2);
      t.data_size = load(body, kT2DataSize);
      t.offset = load(body, kT2Offset);
      if (id == MessageId::TRANSFER_GET2) return Request{TransferGet{t}};
      return Request{TransferPut{t, {}}};
    }
    case MessageId::SUBMIT_CMD: return Request{SubmitCmd{words}};
    case MessageId::RESOURCE_BUSY_WAIT: return Request{ResourceBusyWait{load(body, 0), load(body, 1)}};
    case MessageId::GET_PARAM: return Request{GetParam{load(body, 0)}};
    case MessageId::GET_CAPSET: return Request{GetCapset{load(body, 0), load(body, 1)}};
    case MessageId::CONTEXT_INIT: return Request{ContextInit{load(body, 0)}};
    case MessageId::RESOURCE_CREATE_BLOB:
      return Request{ResourceCreateBlob{load(body, 0), load(body, 1), load64(body, 2), load64(body, 4)}};
    case MessageId::SYNC_CREATE: return Request{SyncCreate{load64(body, 0)}};
    case MessageId::SYNC_UNREF: return Request{SyncUnref{load(body, 0)}};
    case MessageId::SYNC_READ: return Request{SyncRead{load(body, 0)}};
    case MessageId::SYNC_WRITE: return Request{SyncWrite{load(body, 0), load64(body, 1)}};
    case MessageId::SYNC_WAIT: {
      const size_t count = (words.size() - 2) / kSyncWaitPointDwords;
      return Request{SyncWait{words[0], words[1], read_points(body, 2, count)}};
    }
    case MessageId::SUBMIT_CMD2: return parse_submit_cmd2(body, words);
  }
  return VtestError{"unknown vtest command id " + str(static_cast<uint32_t>(id))};
}

MessageId request_id(const Request& request) {
  return std::visit(
      [](const auto& r) -> MessageId {
        using T = std::decay_t<decltype(r)>;
        if constexpr (std::is_same_v<T, CreateRenderer>) return MessageId::CREATE_RENDERER;
        else if constexpr (std::is_same_v<T, GetCaps>) return MessageId::GET_CAPS;
        else if constexpr (std::is_same_v<T, GetCaps2>) return MessageId::GET_CAPS2;
        else if constexpr (std::is_same_v<T, PingProtocolVersion>) return MessageId::PING_PROTOCOL_VERSION;
        else if constexpr (std::is_same_v<T, ProtocolVersion>) return MessageId::PROTOCOL_VERSION;
        else if constexpr (std::is_same_v<T, ResourceCreate>)
          return r.v2 ? MessageId::RESOURCE_CREATE2 : MessageId::RESOURCE_CREATE;
        else if constexpr (std::is_same_v<T, ResourceUnref>) return MessageId::RESOURCE_UNREF;
        else if constexpr (std::is_same_v<T, TransferGet>)
          return r.v2 ? MessageId::TRANSFER_GET2 : MessageId::TRANSFER_GET;
        else if constexpr (std::is_same_v<T, TransferPut>)
          return r.v2 ? MessageId::TRANSFER_PUT2 : MessageId::TRANSFER_PUT;
        else if constexpr (std::is_same_v<T, SubmitCmd>) return MessageId::SUBMIT_CMD;
        else if constexpr (std::is_same_v<T, ResourceBusyWait>) return MessageId::RESOURCE_BUSY_WAIT;
        else if constexpr (std::is_same_v<T, GetParam>) return MessageId::GET_PARAM;
        else if constexpr (std::is_same_v<T, GetCapset>) return MessageId::GET_CAPSET;
        else if constexpr (std::is_same_v<T, ContextInit>) return MessageId::CONTEXT_INIT;
        else if constexpr (std::is_same_v<T, ResourceCreateBlob>) return MessageId::RESOURCE_CREATE_BLOB;
        else if constexpr (std::is_same_v<T, SyncCreate>) return MessageId::SYNC_CREATE;
        else if constexpr (std::is_same_v<T, SyncUnref>) return MessageId::SYNC_UNREF;
        else if constexpr (std::is_same_v<T, SyncRead>) return MessageId::SYNC_READ;
        else if constexpr (std::is_same_v<T, SyncWrite>) return MessageId::SYNC_WRITE;
        else if constexpr (std::is_same_v<T, SyncWait>) return MessageId::SYNC_WAIT;
        else return MessageId::SUBMIT_CMD2;
      },
      request);
}

namespace {

void put_box(wire::Writer& w, const TransferBox& b) {
  for (uint32_t v : {b.x, b.y, b.z, b.width, b.height, b.depth}) w.dword(v);
}
void put_point(wire::Writer& w, const SyncWaitPoint& p) {
  w.dword(p.sync_id);
  w.dword64(p.value);
}

}  // namespace

std::vector<uint8_t> encode_request(const Request& request) {
  wire::Writer w;
  const MessageId id = request_id(request);
  const MessageInfo& info = *find_message(static_cast<uint32_t>(id));
  std::visit(
      [&](const auto& r) {
        using T = std::decay_t<decltype(r)>;
        if constexpr (std::is_same_v<T, CreateRenderer>) {
          w.header(static_cast<uint32_t>(r.name.size() + 1), id);
          w.bytes({reinterpret_cast<const uint8_t*>(r.name.data()), r.name.size()});
          w.bytes(std::span<const uint8_t>{reinterpret_cast<const uint8_t*>(""), 1});
        } else if constexpr (std::is_same_v<T, ResourceCreate>) {
          w.header(info.body_dwords, id);
          for (uint32_t v : {r.handle, r.target, r.format, r.bind, r.width, r.height, r.depth,
                             r.array_size, r.last_level, r.nr_samples}) {
            w.dword(v);
          }
          if (r.v2) w.dword(r.data_size);
        } else if constexpr (std::is_same_v<T, TransferGet> || std::is_same_v<T, TransferPut>) {
          constexpr bool put = std::is_same_v<T, TransferPut>;
          const uint32_t extra = put ? static_cast<uint32_t>(dwords_for(r.data_size)) : 0;
          w.header(info.body_dwords + extra, id);
          w.dword(r.handle);
          w.dword(r.level);
          if (!r.v2) {
            w.dword(r.stride);
            w.dword(r.layer_stride);
          }
          put_box(w, r.box);
          w.dword(r.data_size);
          if (r.v2) w.dword(r.offset);
          if constexpr (put) {
            if (!r.v2) w.bytes(r.data);
          }
        } else if constexpr (std::is_same_v<T, SubmitCmd>) {
          w.header(static_cast<uint32_t>(r.dwords.size()), id);
          for (uint32_t v : r.dwords) w.dword(v);
        } else if constexpr (std::is_same_v<T, SyncWait>) {
          w.header(static_cast<uint32_t>(2 + kSyncWaitPointDwords * r.points.size()), id);
          w.dword(r.flags);
          w.dword(r.timeout_ms);
          for (const auto& p : r.points) put_point(w, p);
        } else if constexpr (std::is_same_v<T, SubmitCmd2>) {
          // Layout: count, descriptors, then each batch's commands followed by its syncs.
          uint32_t at = static_cast<uint32_t>(1 + kSubmitCmd2BatchDwords * r.batches.size());
          std::vector<uint32_t> tail;
          wire::Writer body;
          body.dword(static_cast<uint32_t>(r.batches.size()));
          for (const auto& b : r.batches) {
            const uint32_t cmd_at = at;
            at += static_cast<uint32_t>(b.commands.size());
            const uint32_t sync_at = at;
            at += static_cast<uint32_t>(kSyncWaitPointDwords * b.syncs.size());
            for (uint32_t v : {b.flags, cmd_at, static_cast<uint32_t>(b.commands.size()), sync_at,
                               static_cast<uint32_t>(b.syncs.size()), b.sync_queue_index}) {
              body.dword(v);
            }
            body.dword64(b.sync_queue_id);
            tail.insert(tail.end(), b.commands.begin(), b.commands.end());
            for (const auto& p : b.syncs) {
              tail.push_back(p.sync_id);
              tail.push_back(static_cast<uint32_t>(p.value));
              tail.push_back(static_cast<uint32_t>(p.value >> 32));
            }
          }
          for (uint32_t v : tail) body.dword(v);
          w.header(at, id);
          w.bytes(body.take());
        } else {
          // Fixed-size messages of plain dword fields.
          w.header(info.body_dwords, id);
          if constexpr (std::is_same_v<T, ProtocolVersion>) w.dword(r.version);
          else if constexpr (std::is_same_v<T, ResourceUnref>) w.dword(r.handle);
          else if constexpr (std::is_same_v<T, ResourceBusyWait>) { w.dword(r.handle); w.dword(r.flags); }
          else if constexpr (std::is_same_v<T, GetParam>) w.dword(r.param);
          else if constexpr (std::is_same_v<T, GetCapset>) { w.dword(r.capset_id); w.dword(r.version); }
          else if constexpr (std::is_same_v<T, ContextInit>) w.dword(r.capset_id);
          else if constexpr (std::is_same_v<T, ResourceCreateBlob>) {
            w.dword(r.type);
            w.dword(r.flags);
            w.dword64(r.size);
            w.dword64(r.blob_id);
          } else if constexpr (std::is_same_v<T, SyncCreate>) w.dword64(r.value);
          else if constexpr (std::is_same_v<T, SyncUnref>) w.dword(r.sync_id);
          else if constexpr (std::is_same_v<T, SyncRead>) w.dword(r.sync_id);
          else if constexpr (std::is_same_v<T, SyncWrite>) { w.dword(r.sync_id); w.dword64(r.value); }
          // GetCaps, GetCaps2, PingProtocolVersion: header only.
        }
      },
      request);
  return w.take();
}

}  // namespace vgpu::vtest
