// Typed vtest requests (client -> server), one struct per message of messages.def.  Byte and dword
// payloads are views into the message buffer they were parsed from.
#pragma once

#include <cstdint>
#include <span>
#include <string_view>
#include <variant>
#include <vector>

#include "decoder/vtest/vtest_protocol.h"

namespace vgpu::vtest {

struct CreateRenderer {
  std::string_view name;  // the guest's process name; Mesa sends it NUL-terminated, we drop the NUL
};
struct GetCaps {};
struct GetCaps2 {};
struct PingProtocolVersion {};
struct ProtocolVersion {
  uint32_t version = 0;
};
// RESOURCE_CREATE (protocol 0/1, no shared memory) and RESOURCE_CREATE2 (protocol 2+: the server
// answers with a memfd of data_size bytes when data_size > 0).  From protocol 3 the handle must be
// 0 and the server assigns the id.
struct ResourceCreate {
  bool v2 = false;  // RESOURCE_CREATE2
  uint32_t handle = 0;
  uint32_t target = 0;
  uint32_t format = 0;
  uint32_t bind = 0;
  uint32_t width = 0;
  uint32_t height = 0;
  uint32_t depth = 0;
  uint32_t array_size = 0;
  uint32_t last_level = 0;
  uint32_t nr_samples = 0;
  uint32_t data_size = 0;  // RESOURCE_CREATE2 only
};
struct ResourceUnref {
  uint32_t handle = 0;
};
struct TransferBox {
  uint32_t x = 0, y = 0, z = 0, width = 0, height = 0, depth = 0;
};
// The four transfer messages.  Protocol 0/1 (TRANSFER_GET/PUT) carry strides and move the bytes
// over the socket; protocol 2+ (TRANSFER_GET2/PUT2) move them through the resource's shared
// memory at `offset`, with strides left to the host (0).
struct Transfer {
  bool v2 = false;
  uint32_t handle = 0;
  uint32_t level = 0;
  uint32_t stride = 0;        // v1 only
  uint32_t layer_stride = 0;  // v1 only
  TransferBox box;
  uint32_t data_size = 0;
  uint32_t offset = 0;  // v2 only
};
struct TransferGet : Transfer {};
struct TransferPut : Transfer {
  std::span<const uint8_t> data;  // v1: the inline bytes (exactly data_size); v2: empty
};
struct SubmitCmd {
  std::span<const uint32_t> dwords;
};
struct ResourceBusyWait {
  uint32_t handle = 0;
  uint32_t flags = 0;
};
struct GetParam {
  uint32_t param = 0;
};
struct GetCapset {
  uint32_t capset_id = 0;
  uint32_t version = 0;
};
struct ContextInit {
  uint32_t capset_id = 0;
};
struct ResourceCreateBlob {
  uint32_t type = 0;  // kBlobType*
  uint32_t flags = 0;
  uint64_t size = 0;
  uint64_t blob_id = 0;
};
struct SyncCreate {
  uint64_t value = 0;
};
struct SyncUnref {
  uint32_t sync_id = 0;
};
struct SyncRead {
  uint32_t sync_id = 0;
};
struct SyncWrite {
  uint32_t sync_id = 0;
  uint64_t value = 0;
};
struct SyncWaitPoint {
  uint32_t sync_id = 0;
  uint64_t value = 0;
};
struct SyncWait {
  uint32_t flags = 0;
  uint32_t timeout_ms = 0;
  std::vector<SyncWaitPoint> points;
};
// One batch of SUBMIT_CMD2, with its ranges already checked against the message.
struct SubmitBatch {
  uint32_t flags = 0;
  std::span<const uint32_t> commands;
  std::vector<SyncWaitPoint> syncs;  // signalled when the batch completes
  uint32_t sync_queue_index = 0;
  uint64_t sync_queue_id = 0;
};
struct SubmitCmd2 {
  std::vector<SubmitBatch> batches;
};

using Request = std::variant<CreateRenderer, GetCaps, GetCaps2, PingProtocolVersion,
                             ProtocolVersion, ResourceCreate, ResourceUnref, TransferGet,
                             TransferPut, SubmitCmd, ResourceBusyWait, GetParam, GetCapset,
                             ContextInit, ResourceCreateBlob, SyncCreate, SyncUnref, SyncRead,
                             SyncWrite, SyncWait, SubmitCmd2>;

}  // namespace vgpu::vtest
