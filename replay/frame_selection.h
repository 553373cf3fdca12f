// Which frames to check and dump: "--frames 10-20,35".  Numbers are 1-based, as every frame
// number replay and vgpu-trace print (frame 1 ends at the trace's first FrameEnd).
#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

#include "trace/result.h"

namespace vgpu::replay {

class FrameSelection {
 public:
  // Every frame.
  FrameSelection() = default;
  // "3", "10-20", "1-5,8,40-"  (an open end runs to the last frame).  Errors say which part.
  [[nodiscard]] static trace::Result<FrameSelection> parse(std::string_view text);

  [[nodiscard]] bool contains(uint64_t frame) const;
  // The last selected frame (UINT64_MAX when open-ended): replay can stop after it.
  [[nodiscard]] uint64_t last() const;
  [[nodiscard]] bool all() const { return ranges_.empty(); }

 private:
  struct Range {
    uint64_t first = 1, last = 1;
  };
  std::vector<Range> ranges_;  // empty: every frame
};

}  // namespace vgpu::replay
