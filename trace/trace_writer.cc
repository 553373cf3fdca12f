#include "trace/trace_writer.h"

#include <condition_variable>
#include <cstring>
#include <deque>
#include <mutex>
#include <optional>
#include <thread>
#include <unordered_map>
#include <vector>

#include "trace/block_codec.h"
#include "trace/checksum.h"
#include "trace/file_io.h"
#include "trace/format.h"
#include "trace/record_codec.h"
#include "trace/trace_index.h"

namespace vgpu::trace {

namespace f = format;

namespace {

struct HashKey {
  size_t operator()(const ContentHash& h) const { return static_cast<size_t>(h.lo); }
};
struct StoredPayload {
  PayloadLocation where;
  uint64_t size = 0;
};

// A sealed block waiting for the compression thread.
struct Job {
  std::vector<uint8_t> data;
  uint64_t first_event = 0;
  uint32_t event_count = 0;
};

std::vector<uint8_t> make_file_header(const CaptureInfo& info) {
  const std::vector<uint8_t> meta = encode_capture_info(info);
  f::FileHeader h{};
  std::memcpy(h.magic, f::kMagic, sizeof h.magic);
  h.version_major = f::kVersionMajor;
  h.version_minor = f::kVersionMinor;
  h.header_size = static_cast<uint32_t>(sizeof h + meta.size());
  h.metadata_size = static_cast<uint32_t>(meta.size());
  uint32_t c = crc32c({reinterpret_cast<const uint8_t*>(&h), sizeof h});
  h.checksum = crc32c(meta, c);
  std::vector<uint8_t> out(sizeof h);
  std::memcpy(out.data(), &h, sizeof h);
  out.insert(out.end(), meta.begin(), meta.end());
  return out;
}

}  // namespace

struct TraceWriter::Impl {
  WriterOptions options;
  std::unique_ptr<OutputFile> file;

  // Producer side, under `mutex`.
  mutable std::mutex mutex;
  std::vector<uint8_t> current;  // block in progress
  uint64_t current_first_event = 0;
  uint32_t current_count = 0;
  uint32_t current_block = 0;  // number the block in progress will get
  uint64_t next_event = 0;
  bool frame_pending = true;  // the next event starts a frame (frame 0 starts the trace)
  std::vector<f::FrameEntry> frames;
  std::unordered_map<ContentHash, StoredPayload, HashKey> payloads;
  WriterStats stats;
  std::optional<Error> failure;  // first I/O error, sticky
  bool closed = false;
  std::optional<Status> final_status;

  // Queue between producers and the compression thread, under `mutex`.
  std::deque<Job> queue;
  size_t in_flight = 0;  // jobs taken by the thread and not yet written
  bool stopping = false;
  std::condition_variable work_ready;
  std::condition_variable space_ready;  // also signalled when a job completes (flush waits)

  // Compression thread only (read by finalize() after join).
  std::vector<f::BlockEntry> blocks;
  std::thread thread;

  void seal_locked(std::unique_lock<std::mutex>& lock) {
    if (current_count == 0) return;
    space_ready.wait(lock, [&] { return queue.size() < options.queue_blocks || failure; });
    if (current_count == 0) return;  // another producer sealed it while we waited
    queue.push_back({std::move(current), current_first_event, current_count});
    current = {};
    current.reserve(options.block_size + 4096);
    current_first_event = next_event;
    current_count = 0;
    ++current_block;
    work_ready.notify_one();
  }

  void compress_loop() {
    BlockCompressor compressor(options.level);
    std::unique_lock lock(mutex);
    for (;;) {
      work_ready.wait(lock, [&] { return !queue.empty() || stopping; });
      if (queue.empty()) return;
      Job job = std::move(queue.front());
      queue.pop_front();
      ++in_flight;
      const bool failed = failure.has_value();
      lock.unlock();
      space_ready.notify_all();
      std::optional<Error> error;
      uint64_t offset = 0;
      size_t written = 0;
      if (!failed) {  // after a failure, drain the queue so producers never block forever
        auto block = compressor.compress(f::BlockKind::Events, job.data, job.first_event,
                                         job.event_count, options.filter);
        if (!block) {
          error = block.error();
        } else {
          offset = file->size();
          if (Status s = file->append(block.value()); !s) {
            error = s.error();
          } else {
            written = block.value().size();
            blocks.push_back({offset, job.first_event, job.event_count,
                              static_cast<uint32_t>(job.data.size())});
          }
        }
      }
      lock.lock();
      --in_flight;
      if (error && !failure) failure = error;
      if (written) {
        stats.file_bytes = file->size();
        ++stats.blocks;
      }
      space_ready.notify_all();
    }
  }

