// Writes events to a .vtrc file (trace/docs/vtrc-format.md).
//
// Producers serialize events into the block in progress under a short lock; a background thread
// compresses each finished block and writes it, so a producer waits only when `queue_blocks`
// finished blocks are already waiting for that thread.  Every block is written with write(2) as
// soon as it is compressed: if the capturing process dies, the file holds every finished block
// and a reader recovers them (only the block in progress is lost).
//
// Payloads of at least `dedup_min_size` bytes are keyed by content hash; a payload seen before is
// stored as a 40-byte reference to its first copy, so a texture or command buffer re-sent every
// frame costs almost nothing.
#pragma once

#include <cstdint>
#include <filesystem>
#include <memory>

#include "trace/capture_info.h"
#include "trace/event_sink.h"
#include "trace/result.h"

namespace vgpu::trace {

struct WriterOptions {
  int level = 3;                      // zstd level (1..19; negative = faster levels)
  size_t block_size = 1u << 20;       // uncompressed bytes per block (a larger event gets its own)
  size_t dedup_min_size = 4096;       // payloads this large are stored once; 0 disables dedup
  size_t queue_blocks = 4;            // finished blocks waiting for compression before producers wait
  size_t max_dedup_entries = 1u << 20;  // distinct payloads remembered (bounds writer memory)
  // Filtered Events blocks (block_filter.h) and a zstd-compressed index, both format 1.3.  Off,
  // the file is readable by 1.0-1.2 readers too (plain zstd blocks, raw index).
  bool filter = true;
};

struct WriterStats {
  uint64_t events = 0;
  uint64_t input_bytes = 0;         // records as if every payload were inline
  uint64_t uncompressed_bytes = 0;  // records as stored (after dedup), before zstd
  uint64_t file_bytes = 0;          // bytes written to the file so far
  uint64_t blocks = 0;              // blocks written
  uint64_t dedup_hits = 0;          // payloads stored as references
  uint64_t frames = 0;              // FrameEnd events
};

class TraceWriter final : public EventSink {
 public:
  // Creates (truncates) `path` and writes the file header.
  [[nodiscard]] static Result<std::unique_ptr<TraceWriter>> create(
      const std::filesystem::path& path, const CaptureInfo& info, const WriterOptions& options = {});

  // Finalizes if finalize() was not called; errors are then lost, so call finalize().
  ~TraceWriter() override;
  TraceWriter(const TraceWriter&) = delete;
  TraceWriter& operator=(const TraceWriter&) = delete;

  // Thread-safe.  Copies what it needs from `event` before returning (the views may die after).
  // `event.number` is ignored: numbers are assigned in the order write() calls take the lock, so
  // the events of one producer keep their order.  After an I/O error every call returns it.
  [[nodiscard]] Status write(const Event& event);
  [[nodiscard]] Status on_event(const Event& event) override { return write(event); }

  // Seals the block in progress and waits until every block so far is on disk: a checkpoint.
  [[nodiscard]] Status flush();

  // Writes the last block, the index and the trailer, and closes the file.  Idempotent: later
  // calls return the first call's result.  write() after finalize() returns ErrorCode::Closed.
  [[nodiscard]] Status finalize();

  [[nodiscard]] WriterStats stats() const;

 private:
  struct Impl;
  explicit TraceWriter(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace vgpu::trace
