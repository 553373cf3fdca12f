#include "replay/checksums.h"

#include <charconv>
#include <cstring>
#include <fstream>
#include <nlohmann/json.hpp>

namespace vgpu::replay {
namespace {

trace::Error file_error(const std::filesystem::path& path, std::string why) {
  return trace::Error{trace::ErrorCode::Corrupt, path.string() + ": " + std::move(why)};
}

bool parse_frame(const std::string& text, uint64_t& frame) {
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), frame);
  return ec == std::errc() && end == text.data() + text.size() && frame != 0;
}

}  // namespace

trace::Result<ChecksumFile> ChecksumFile::load(const std::filesystem::path& path) {
  ChecksumFile file;
  std::ifstream in(path);
  if (!in) return file;
  const nlohmann::json j = nlohmann::json::parse(in, nullptr, /*allow_exceptions=*/false);
  if (j.is_discarded()) return file_error(path, "not valid JSON");
  if (!j.is_object() || !j.contains("traces") || !j["traces"].is_object()) {
    return file_error(path, "expected {\"traces\": {...}}");
  }
  for (const auto& [trace, devices] : j["traces"].items()) {
    if (!devices.is_object()) return file_error(path, trace + ": expected an object of devices");
    for (const auto& [device, frames] : devices.items()) {
      if (!frames.is_object()) return file_error(path, trace + "/" + device + ": expected frames");
      FrameChecksums& sums = file.traces_[trace][device];
      for (const auto& [frame_text, md5] : frames.items()) {
        uint64_t frame = 0;
        if (!parse_frame(frame_text, frame) || !md5.is_string()) {
          return file_error(path, trace + "/" + device + ": frame \"" + frame_text +
                                      "\" must be a frame number (from 1) with an md5 string");
        }
        sums[frame] = md5.get<std::string>();
      }
    }
  }
  return file;
}

trace::Status ChecksumFile::save(const std::filesystem::path& path) const {
  nlohmann::json j;
  j["traces"] = nlohmann::json::object();
  for (const auto& [trace, devices] : traces_) {
    for (const auto& [device, sums] : devices) {
      auto& frames = j["traces"][trace][device] = nlohmann::json::object();
      for (const auto& [frame, md5] : sums) frames[std::to_string(frame)] = md5;
    }
  }
  std::ofstream out(path, std::ios::trunc);
  out << j.dump(2) << "\n";
  if (!out) {
    return trace::Error{trace::ErrorCode::Io,
                        path.string() + ": cannot write: " + std::strerror(errno)};
  }
  return {};
}

const FrameChecksums* ChecksumFile::find(const std::string& trace,
                                         const std::string& device) const {
  const auto t = traces_.find(trace);
  if (t == traces_.end()) return nullptr;
  const auto d = t->second.find(device);
  return d == t->second.end() ? nullptr : &d->second;
}

void ChecksumFile::set(const std::string& trace, const std::string& device, FrameChecksums sums) {
  traces_[trace][device] = std::move(sums);
}

std::vector<ChecksumMismatch> compare_checksums(const FrameChecksums& expected,
                                                const FrameChecksums& got) {
  std::vector<ChecksumMismatch> out;
  for (const auto& [frame, md5] : expected) {
    const auto it = got.find(frame);
    const std::string replayed = it == got.end() ? "" : it->second;
    if (replayed != md5) out.push_back({frame, md5, replayed});
  }
  return out;
}

}  // namespace vgpu::replay
