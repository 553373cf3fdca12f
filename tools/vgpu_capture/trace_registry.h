// The traces one vgpu-capture run writes: a single file for every client, or (--per-client) one
// file per client connection in a directory, each finalized as soon as its client ends so that a
// long --listen run leaves complete files behind.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <string>

#include "capture/capture_sink.h"
#include "capture/client_session.h"

namespace vgpu::tools {

// A process name made safe for a file name: "glxgears"...  The end of the name is kept: Mesa sends
// shader_runner's test path (cut at 63 bytes), whose tail is what tells tests apart.
[[nodiscard]] std::string file_safe(const std::string& name);
// "client-007-glxgears.vtrc": the name of client `index`'s trace in a --per-client directory.
[[nodiscard]] std::string per_client_name(uint32_t index, const std::string& process);
// The summary printed for each trace written: clients, frames, events, bytes, compression ratio.
[[nodiscard]] std::string summary_line(const std::string& path, uint32_t clients,
                                       const trace::WriterStats& stats, bool failed);

class TraceRegistry {
 public:
  TraceRegistry(std::string output, bool per_client, std::string guest_process,
                trace::WriterOptions writer_options);

  // Single-file mode: creates the trace now, so that a run with no client still leaves a valid one.
  [[nodiscard]] trace::Status open_shared();
  [[nodiscard]] capture::SinkProvider provider();
  void client_ended(const capture::ClientInfo& client);
  // Finalizes every trace still open; false if any could not be written (each error is logged).
  bool finalize_all();
  // One line per trace: clients, frames, events, bytes, compression ratio.
  void print_summary() const;

 private:
  struct Entry {
    std::string path;
    std::shared_ptr<capture::CaptureSink> sink;
    uint32_t clients = 0;
    bool finalized = false;
    bool failed = false;
  };
  std::shared_ptr<capture::CaptureSink> sink_for(const capture::ClientInfo& client);
  trace::Result<std::shared_ptr<capture::CaptureSink>> create(const std::string& path,
                                                             const std::string& process,
                                                             uint32_t protocol_version);
  void finalize(Entry& entry);

  std::string output_;
  bool per_client_;
  std::string guest_process_;
  trace::WriterOptions writer_options_;
  mutable std::mutex mutex_;
  std::map<uint32_t, Entry> entries_;  // key: client index; 0 is the shared trace
};

}  // namespace vgpu::tools
