// What the replay tests share: corpus traces, rewritten copies of them (events changed on the
// way through the real reader and writer), a scratch directory, and the built-in renderer as
// the back end (real llvmpipe, no mock).
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "replay/backend.h"
#include "replay/player.h"
#include "trace/events.h"
#include "trace/trace_reader.h"

namespace vgpu::replay::testing {

[[nodiscard]] std::filesystem::path corpus_trace(const std::string& name);  // "triangle"

// A fresh directory under the system temp directory, removed by the destructor.
class ScratchDir {
 public:
  explicit ScratchDir(const std::string& name);
  ~ScratchDir();
  ScratchDir(const ScratchDir&) = delete;
  ScratchDir& operator=(const ScratchDir&) = delete;
  [[nodiscard]] const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
};

// Returns the event to write instead of `event`.  Payloads it points to must live until the
// callback is called again (the writer copies them at once).
using EventRewrite = std::function<trace::Event(const trace::Event& event)>;

// Copies `from` into `to` through `rewrite`, with `block_size`-byte blocks (small blocks make a
// trace whose middle can be damaged while its start stays whole).
void rewrite_trace(const std::filesystem::path& from, const std::filesystem::path& to,
                   const EventRewrite& rewrite, size_t block_size = 1u << 20);

// The same trace with every TransferFromHost recorded as a ReadbackDigest (how vgpu-capture's
// frame-pixel policy stores most frames), hashed with `algorithm` (ContentHash: as traces of
// format 1.2-1.3 hold them).  `damage_frame` (1-based; 0 none) gets a digest of different bytes.
void write_digest_trace(const std::filesystem::path& from, const std::filesystem::path& to,
                        uint64_t damage_frame = 0,
                        trace::DigestAlgorithm algorithm = trace::DigestAlgorithm::Xxh3_64);

// `from` rewritten with 512-byte blocks into `to`, then 8 bytes in the middle of the file
// flipped: its first blocks stay whole, the rest is lost.
void write_damaged_trace(const std::filesystem::path& from, const std::filesystem::path& to);

[[nodiscard]] BackendFactory renderer_factory();

// Replays `path` on the built-in renderer with `options`; fails the test if it cannot open.
[[nodiscard]] ReplayRun replay_file(const std::filesystem::path& path,
                                    const PlayerOptions& options = {});

}  // namespace vgpu::replay::testing
