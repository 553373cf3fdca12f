// The vtest protocol table (messages.def) as C++: message ids, how each body is sized, what each
// reply looks like, and the limits that keep a hostile client from making us allocate without
// bound.  Pure data: no sockets here, so the codec built on it can be fuzzed.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <string_view>

namespace vgpu::vtest {

// The header of every request and of most replies: [length, id].  What "length" counts depends on
// the message (see messages.def): dwords for most, bytes for CREATE_RENDERER.
inline constexpr size_t kHeaderBytes = 8;
// The highest protocol version whose messages we know (0..3: what Mesa 22.3 and
// virgl_test_server 0.10.4 speak).
inline constexpr uint32_t kMaxProtocolVersion = 3;
inline constexpr const char* kDefaultSocketPath = "/tmp/.virgl_test";

enum class MessageId : uint32_t {
#define VTEST_MESSAGE(id, NAME, since, body, dwords, reply, ctx) NAME = id,
#include "decoder/vtest/messages.def"
#undef VTEST_MESSAGE
};

enum class BodyShape : uint8_t { Fixed, NameBytes, Dwords, TransferPut, TransferPut2, SyncWait, SubmitCmd2 };

// What the server sends back.  Shapes that differ by protocol version (RESOURCE_CREATE answers
// only from version 3) are resolved by expect_reply() in reply_codec.h.
enum class ReplyShape : uint8_t {
  None,
  Caps,             // [bytes + 1, 1] then `bytes` bytes of virgl_caps_v1 (length counts BYTES + 1)
  Caps2,            // [bytes + 1, 2] then `bytes` bytes of virgl_caps_v2 (note: id 2, not 9)
  Ping,             // [0, 10]
  Version,          // [1, 11, version]
  BusyWait,         // [1, 7, busy]
  ResourceCreate,   // from version 3: [1, 2, res_id]; before: nothing
  ResourceCreate2,  // from version 3: [1, 12, res_id]; then an fd if data_size > 0
  TransferData,     // no header: data_size raw bytes (protocol version 0/1 readback)
  Param,            // [2, 15, valid, value]
  Capset,           // [1 + n, 16, valid] then n dwords of capset
  Blob,             // [1, 18, res_id] then an fd
  SyncId,           // [1, 19, sync_id]
  SyncValue,        // [2, 21, value lo, value hi]
  SyncWaitFd,       // [0, 23] then a pollable fd
};

struct MessageInfo {
  MessageId id;
  std::string_view name;
  uint32_t since_version;
  BodyShape body;
  uint32_t body_dwords;
  ReplyShape reply;
  bool needs_context;
};

inline constexpr MessageInfo kMessages[] = {
#define VTEST_MESSAGE(id, NAME, since, body, dwords, reply, ctx) \
  {MessageId::NAME, #NAME, since, BodyShape::body, dwords, ReplyShape::reply, ctx},
#include "decoder/vtest/messages.def"
#undef VTEST_MESSAGE
};

// Ids run 1..24 without gaps, so a message's info is kMessages[id - 1].
inline constexpr uint32_t kMaxMessageId = static_cast<uint32_t>(std::size(kMessages));
static_assert([] {
  for (uint32_t i = 0; i < kMaxMessageId; ++i) {
    if (static_cast<uint32_t>(kMessages[i].id) != i + 1) return false;
  }
  return true;
}());

[[nodiscard]] constexpr const MessageInfo* find_message(uint32_t id) {
  return id >= 1 && id <= kMaxMessageId ? &kMessages[id - 1] : nullptr;
}
[[nodiscard]] constexpr std::string_view message_name(MessageId id) {
  return find_message(static_cast<uint32_t>(id))->name;
}

// Bounds on what one message may make us hold.  The defaults fit every real client (Mesa's
// command buffers are at most 256 KiB; a 4096x4096 RGBA upload over protocol 0 is 64 MiB).
struct Limits {
  uint32_t max_name_bytes = 1u << 20;         // CREATE_RENDERER (virgl_test_server's limit)
  uint32_t max_message_bytes = 128u << 20;    // any other body, inline transfer data included
  uint32_t max_caps_bytes = 1u << 20;         // GET_CAPS/GET_CAPS2/GET_CAPSET replies
};

// Sizes of the fixed parts, as named in vtest_protocol.h (index constants are in request_codec.cc).
inline constexpr uint32_t kResourceCreateDwords = 10;
inline constexpr uint32_t kResourceCreate2Dwords = 11;
inline constexpr uint32_t kTransferDwords = 11;   // protocol 0/1 transfer header
inline constexpr uint32_t kTransfer2Dwords = 10;  // protocol 2+ transfer header
inline constexpr uint32_t kSubmitCmd2BatchDwords = 8;
inline constexpr uint32_t kSyncWaitPointDwords = 3;

// RESOURCE_BUSY_WAIT flag: block until idle instead of polling.
inline constexpr uint32_t kBusyWaitFlagWait = 1;
// RESOURCE_CREATE_BLOB types (vcmd_blob_type).
inline constexpr uint32_t kBlobTypeGuest = 1;
inline constexpr uint32_t kBlobTypeHost3d = 2;
inline constexpr uint32_t kBlobTypeHost3dGuest = 3;

}  // namespace vgpu::vtest
