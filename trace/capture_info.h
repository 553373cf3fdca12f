// Capture metadata stored in the file header: who captured what, when, over which transport.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "trace/result.h"

namespace vgpu::trace {

struct CapsetSummary {
  uint32_t capset_id = 0;
  uint32_t max_version = 0;
  friend bool operator==(const CapsetSummary&, const CapsetSummary&) = default;
};

struct CaptureInfo {
  std::string tool_version;          // "vgpu-capture 0.1.0"
  uint64_t capture_time_ns = 0;      // since the Unix epoch
  std::string guest_process;         // guest program name, when the transport tells it
  std::string transport;             // "vtest", "virglrenderer", "synthetic"...
  uint32_t protocol_version = 0;     // of that transport
  std::vector<CapsetSummary> capsets;
  friend bool operator==(const CaptureInfo&, const CaptureInfo&) = default;
};

// The metadata fields of format.h (MetadataField + value + padding), in id order.
[[nodiscard]] std::vector<uint8_t> encode_capture_info(const CaptureInfo& info);
// Parses metadata fields; unknown ids are skipped (added in a later minor version).
[[nodiscard]] Result<CaptureInfo> decode_capture_info(std::span<const uint8_t> bytes);

}  // namespace vgpu::trace
