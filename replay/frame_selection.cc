#include "replay/frame_selection.h"

#include <algorithm>
#include <charconv>
#include <string>

namespace vgpu::replay {
namespace {

constexpr size_t kMaxRanges = 4096;

trace::Error selection_error(std::string_view part, std::string why) {
  return trace::Error{trace::ErrorCode::InvalidArgument,
                      "frame selection \"" + std::string(part) + "\": " + std::move(why)};
}

bool parse_number(std::string_view text, uint64_t& out) {
  if (text.empty()) return false;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), out);
  return ec == std::errc() && end == text.data() + text.size();
}

}  // namespace

trace::Result<FrameSelection> FrameSelection::parse(std::string_view text) {
  FrameSelection selection;
  if (text.empty()) return selection_error(text, "empty");
  size_t start = 0;
  while (start <= text.size()) {
    const size_t comma = std::min(text.find(',', start), text.size());
    const std::string_view part = text.substr(start, comma - start);
    start = comma + 1;
    Range range;
    const size_t dash = part.find('-');
    const bool ok = dash == std::string_view::npos
                        ? parse_number(part, range.first) && (range.last = range.first, true)
                        : parse_number(part.substr(0, dash), range.first) &&
                              (dash + 1 == part.size()
                                   ? (range.last = UINT64_MAX, true)
                                   : parse_number(part.substr(dash + 1), range.last));
    if (!ok) return selection_error(part, "expected N, N-M or N-");
    if (range.first == 0) return selection_error(part, "frames are numbered from 1");
    if (range.last < range.first) return selection_error(part, "the range runs backwards");
    if (selection.ranges_.size() == kMaxRanges) return selection_error(part, "too many ranges");
    selection.ranges_.push_back(range);
    if (comma == text.size()) break;
  }
  return selection;
}

bool FrameSelection::contains(uint64_t frame) const {
  if (ranges_.empty()) return true;
  return std::any_of(ranges_.begin(), ranges_.end(),
                     [frame](const Range& r) { return frame >= r.first && frame <= r.last; });
}

uint64_t FrameSelection::last() const {
  uint64_t last = ranges_.empty() ? UINT64_MAX : 0;
  for (const Range& r : ranges_) last = std::max(last, r.last);
  return last;
}

}  // namespace vgpu::replay
