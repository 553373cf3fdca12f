#include "capture/interposer/interposer_config.h"

#include <charconv>

namespace vgpu::interposer {
namespace {

using trace::Error;
using trace::ErrorCode;

template <class T>
std::optional<T> parse_number(std::string_view text) {
  T value{};
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc{} || end != text.data() + text.size() || text.empty()) return std::nullopt;
  return value;
}

Error bad(const char* name, std::string_view value, std::string_view expected) {
  return Error{ErrorCode::InvalidArgument,
               std::string(name) + "='" + std::string(value) + "': expected " +
                   std::string(expected)};
}

// "FIRST-LAST", "FIRST-" or "N" (that one frame).
bool parse_frames(std::string_view text, InterposerConfig& out) {
  const size_t dash = text.find('-');
  const auto first = parse_number<uint64_t>(text.substr(0, dash));
  if (!first) return false;
  out.first_frame = *first;
  if (dash == std::string_view::npos) {
    out.last_frame = *first;
    return true;
  }
  const std::string_view rest = text.substr(dash + 1);
  if (rest.empty()) return true;
  const auto last = parse_number<uint64_t>(rest);
  if (!last || *last < *first) return false;
  out.last_frame = *last;
  return true;
}

}  // namespace

trace::Result<std::optional<InterposerConfig>> config_from_env(const EnvLookup& env) {
  const char* file = env("VGPU_CAPTURE_FILE");
  if (!file || !*file) return std::optional<InterposerConfig>{};
  InterposerConfig config;
  config.path_template = file;

  if (const char* v = env("VGPU_CAPTURE_LEVEL")) {
    const auto level = parse_number<int>(v);
    if (!level || *level < -7 || *level > 19) {
      return bad("VGPU_CAPTURE_LEVEL", v, "a zstd level from -7 to 19");
    }
    config.zstd_level = *level;
  }
  if (const char* v = env("VGPU_CAPTURE_FULL_FRAMES_EVERY")) {
    const auto every = parse_number<uint32_t>(v);
    if (!every || *every == 0) return bad("VGPU_CAPTURE_FULL_FRAMES_EVERY", v, "a count >= 1");
    config.full_frames_every = *every;
  }
  if (const char* v = env("VGPU_CAPTURE_FRAMES")) {
    if (!parse_frames(v, config)) {
      return bad("VGPU_CAPTURE_FRAMES", v, "FIRST-LAST, FIRST- or N (frame numbers from 0)");
    }
  }
  return std::optional<InterposerConfig>{std::move(config)};
}

std::string expand_path(std::string_view path_template, pid_t pid) {
  std::string out;
  for (size_t i = 0; i < path_template.size(); ++i) {
    if (path_template[i] == '%' && i + 1 < path_template.size()) {
      if (path_template[i + 1] == 'p') {
        out += std::to_string(pid);
        ++i;
        continue;
      }
      if (path_template[i + 1] == '%') {
        out += '%';
        ++i;
        continue;
      }
    }
    out += path_template[i];
  }
  return out;
}

}  // namespace vgpu::interposer