  Status write(const Event& event) {
    const Bytes payload = event_payload(event.body);
    const bool dedup = options.dedup_min_size > 0 && payload.size() >= options.dedup_min_size;
    ContentHash hash;
    if (dedup) hash = content_hash(payload);  // outside the lock: producers hash in parallel
    const size_t inline_size = record_size(event, false);
    if (inline_size > f::kMaxBlockSize) {
      return Error{ErrorCode::InvalidArgument,
                   file->name() + ": event " + std::string(event_kind_name(event)) + " of " +
                       std::to_string(inline_size) + " bytes is over the format's limit of " +
                       std::to_string(f::kMaxBlockSize)};
    }

    std::unique_lock lock(mutex);
    if (failure) return *failure;
    if (closed) return Error{ErrorCode::Closed, file->name() + ": writer already finalized"};
    std::optional<PayloadLocation> ref;
    const StoredPayload* known = nullptr;
    if (dedup) {
      auto it = payloads.find(hash);
      if (it != payloads.end() && it->second.size == payload.size()) known = &it->second;
    }
    const size_t size = known ? record_size(event, true) : inline_size;
    if (current_count > 0 && current.size() + size > options.block_size) seal_locked(lock);
    if (failure) return *failure;
    if (known) ref = known->where;
    if (frame_pending) {
      frames.push_back({next_event, current_block, static_cast<uint32_t>(current.size())});
      frame_pending = false;
    }
    const size_t payload_at = append_record(current, event, dedup ? &hash : nullptr, ref);
    if (dedup && !known && payloads.size() < options.max_dedup_entries) {
      payloads[hash] = {{current_block, static_cast<uint32_t>(payload_at)}, payload.size()};
    }
    ++current_count;
    ++next_event;
    ++stats.events;
    stats.input_bytes += inline_size;
    stats.uncompressed_bytes += size;
    if (known) ++stats.dedup_hits;
    if (std::holds_alternative<FrameEnd>(event.body)) {
      frame_pending = true;
      ++stats.frames;
    }
    if (current.size() >= options.block_size) seal_locked(lock);
    return {};
  }

  Status flush() {
    std::unique_lock lock(mutex);
    if (closed) return final_status.value_or(Status{});
    seal_locked(lock);
    space_ready.wait(lock, [&] { return (queue.empty() && in_flight == 0) || failure; });
    if (failure) return *failure;
    return {};
  }

  Status finalize() {
    std::unique_lock lock(mutex);
    if (final_status) return *final_status;
    closed = true;
    seal_locked(lock);
    stopping = true;
    work_ready.notify_all();
    lock.unlock();
    if (thread.joinable()) thread.join();
    lock.lock();
    final_status = finish_file();
    return *final_status;
  }

  // After the thread has exited: the index block, the trailer, close.
  Status finish_file() {
    if (failure) return *failure;
    TraceIndex index;
    index.blocks = blocks;
    index.event_count = next_event;
    for (const f::FrameEntry& fr : frames) {
      if (fr.first_event < next_event) index.frames.push_back(fr);  // drop an empty last frame
    }
    const std::vector<uint8_t> body = encode_index(index);
    std::vector<uint8_t> block;
    if (options.filter) {  // a frame entry per frame: raw, the index costs 16 bytes per frame
      auto compressed = BlockCompressor(options.level).compress(f::BlockKind::Index, body,
                                                                 next_event, 0);
      if (!compressed) return compressed.error();
      block = std::move(compressed.value());
    } else {
      block = make_raw_block(f::BlockKind::Index, body, next_event, 0);
    }
    if (block.size() - sizeof(f::BlockHeader) > f::kMaxBlockSize) {
      return Error{ErrorCode::TooLarge, file->name() + ": index over the format's block limit"};
    }
    f::Trailer t{};
    t.index_offset = file->size();
    t.event_count = next_event;
    t.index_size = static_cast<uint32_t>(block.size());
    t.magic = f::kTrailerMagic;
    t.checksum = crc32c({reinterpret_cast<const uint8_t*>(&t), sizeof t});
    if (Status s = file->append(block); !s) return s;
    if (Status s = file->append({reinterpret_cast<const uint8_t*>(&t), sizeof t}); !s) return s;
    stats.file_bytes = file->size();
    return file->close();
  }
};

TraceWriter::TraceWriter(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}

TraceWriter::~TraceWriter() {
  if (impl_) (void)impl_->finalize();
}

Result<std::unique_ptr<TraceWriter>> TraceWriter::create(const std::filesystem::path& path,
                                                        const CaptureInfo& info,
                                                        const WriterOptions& options) {
  if (options.block_size == 0 || options.block_size > f::kMaxBlockSize) {
    return Error{ErrorCode::InvalidArgument, "block size must be 1.." +
                                                 std::to_string(f::kMaxBlockSize) + " bytes"};
  }
  if (options.queue_blocks == 0) {
    return Error{ErrorCode::InvalidArgument, "queue_blocks must be at least 1"};
  }
  const std::vector<uint8_t> header = make_file_header(info);
  if (header.size() > f::kMaxHeaderSize) {
    return Error{ErrorCode::InvalidArgument, path.string() + ": capture metadata too large"};
  }
  auto file = OutputFile::create(path);
  if (!file) return file.error();
  if (Status s = file.value()->append(header); !s) return s.error();
  auto impl = std::make_unique<Impl>();
  impl->options = options;
  impl->file = std::move(file.value());
  impl->current.reserve(options.block_size + 4096);
  impl->stats.file_bytes = impl->file->size();
  Impl* raw = impl.get();
  impl->thread = std::thread([raw] { raw->compress_loop(); });
  return std::unique_ptr<TraceWriter>(new TraceWriter(std::move(impl)));
}

Status TraceWriter::write(const Event& event) { return impl_->write(event); }
Status TraceWriter::flush() { return impl_->flush(); }
Status TraceWriter::finalize() { return impl_->finalize(); }
WriterStats TraceWriter::stats() const {
  std::lock_guard lock(impl_->mutex);
  return impl_->stats;
}

}  // namespace vgpu::trace
