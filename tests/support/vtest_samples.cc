#include "tests/support/vtest_samples.h"

#include <span>

namespace vgpu::vtest::test_support {
namespace {
const uint32_t kCommands[] = {0x00010000u | 1, 0x1234, 0x00000000u};

}  // namespace

// One representative request per message id, fields all non-zero where that matters.
Request sample_request(MessageId id) {
  Transfer t;
  t.handle = 7;
  t.level = 1;
  t.stride = 256;
  t.layer_stride = 4096;
  t.box = {1, 2, 0, 16, 8, 1};
  t.data_size = sizeof(kSamplePutData);
  t.offset = 64;
  switch (id) {
    case MessageId::GET_CAPS: return GetCaps{};
    case MessageId::RESOURCE_CREATE:
    case MessageId::RESOURCE_CREATE2: {
      ResourceCreate r{id == MessageId::RESOURCE_CREATE2, 5, 2, 1, 2, 64, 32, 1, 1, 3, 0, 0};
      if (r.v2) r.data_size = 8192;
      return r;
    }
    case MessageId::RESOURCE_UNREF: return ResourceUnref{9};
    case MessageId::TRANSFER_GET: return TransferGet{t};
    case MessageId::TRANSFER_PUT: return TransferPut{t, kSamplePutData};
    case MessageId::SUBMIT_CMD: return SubmitCmd{kCommands};
    case MessageId::RESOURCE_BUSY_WAIT: return ResourceBusyWait{3, kBusyWaitFlagWait};
    case MessageId::CREATE_RENDERER: return CreateRenderer{"shader_runner"};
    case MessageId::GET_CAPS2: return GetCaps2{};
    case MessageId::PING_PROTOCOL_VERSION: return PingProtocolVersion{};
    case MessageId::PROTOCOL_VERSION: return ProtocolVersion{3};
    case MessageId::TRANSFER_GET2: t.v2 = true; t.stride = t.layer_stride = 0; return TransferGet{t};
    case MessageId::TRANSFER_PUT2: t.v2 = true; t.stride = t.layer_stride = 0; return TransferPut{t, {}};
    case MessageId::GET_PARAM: return GetParam{1};
    case MessageId::GET_CAPSET: return GetCapset{2, 1};
    case MessageId::CONTEXT_INIT: return ContextInit{2};
    case MessageId::RESOURCE_CREATE_BLOB:
      return ResourceCreateBlob{kBlobTypeHost3d, 1, 0x1'0000'0000ull + 4096, 0x42};
    case MessageId::SYNC_CREATE: return SyncCreate{0x5'0000'0001ull};
    case MessageId::SYNC_UNREF: return SyncUnref{4};
    case MessageId::SYNC_READ: return SyncRead{4};
    case MessageId::SYNC_WRITE: return SyncWrite{4, 0x7'0000'0002ull};
    case MessageId::SYNC_WAIT: return SyncWait{1, 100, {{4, 9}, {5, 0x1'0000'0000ull}}};
    case MessageId::SUBMIT_CMD2: {
      SubmitCmd2 s;
      s.batches.push_back({0, kCommands, {{4, 10}}, 0, 0});
      s.batches.push_back({1, std::span<const uint32_t>(kCommands).first(1), {}, 2, 0x9'0000'0001ull});
      return s;
    }
  }
  return GetCaps{};
}

Reply sample_reply(const ReplyExpectation& e) {
  static const uint8_t caps[12] = {1, 0, 0, 0, 2, 0, 0, 0, 3, 0, 0, 0};
  switch (e.shape) {
    case ReplyShape::Caps: return CapsReply{false, caps};
    case ReplyShape::Caps2: return CapsReply{true, caps};
    case ReplyShape::Ping: return PingReply{};
    case ReplyShape::Version: return VersionReply{2};
    case ReplyShape::BusyWait: return BusyWaitReply{1};
    case ReplyShape::ResourceCreate:
    case ReplyShape::ResourceCreate2:
    case ReplyShape::Blob: return ResourceIdReply{e.request, 77};
    case ReplyShape::TransferData: return TransferDataReply{std::span(kSamplePutData)};
    case ReplyShape::Param: return ParamReply{1, 16};
    case ReplyShape::Capset: return CapsetReply{1, caps};
    case ReplyShape::SyncId: return SyncIdReply{12};
    case ReplyShape::SyncValue: return SyncValueReply{0x3'0000'0004ull};
    case ReplyShape::SyncWaitFd:
    case ReplyShape::None: break;
  }
  return SyncWaitReply{};
}

}  // namespace vgpu::vtest::test_support
