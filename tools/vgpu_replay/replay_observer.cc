#include "tools/vgpu_replay/replay_observer.h"

#include <cstdio>

#include "replay/image_metrics.h"
#include "replay/png_codec.h"

namespace vgpu::tools {
namespace {

uint32_t badness(const replay::ReadbackOutcome& r) {
  if (r.metrics && r.metrics->same_size) return r.metrics->max_channel_error;
  return r.matched ? 0 : 256;  // a digest or byte mismatch without pixels to measure
}

replay::GalleryEntry entry(std::string title, const replay::ReadbackOutcome& r,
                           const replay::RgbaImage* reference, const replay::RgbaImage* replayed,
                           uint32_t tolerance) {
  replay::GalleryEntry e;
  e.title = std::move(title);
  e.badness = badness(r);
  e.matched = r.matched;
  if (reference) e.reference = *reference;
  if (replayed) e.replayed = *replayed;
  if (reference && replayed) e.diff = replay::diff_image(*reference, *replayed, tolerance);
  return e;
}

}  // namespace

std::string frame_file_name(uint64_t frame) {
  char name[48];
  std::snprintf(name, sizeof name, "frame-%06llu.png", static_cast<unsigned long long>(frame));
  return name;
}

ReplayObserver::ReplayObserver(ObserverOptions options)
    : options_(std::move(options)), gallery_(options_.gallery_size) {}

void ReplayObserver::dump(const std::string& name, const replay::RgbaImage& image) {
  if (auto s = replay::write_png(*options_.dump_dir / name, image); !s) {
    errors_.push_back(s.error().message);
  }
}

void ReplayObserver::on_readback(const replay::ReadbackOutcome& r,
                                 const replay::RgbaImage* reference,
                                 const replay::RgbaImage* replayed) {
  if (options_.dump_dir && options_.dump_readbacks && replayed) {
    char name[80];
    std::snprintf(name, sizeof name, "readback-event%llu-res%u.png",
                  static_cast<unsigned long long>(r.event), r.res_id);
    dump(name, *replayed);
  }
  if (options_.gallery_size != 0 && (reference || replayed)) {
    gallery_.offer(entry("readback (frame " + std::to_string(r.frame) + ", event " +
                             std::to_string(r.event) + ", res " + std::to_string(r.res_id) + ")",
                         r, reference, replayed, options_.tolerance));
  }
}

void ReplayObserver::on_frame(const replay::FrameOutcome& f, const replay::RgbaImage* reference,
                              const replay::RgbaImage* replayed) {
  ++frames_;
  if (options_.collect_checksums && !f.md5.empty()) checksums_[f.number] = f.md5;
  if (replayed && options_.dump_dir) dump(frame_file_name(f.number), *replayed);
  if (options_.reference_dir) {
    compare_with_reference(f, replayed);
    return;
  }
  if (options_.gallery_size != 0 && f.has_image) {
    gallery_.offer(entry("frame " + std::to_string(f.number), f.readback, reference, replayed,
                         options_.tolerance));
  }
}

void ReplayObserver::compare_with_reference(const replay::FrameOutcome& f,
                                            const replay::RgbaImage* replayed) {
  ReferenceResult& result = references_[f.number];
  const auto path = *options_.reference_dir / frame_file_name(f.number);
  if (!replayed) {
    result.error = f.has_image ? "the replayed frame could not be decoded" : "no display readback";
    result.matched = !f.has_image && !std::filesystem::exists(path);
    return;
  }
  auto png = replay::read_png(path);
  if (!png) {
    result.error = png.error().message;
    return;
  }
  result.metrics = replay::compare_images(*png, *replayed, options_.tolerance);
  result.matched = result.metrics.within(options_.tolerance);
  if (options_.gallery_size != 0) {
    replay::GalleryEntry e;
    e.title = "frame " + std::to_string(f.number) + " (vs " + path.filename().string() + ")";
    e.badness = result.metrics.same_size ? result.metrics.max_channel_error : 256;
    e.matched = result.matched;
    e.diff = replay::diff_image(*png, *replayed, options_.tolerance);
    e.reference = std::move(*png);
    e.replayed = *replayed;
    gallery_.offer(std::move(e));
  }
}

void ReplayObserver::on_progress(uint64_t done, uint64_t total) {
  if (!options_.progress_bar) return;
  const auto now = std::chrono::steady_clock::now();
  if (drawn_ && now - last_draw_ < std::chrono::milliseconds(100) && done != total) return;
  last_draw_ = now;
  drawn_ = true;
  constexpr int kWidth = 30;
  const double part = total ? std::min(1.0, double(done) / double(total)) : 0;
  const int filled = static_cast<int>(part * kWidth);
  std::fprintf(stderr, "\r[%.*s%.*s] %3d%%  events %llu/%llu  frames %llu ", filled,
               "##############################", kWidth - filled,
               "..............................", static_cast<int>(part * 100),
               static_cast<unsigned long long>(done), static_cast<unsigned long long>(total),
               static_cast<unsigned long long>(frames_));
}

void ReplayObserver::end_progress() {
  if (drawn_) std::fputc('\n', stderr);
  drawn_ = false;
}

}  // namespace vgpu::tools
