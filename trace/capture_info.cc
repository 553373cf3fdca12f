#include "trace/capture_info.h"

#include <cstring>
#include <string_view>

#include "trace/format.h"

namespace vgpu::trace {
namespace {

using format::MetadataField;
using format::MetadataId;

void put_field(std::vector<uint8_t>& out, MetadataId id, const void* data, size_t size) {
  MetadataField f{static_cast<uint16_t>(id), 0, static_cast<uint32_t>(size)};
  const size_t at = out.size();
  const size_t padded = (size + 7) & ~size_t{7};
  out.resize(at + sizeof f + padded, 0);
  std::memcpy(out.data() + at, &f, sizeof f);
  if (size > 0) std::memcpy(out.data() + at + sizeof f, data, size);
}
void put_text(std::vector<uint8_t>& out, MetadataId id, std::string_view s) {
  put_field(out, id, s.data(), s.size());
}

}  // namespace

std::vector<uint8_t> encode_capture_info(const CaptureInfo& info) {
  std::vector<uint8_t> out;
  put_text(out, MetadataId::ToolVersion, info.tool_version);
  put_field(out, MetadataId::CaptureTimeNs, &info.capture_time_ns, 8);
  put_text(out, MetadataId::GuestProcess, info.guest_process);
  put_text(out, MetadataId::Transport, info.transport);
  put_field(out, MetadataId::ProtocolVersion, &info.protocol_version, 4);
  for (const CapsetSummary& c : info.capsets) {
    const format::CapsetMetadata m{c.capset_id, c.max_version};
    put_field(out, MetadataId::Capset, &m, sizeof m);
  }
  return out;
}

Result<CaptureInfo> decode_capture_info(std::span<const uint8_t> bytes) {
  CaptureInfo info;
  size_t pos = 0;
  while (pos < bytes.size()) {
    MetadataField f;
    if (bytes.size() - pos < sizeof f) {
      return Error{ErrorCode::Corrupt, "metadata field header at byte " + std::to_string(pos) +
                                           " of the metadata is truncated"};
    }
    std::memcpy(&f, bytes.data() + pos, sizeof f);
    pos += sizeof f;
    if (f.size > bytes.size() - pos) {
      return Error{ErrorCode::Corrupt, "metadata field " + std::to_string(f.id) + " of " +
                                           std::to_string(f.size) + " bytes overruns the header"};
    }
    const auto value = bytes.subspan(pos, f.size);
    const std::string_view text(reinterpret_cast<const char*>(value.data()), value.size());
    auto need = [&](size_t n) -> bool { return value.size() == n; };
    switch (static_cast<MetadataId>(f.id)) {
      case MetadataId::ToolVersion: info.tool_version = text; break;
      case MetadataId::GuestProcess: info.guest_process = text; break;
      case MetadataId::Transport: info.transport = text; break;
      case MetadataId::CaptureTimeNs:
        if (!need(8)) return Error{ErrorCode::Corrupt, "metadata capture time is not 8 bytes"};
        std::memcpy(&info.capture_time_ns, value.data(), 8);
        break;
      case MetadataId::ProtocolVersion:
        if (!need(4)) return Error{ErrorCode::Corrupt, "metadata protocol version is not 4 bytes"};
        std::memcpy(&info.protocol_version, value.data(), 4);
        break;
      case MetadataId::Capset: {
        format::CapsetMetadata m;
        if (!need(sizeof m)) return Error{ErrorCode::Corrupt, "metadata capset is not 8 bytes"};
        std::memcpy(&m, value.data(), sizeof m);
        info.capsets.push_back({m.capset_id, m.max_version});
        break;
      }
      default: break;  // a field of a later minor version
    }
    const size_t padded = (size_t{f.size} + 7) & ~size_t{7};
    pos += std::min(padded, bytes.size() - pos);
  }
  return info;
}

}  // namespace vgpu::trace
