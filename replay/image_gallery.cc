#include "replay/image_gallery.h"

#include <algorithm>

namespace vgpu::replay {
namespace {

bool worse(const GalleryEntry& a, const GalleryEntry& b) { return a.badness > b.badness; }

}  // namespace

void ImageGallery::offer(GalleryEntry entry) {
  if (capacity_ == 0) return;
  if (entries_.size() < capacity_) {
    entries_.push_back(std::move(entry));
    return;
  }
  auto best = std::min_element(entries_.begin(), entries_.end(),
                               [](const GalleryEntry& a, const GalleryEntry& b) {
                                 return a.badness < b.badness;
                               });
  if (entry.badness > best->badness) *best = std::move(entry);
}

std::vector<GalleryEntry> ImageGallery::take_sorted() {
  std::stable_sort(entries_.begin(), entries_.end(), worse);
  return std::move(entries_);
}

}  // namespace vgpu::replay
