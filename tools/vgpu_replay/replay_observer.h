// What vgpu-replay does while the player runs: the progress bar, PNG dumps, the gallery of the
// HTML report, --reference comparisons, and the md5 of each frame for the checksum file.
#pragma once

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <map>
#include <optional>
#include <string>

#include "replay/checksums.h"
#include "replay/image_gallery.h"
#include "replay/player.h"

namespace vgpu::tools {

struct ObserverOptions {
  bool progress_bar = false;
  std::optional<std::filesystem::path> dump_dir;  // frame-NNNNNN.png (+ readback-... with
  bool dump_readbacks = false;                    // --dump-readbacks)
  std::optional<std::filesystem::path> reference_dir;  // frame-NNNNNN.png to compare with
  uint32_t tolerance = 0;
  size_t gallery_size = 0;  // 0: keep no images (no --html)
  bool collect_checksums = false;  // keep each frame's md5 (--checksums)
};

// A --reference comparison of one frame (it replaces the recorded-bytes comparison).
struct ReferenceResult {
  bool matched = false;
  replay::ImageMetrics metrics;
  std::string error;  // no such PNG, unreadable, no replayed image
};

class ReplayObserver final : public replay::PlayerObserver {
 public:
  explicit ReplayObserver(ObserverOptions options);

  void on_readback(const replay::ReadbackOutcome& outcome, const replay::RgbaImage* reference,
                   const replay::RgbaImage* replayed) override;
  void on_frame(const replay::FrameOutcome& frame, const replay::RgbaImage* reference,
                const replay::RgbaImage* replayed) override;
  void on_progress(uint64_t events_done, uint64_t events_total) override;
  void end_progress();

  [[nodiscard]] replay::ImageGallery& gallery() { return gallery_; }
  [[nodiscard]] const std::map<uint64_t, ReferenceResult>& references() const {
    return references_;
  }
  [[nodiscard]] const replay::FrameChecksums& checksums() const { return checksums_; }
  [[nodiscard]] const std::vector<std::string>& errors() const { return errors_; }

 private:
  void dump(const std::string& name, const replay::RgbaImage& image);
  void compare_with_reference(const replay::FrameOutcome& frame,
                              const replay::RgbaImage* replayed);

  ObserverOptions options_;
  replay::ImageGallery gallery_;
  std::map<uint64_t, ReferenceResult> references_;
  replay::FrameChecksums checksums_;
  std::vector<std::string> errors_;  // dumps that failed
  uint64_t frames_ = 0;
  std::chrono::steady_clock::time_point last_draw_;
  bool drawn_ = false;
};

// "frame-000012.png": how frames are named in dumps and looked up in --reference directories.
[[nodiscard]] std::string frame_file_name(uint64_t frame);

}  // namespace vgpu::tools
