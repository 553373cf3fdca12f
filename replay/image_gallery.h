// The frames and readbacks worth showing in the HTML report, worst first, bounded: a trace of
// thousands of frames must not keep thousands of images in memory.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "replay/rgba_image.h"

namespace vgpu::replay {

struct GalleryEntry {
  std::string title;      // "frame 12", "readback (event 40, res 7)"
  uint32_t badness = 0;   // max channel error; 256 for a failed or digest mismatch
  bool matched = true;
  RgbaImage reference;    // empty for a digest (no recorded pixels)
  RgbaImage replayed;
  RgbaImage diff;         // empty without a reference
};

class ImageGallery {
 public:
  explicit ImageGallery(size_t capacity) : capacity_(capacity) {}
  // Keeps the entry if it is among the `capacity` worst seen (ties: the earliest stays).
  void offer(GalleryEntry entry);
  // Worst first.
  [[nodiscard]] std::vector<GalleryEntry> take_sorted();

 private:
  size_t capacity_;
  std::vector<GalleryEntry> entries_;
};

}  // namespace vgpu::replay
