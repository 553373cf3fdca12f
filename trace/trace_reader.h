// Reads a .vtrc file (trace/docs/vtrc-format.md) as a stream of Events.
//
// Memory stays bounded whatever the trace size: the block being read plus `cached_blocks`
// decompressed blocks kept for payload references.  Payload views in the returned Event point
// into those blocks; they are valid until the next call to next(), seek_frame() or rewind().
//
// Damage handling: a file whose trailer or index is missing or invalid (a capture that crashed)
// is read by scanning its blocks; every whole block is returned and warnings() says where the
// damage starts.  A block whose checksum, sizes or records are wrong is an error naming the
// block number and its byte offset.  No input makes the reader crash, hang, or allocate more
// than `max_block_size` per block.
#pragma once

#include <cstdint>
#include <filesystem>
#include <memory>
#include <span>
#include <string>
#include <vector>

#include "trace/capture_info.h"
#include "trace/content_hash.h"
#include "trace/events.h"
#include "trace/result.h"
#include "trace/trace_index.h"

namespace vgpu::trace {

struct ReaderOptions {
  uint32_t max_block_size = format::kMaxBlockSize;  // refuse larger blocks (fuzzers lower it)
  size_t cached_blocks = 4;                         // decompressed blocks kept for references
  // Off only in fuzzers: random mutations rarely keep a CRC valid, so with checks on, the code
  // behind them (decompression, records, references) would never see hostile bytes.
  bool verify_checksums = true;
};

// Where the last event returned by next() lives.
struct EventPosition {
  uint64_t event = 0;         // event number
  uint32_t block = 0;         // block number
  uint64_t block_offset = 0;  // file offset of that block's header
  uint32_t record_offset = 0; // byte offset of the record in the block's uncompressed data
  bool payload_was_ref = false;
  ContentHash payload_hash;   // as stored: zero unless the writer considered it for dedup
};

struct ReaderStats {
  uint64_t blocks = 0;              // Events blocks loaded by the stream (not counting refs)
  uint64_t stored_bytes = 0;        // their headers + stored bytes
  uint64_t uncompressed_bytes = 0;  // their uncompressed bytes
  uint64_t unknown_records = 0;     // records of a later version, skipped
};

class TraceReader {
 public:
  [[nodiscard]] static Result<std::unique_ptr<TraceReader>> open(
      const std::filesystem::path& path, const ReaderOptions& options = {});
  // Reads a trace held in memory (which must outlive the reader); `name` appears in messages.
  [[nodiscard]] static Result<std::unique_ptr<TraceReader>> open_memory(
      std::span<const uint8_t> data, std::string name, const ReaderOptions& options = {});

  ~TraceReader();
  TraceReader(const TraceReader&) = delete;
  TraceReader& operator=(const TraceReader&) = delete;

  [[nodiscard]] const CaptureInfo& capture_info() const;
  [[nodiscard]] uint16_t version_minor() const;
  [[nodiscard]] uint64_t file_size() const;
  [[nodiscard]] const std::string& name() const;

  // The footer index, or nullptr when the file has none that is valid (see warnings()).
  [[nodiscard]] const TraceIndex* index() const;

  // Everything that was recoverable but not right ("<file>: offset N: ..."), in order found.
  [[nodiscard]] const std::vector<std::string>& warnings() const;

  // The next event: true with `event` filled, false at the end of the trace, or an Error
  // (after which every call returns that error).
  [[nodiscard]] Result<bool> next(Event& event);

  // Positions the stream at the first event of frame `frame` (the events after the frame-th
  // FrameEnd; frame 0 is the start).  Uses the index; without one, scans from the start.
  [[nodiscard]] Status seek_frame(uint64_t frame);

  // Back to the first event.
  [[nodiscard]] Status rewind();

  [[nodiscard]] const EventPosition& position() const;
  [[nodiscard]] const ReaderStats& stats() const;

 private:
  struct Impl;
  explicit TraceReader(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace vgpu::trace
