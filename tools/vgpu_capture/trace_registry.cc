#include "tools/vgpu_capture/trace_registry.h"

#include <chrono>
#include <cstdio>
#include <filesystem>

#include "capture/log.h"

namespace vgpu::tools {
namespace fs = std::filesystem;
using capture::log_line;

namespace {

std::string mib(uint64_t bytes) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.2f MiB", static_cast<double>(bytes) / (1 << 20));
  return buf;
}

}  // namespace

std::string file_safe(const std::string& name) {
  std::string out;
  for (char c : name.substr(name.size() > 40 ? name.size() - 40 : 0)) {
    out += (std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_' || c == '.') ? c : '_';
  }
  return out.empty() ? "guest" : out;
}

std::string per_client_name(uint32_t index, const std::string& process) {
  char prefix[32];
  std::snprintf(prefix, sizeof prefix, "client-%03u-", index);
  return prefix + file_safe(process) + ".vtrc";
}

std::string summary_line(const std::string& path, uint32_t clients, const trace::WriterStats& s,
                         bool failed) {
  const double ratio = s.file_bytes ? static_cast<double>(s.input_bytes) / static_cast<double>(s.file_bytes) : 0.0;
  char line[512];
  std::snprintf(line, sizeof line,
                "%s: %u client%s, %llu frames, %llu events, %s captured, %s on disk (%.1fx)%s",
                path.c_str(), clients, clients == 1 ? "" : "s",
                static_cast<unsigned long long>(s.frames), static_cast<unsigned long long>(s.events),
                mib(s.input_bytes).c_str(), mib(s.file_bytes).c_str(), ratio,
                failed ? " [WRITE FAILED]" : "");
  return line;
}

TraceRegistry::TraceRegistry(std::string output, bool per_client, std::string guest_process,
                             trace::WriterOptions writer_options)
    : output_(std::move(output)),
      per_client_(per_client),
      guest_process_(std::move(guest_process)),
      writer_options_(writer_options) {}

trace::Result<std::shared_ptr<capture::CaptureSink>> TraceRegistry::create(const std::string& path,
                                                                          const std::string& process,
                                                                          uint32_t protocol_version) {
  trace::CaptureInfo info;
  info.tool_version = std::string("vgpu-capture ") + VGPU_VERSION;
  info.capture_time_ns = static_cast<uint64_t>(
      std::chrono::duration_cast<std::chrono::nanoseconds>(
          std::chrono::system_clock::now().time_since_epoch())
          .count());
  info.guest_process = process;
  info.transport = "vtest";
  info.protocol_version = protocol_version;
  auto writer = trace::TraceWriter::create(path, info, writer_options_);
  if (!writer.ok()) return writer.error();
  return std::make_shared<capture::CaptureSink>(path, std::move(writer.value()));
}

trace::Status TraceRegistry::open_shared() {
  // Checked now so that a bad -o fails before the guest runs; the file is recreated with the
  // first client's metadata (process name, negotiated protocol version) when it connects.
  auto sink = create(output_, guest_process_, 0);
  if (!sink.ok()) return sink.error();
  std::lock_guard lock(mutex_);
  entries_[0] = Entry{output_, sink.value()};
  return {};
}

capture::SinkProvider TraceRegistry::provider() {
  return [this](const capture::ClientInfo& client) { return sink_for(client); };
}

std::shared_ptr<capture::CaptureSink> TraceRegistry::sink_for(const capture::ClientInfo& client) {
  std::lock_guard lock(mutex_);
  if (!per_client_) {
    Entry& shared = entries_[0];
    if (shared.clients++ == 0 && shared.sink && shared.sink->stats().events == 0) {
      // Nothing recorded yet: start the file over with what the first client told us.
      (void)shared.sink->finalize();
      auto sink = create(output_, guest_process_.empty() ? client.name : guest_process_,
                         client.protocol_version);
      if (sink.ok()) {
        shared.sink = sink.value();
      } else {
        log_line(output_ + ": " + sink.error().message);
        shared.failed = true;
        shared.sink = nullptr;
      }
    }
    return shared.sink;
  }
  std::error_code ec;
  fs::create_directories(output_, ec);
  const std::string path = (fs::path(output_) / per_client_name(client.index, client.name)).string();
  auto sink = create(path, client.name, client.protocol_version);
  if (!sink.ok()) {
    log_line("client " + std::to_string(client.index) + " not recorded: " + sink.error().message);
    entries_[client.index] = Entry{path, nullptr, 1, true, true};
    return nullptr;
  }
  entries_[client.index] = Entry{path, sink.value(), 1};
  return sink.value();
}

void TraceRegistry::finalize(Entry& entry) {
  if (entry.finalized || !entry.sink) return;
  entry.finalized = true;
  if (trace::Status s = entry.sink->finalize(); !s.ok()) {
    entry.failed = true;
    log_line(entry.path + ": " + s.error().message);
  }
}

void TraceRegistry::client_ended(const capture::ClientInfo& client) {
  if (!per_client_) return;
  std::lock_guard lock(mutex_);
  if (auto it = entries_.find(client.index); it != entries_.end()) finalize(it->second);
}

bool TraceRegistry::finalize_all() {
  std::lock_guard lock(mutex_);
  bool ok = true;
  for (auto& [index, entry] : entries_) {
    finalize(entry);
    ok = ok && !entry.failed;
  }
  return ok;
}

void TraceRegistry::print_summary() const {
  std::lock_guard lock(mutex_);
  for (const auto& [index, e] : entries_) {
    if (e.sink) log_line(summary_line(e.path, e.clients, e.sink->stats(), e.failed));
  }
}

}  // namespace vgpu::tools
