// Finds, in a virgl command buffer, the commands that make the host read or write a resource's
// backing memory: TRANSFER3D (either direction) and COPY_TRANSFER3D (from or into a staging
// buffer).  Capture snapshots the backing for each before (uploads) or after (readbacks) the host
// runs the buffer; Mesa's virpipe sends every texture and buffer upload this way.
#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "capture/backing_range.h"
#include "trace/events.h"

namespace vgpu::capture {

struct ScannedTransfer {
  bool to_host = true;       // false: the host writes the backing (a readback)
  uint32_t res_id = 0;       // whose backing is read or written
  uint32_t region_res = 0;   // the resource the box describes (differs for COPY_TRANSFER3D)
  uint32_t level = 0;
  trace::Box box;
  uint32_t stride = 0, layer_stride = 0;
  uint64_t offset = 0;       // into res_id's backing

  // The backing range shape, given the target of region_res.
  [[nodiscard]] TransferShape shape(uint32_t region_target) const {
    return {region_target, stride, layer_stride, box.width, box.height, box.depth, offset};
  }
};

struct UploadScan {
  std::vector<ScannedTransfer> transfers;
};

// Commands the decoder rejects are skipped (the host will reject them too); a malformed stream
// ends the scan where it breaks, as it ends the host's decoding there.
[[nodiscard]] UploadScan scan_transfers(std::span<const uint32_t> commands);

}  // namespace vgpu::capture
