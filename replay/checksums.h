// Frame checksums for CI, in the spirit of Mesa's traces.yml: for each trace and each device
// (back end + GL renderer), the md5 (md5.h) of chosen frames.  Stored as JSON:
//   {"traces": {"triangle.vtrc": {"renderer/llvmpipe": {"1": "<md5>", ...}}}}
// Traces are keyed by file name, so that the file is the same wherever the corpus lives.
#pragma once

#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include "trace/result.h"

namespace vgpu::replay {

using FrameChecksums = std::map<uint64_t, std::string>;  // frame number -> md5

class ChecksumFile {
 public:
  // An absent file reads as empty (the first --update-checksums creates it).
  [[nodiscard]] static trace::Result<ChecksumFile> load(const std::filesystem::path& path);
  [[nodiscard]] trace::Status save(const std::filesystem::path& path) const;

  // Null when the file has nothing for this trace on this device.
  [[nodiscard]] const FrameChecksums* find(const std::string& trace,
                                           const std::string& device) const;
  void set(const std::string& trace, const std::string& device, FrameChecksums sums);

 private:
  std::map<std::string, std::map<std::string, FrameChecksums>> traces_;
};

struct ChecksumMismatch {
  uint64_t frame = 0;
  std::string expected, got;  // got is empty when the frame was not replayed
};

// Every expected frame against the replayed ones.
[[nodiscard]] std::vector<ChecksumMismatch> compare_checksums(const FrameChecksums& expected,
                                                              const FrameChecksums& got);

}  // namespace vgpu::replay
