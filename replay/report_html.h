// The HTML report (--html FILE.html): one self-contained page (images inline as base64 PNG)
// with reference | replay | diff for the frames and readbacks kept by the gallery, worst first,
// above a table of every frame's metrics.
#pragma once

#include <string>
#include <vector>

#include "replay/image_gallery.h"
#include "replay/player.h"
#include "replay/report_json.h"

namespace vgpu::replay {

[[nodiscard]] std::string report_html(const ReplayRun& run, const ReportContext& context,
                                      const std::vector<GalleryEntry>& gallery);

// RFC 4648 base64 (for data: URLs).
[[nodiscard]] std::string base64(std::span<const uint8_t> bytes);

}  // namespace vgpu::replay
