// --in-host: the spawned virgl_test_server records itself, with the libvirglrenderer interposer
// (capture/interposer) preloaded, and the guests talk to it directly.
//
// Why: the proxy puts one more process into every synchronous request (guest -> vgpu-capture ->
// host and back), two more wake-ups per round trip; at glxgears' ~1,000 frames a second that was
// most of capture's 17-20% cost (docs/benchmarks.md).  Inside the host there is no extra hop.
// What it costs: the host's forked child per guest writes that guest's trace, so one trace per
// guest connection (they cannot be merged into one file), and vtest's SYNC_* objects, which live
// in virgl_test_server rather than in the library, are seen as the library's fences
// (capture/interposer/README.md, "Known limits").  Only a host we start can be preloaded: with
// --upstream SOCKET the proxy is the only way.
//
// The children write to hidden files beside the final names, so that a vgpu-capture that dies
// leaves their sealed traces behind; collect() gives them their names once the guests are gone.
#pragma once

#include <sys/types.h>

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "trace/trace_writer.h"

namespace vgpu::tools {

struct InHostOptions {
  std::string output;       // the trace (or, per_client, the directory of traces)
  bool per_client = false;
  std::string guest;        // the command's name, for per-client file names
  std::string interposer;   // libvgpu-capture-virgl.so
  std::string preload_first;  // libraries the interposer needs loaded before it (a sanitizer runtime)
  int zstd_level = 3;
  uint32_t full_frames_every = 300;
};

class InHostRecording {
 public:
  explicit InHostRecording(InHostOptions options);

  // Checks that the output can be written where the host's children will write it.  Empty
  // when fine, else why not.
  [[nodiscard]] std::string prepare();

  // NAME=VALUE entries for the host process: the preload and the interposer's settings.
  [[nodiscard]] std::vector<std::string> host_env() const;

  // Waits up to `grace` for the host's per-guest processes (children of `host`) to exit, which
  // seals their traces, terminates the ones still running (the interposer seals on SIGTERM),
  // then names the traces of every guest that made a context.  False when a trace is missing or
  // unsealed (each logged).  Call before the host itself is stopped.
  bool collect(pid_t host, std::chrono::milliseconds grace);

  // One line per trace, as the proxy's summary: guests, frames, events, bytes, ratio.
  void print_summary() const;

 private:
  struct Written {
    std::string path;
    trace::WriterStats stats;  // as the proxy's writer would report them
    bool sealed = false;
  };
  [[nodiscard]] std::filesystem::path stage_dir() const;
  [[nodiscard]] std::string final_name(size_t rank) const;

  InHostOptions options_;
  std::vector<Written> written_;
};

}  // namespace vgpu::tools
