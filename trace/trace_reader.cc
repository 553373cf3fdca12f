#include "trace/trace_reader.h"

#include <algorithm>
#include <cstring>
#include <optional>

#include "trace/block_codec.h"
#include "trace/checksum.h"
#include "trace/file_io.h"
#include "trace/format.h"
#include "trace/record_codec.h"

namespace vgpu::trace {

namespace f = format;

namespace {

struct Block {
  uint32_t number = 0;
  uint64_t offset = 0;
  f::BlockHeader header{};
  std::vector<uint8_t> data;  // uncompressed records; std::vector storage is 16-byte aligned
};
using BlockPtr = std::shared_ptr<const Block>;

enum class Outcome { Loaded, End, Cut };

}  // namespace

struct TraceReader::Impl final : PayloadResolver {
  ReaderOptions options;
  std::unique_ptr<InputSource> src;
  CaptureInfo info;
  uint16_t minor = 0;
  uint64_t data_begin = 0;  // first block
  uint64_t data_end = 0;    // the index block when indexed, else the end of the file
  std::optional<TraceIndex> index;
  std::vector<std::string> warnings;
  std::vector<uint64_t> block_offsets;  // block number -> file offset, as far as known
  BlockDecompressor decompressor;
  std::vector<uint8_t> scratch;

  // Stream state.
  BlockPtr cur;
  size_t cur_pos = 0;
  uint32_t cur_records = 0;
  uint64_t next_block_offset = 0;
  uint32_t next_block_number = 0;
  uint64_t next_event = 0;
  bool at_end = false;
  std::optional<Error> failure;
  EventPosition position;
  ReaderStats stats;
  std::vector<BlockPtr> cache;  // most recently used first
  BlockPtr last_ref;            // keeps the last resolved payload alive until the next call

  std::string where(uint64_t offset) const {
    return src->name() + ": offset " + std::to_string(offset) + ": ";
  }
  std::string where_block(uint32_t number, uint64_t offset) const {
    return src->name() + ": block " + std::to_string(number) + " at offset " +
           std::to_string(offset) + ": ";
  }
  void warn(std::string message) {
    if (std::find(warnings.begin(), warnings.end(), message) == warnings.end()) {
      warnings.push_back(std::move(message));
    }
  }

  Status open_header() {
    const uint64_t size = src->size();
    f::FileHeader h;
    if (size < sizeof h) {
      return Error{ErrorCode::NotATrace, src->name() + ": " + std::to_string(size) +
                                             " bytes, too small for a .vtrc header"};
    }
    auto bytes = src->read(0, sizeof h, scratch);
    if (!bytes) return bytes.error();
    std::memcpy(&h, bytes.value().data(), sizeof h);
    if (std::memcmp(h.magic, f::kMagic, sizeof h.magic) != 0) {
      return Error{ErrorCode::NotATrace, src->name() + ": offset 0: not a .vtrc file (bad magic)"};
    }
    if (h.version_major != f::kVersionMajor) {
      return Error{ErrorCode::Unsupported,
                   src->name() + ": format version " + std::to_string(h.version_major) + "." +
                       std::to_string(h.version_minor) + " is not supported (this reader reads " +
                       std::to_string(f::kVersionMajor) + ".x)"};
    }
    if (h.header_size > f::kMaxHeaderSize || h.header_size > size ||
        uint64_t{h.metadata_size} + sizeof h != h.header_size) {
      return Error{ErrorCode::Corrupt, where(8) + "impossible header size " +
                                           std::to_string(h.header_size) + " (metadata " +
                                           std::to_string(h.metadata_size) + " bytes)"};
    }
    minor = h.version_minor;
    const uint32_t stored_checksum = h.checksum;
    h.checksum = 0;
    uint32_t c = crc32c({reinterpret_cast<const uint8_t*>(&h), sizeof h});
    auto meta = src->read(sizeof h, h.metadata_size, scratch);
    if (!meta) return meta.error();
    c = crc32c(meta.value(), c);
    if (c != stored_checksum && options.verify_checksums) {
      return Error{ErrorCode::Corrupt, where(0) + "file header checksum mismatch (the header or "
                                                  "its metadata is damaged)"};
    }
    auto decoded = decode_capture_info(meta.value());
    if (!decoded) return Error{ErrorCode::Corrupt, where(sizeof h) + decoded.error().message};
    info = std::move(decoded.value());
    data_begin = h.header_size;
    data_end = size;
    return {};
  }

  // Returns an empty string and fills `index` when the trailer and index are valid, else why not.
  std::string open_index() {
    const uint64_t size = src->size();
    f::Trailer t;
    if (size < data_begin + sizeof t + sizeof(f::BlockHeader)) return "no room for an index";
    auto bytes = src->read(size - sizeof t, sizeof t, scratch);
    if (!bytes) return bytes.error().message;
    std::memcpy(&t, bytes.value().data(), sizeof t);
    if (t.magic != f::kTrailerMagic) return "no trailer magic";
    const uint32_t stored_checksum = t.checksum;
    t.checksum = 0;
    if (crc32c({reinterpret_cast<const uint8_t*>(&t), sizeof t}) != stored_checksum &&
        options.verify_checksums) {
      return "trailer checksum mismatch";
    }
    if (t.index_offset < data_begin || t.index_size < sizeof(f::BlockHeader) ||
        t.index_offset > size - sizeof t || size - sizeof t - t.index_offset != t.index_size) {
      return "trailer points at an impossible index (offset " + std::to_string(t.index_offset) +
             ", " + std::to_string(t.index_size) + " bytes)";
    }
    f::BlockHeader h;
    auto hb = src->read(t.index_offset, sizeof h, scratch);
    if (!hb) return hb.error().message;
    std::memcpy(&h, hb.value().data(), sizeof h);
    if (std::string why = check_block_header(h, options.max_block_size); !why.empty()) {
      return "index block: " + why;
    }
    if (h.kind != static_cast<uint16_t>(f::BlockKind::Index) ||
        is_filtered(h) ||
        h.stored_size != t.index_size - sizeof h) {
      return "index block header disagrees with the trailer";
    }
    auto body = src->read(t.index_offset + sizeof h, h.stored_size, scratch);
    if (!body) return body.error().message;
    if (block_checksum(h, body.value()) != h.checksum && options.verify_checksums) {
      return "index block checksum mismatch";
    }
    std::vector<uint8_t> index_bytes;  // raw (up to 1.2) or zstd (1.3)
    if (Status s = decompressor.decompress(h, body.value(), index_bytes); !s) {
      return "index block: " + s.error().message;
    }
    auto decoded = decode_index(index_bytes, data_begin, t.index_offset);
    if (!decoded) return decoded.error().message;
    if (decoded.value().event_count != t.event_count || h.first_event != t.event_count) {
      return "index and trailer disagree on the event count";
    }
    index = std::move(decoded.value());
    data_end = t.index_offset;
    block_offsets.clear();
    for (const f::BlockEntry& b : index->blocks) block_offsets.push_back(b.file_offset);
    return {};
  }

  // Loads and checks block `number` at `offset`.  In the stream, reaching the index (or the end
  // of a file without one) is End, and a block cut by the end of the file is Cut.
  Result<BlockPtr> load(uint32_t number, uint64_t offset, Outcome& outcome) {
    outcome = Outcome::Loaded;
    if (offset == data_end && (index || offset == src->size())) {
      outcome = Outcome::End;
      return BlockPtr{};
    }
    f::BlockHeader h;
    if (offset > data_end || data_end - offset < sizeof h) {
      if (index) return Error{ErrorCode::Corrupt, where_block(number, offset) + "outside the data"};
      outcome = Outcome::Cut;
      return BlockPtr{};
    }
    auto hb = src->read(offset, sizeof h, scratch);
    if (!hb) return hb.error();
    std::memcpy(&h, hb.value().data(), sizeof h);
    if (std::string why = check_block_header(h, options.max_block_size); !why.empty()) {
      return Error{ErrorCode::Corrupt, where_block(number, offset) + why};
    }
    if (h.stored_size > data_end - offset - sizeof h) {
      if (index) {
        return Error{ErrorCode::Corrupt, where_block(number, offset) + "stored size " +
                                             std::to_string(h.stored_size) + " overruns the data"};
      }
      outcome = Outcome::Cut;
      return BlockPtr{};
    }
    if (h.kind == static_cast<uint16_t>(f::BlockKind::Index)) {
      if (index) {
        return Error{ErrorCode::Corrupt, where_block(number, offset) + "index block among the events"};
      }
      outcome = Outcome::End;  // the index of a file whose trailer is damaged
      return BlockPtr{};
    }
    if (h.event_count == 0 || h.uncompressed_size == 0) {
      return Error{ErrorCode::Corrupt, where_block(number, offset) + "empty events block"};
    }
    if (index) {
      const f::BlockEntry& e = index->blocks.at(number);
      if (e.file_offset != offset || e.first_event != h.first_event ||
          e.event_count != h.event_count || e.uncompressed_size != h.uncompressed_size) {
        return Error{ErrorCode::Corrupt, where_block(number, offset) + "disagrees with the index"};
      }
    }
    auto stored = src->read(offset + sizeof h, h.stored_size, scratch);
    if (!stored) return stored.error();
    if (block_checksum(h, stored.value()) != h.checksum && options.verify_checksums) {
      return Error{ErrorCode::Corrupt, where_block(number, offset) + "checksum mismatch (" +
                                           std::to_string(h.stored_size) +
                                           " stored bytes are damaged)"};
    }
    auto block = std::make_shared<Block>();
    block->number = number;
    block->offset = offset;
    block->header = h;
    if (Status s = decompressor.decompress(h, stored.value(), block->data); !s) {
      return Error{ErrorCode::Corrupt, where_block(number, offset) + s.error().message};
    }
    return BlockPtr(std::move(block));
  }

  void remember(BlockPtr b) {
    if (options.cached_blocks == 0 || !b) return;
    auto it = std::find(cache.begin(), cache.end(), b);
    if (it != cache.end()) cache.erase(it);
    cache.insert(cache.begin(), std::move(b));
    if (cache.size() > options.cached_blocks) cache.pop_back();
  }

  Result<std::span<const uint8_t>> resolve(PayloadLocation loc, uint64_t size) override {
    const uint32_t current = cur ? cur->number : 0;
    auto bad = [&](const std::string& what) -> Error {
      return Error{ErrorCode::Corrupt, "payload reference to block " + std::to_string(loc.block) +
                                           " offset " + std::to_string(loc.offset) + ": " + what};
    };
    BlockPtr b;
    if (cur && loc.block == current) {
      b = cur;
    } else if (!cur || loc.block > current) {
      return bad("points forward");
    } else {
      for (const BlockPtr& c : cache) {
        if (c->number == loc.block) b = c;
      }
      if (!b) {
        if (loc.block >= block_offsets.size()) return bad("unknown block");
        Outcome outcome;
        auto loaded = load(loc.block, block_offsets[loc.block], outcome);
        if (!loaded) return loaded.error();
        if (outcome != Outcome::Loaded) return bad("block is not readable");
        b = loaded.value();
      }
      remember(b);
    }
    if (loc.offset > b->data.size() || size > b->data.size() - loc.offset) {
      return bad(std::to_string(size) + " bytes overrun the block");
    }
    last_ref = b;
    return std::span<const uint8_t>(b->data).subspan(loc.offset, static_cast<size_t>(size));
  }

  Status fail(Error e) {
    failure = e;
    return e;
  }

  // Makes the next block of the stream current; sets at_end at the end.
  Status advance_block() {
    if (cur) {
      if (cur_pos != cur->data.size()) {
        return fail({ErrorCode::Corrupt, where_block(cur->number, cur->offset) +
                                             std::to_string(cur->data.size() - cur_pos) +
                                             " bytes left after its " +
                                             std::to_string(cur_records) + " records"});
      }
      remember(cur);
      cur.reset();
    }
    Outcome outcome;
    auto loaded = load(next_block_number, next_block_offset, outcome);
    if (!loaded) return fail(loaded.error());
    if (outcome == Outcome::End) {
      at_end = true;
      if (index && next_block_number != index->blocks.size()) {
        return fail({ErrorCode::Corrupt, where(next_block_offset) + "the index lists " +
                                             std::to_string(index->blocks.size()) +
                                             " blocks, the data holds " +
                                             std::to_string(next_block_number)});
      }
      return {};
    }
    if (outcome == Outcome::Cut) {
      at_end = true;
      warn(where(next_block_offset) + "the file ends inside block " +
           std::to_string(next_block_number) + ": the trace was cut here; " +
           std::to_string(next_block_number) + " whole blocks (" + std::to_string(next_event) +
           " events) recovered");
      return {};
    }
    BlockPtr b = loaded.value();
    if (b->header.first_event != next_event) {
      return fail({ErrorCode::Corrupt, where_block(b->number, b->offset) + "starts at event " +
                                           std::to_string(b->header.first_event) +
                                           ", expected " + std::to_string(next_event)});
    }
    if (next_block_number == block_offsets.size()) block_offsets.push_back(next_block_offset);
    next_block_offset += sizeof(f::BlockHeader) + b->header.stored_size;
    ++next_block_number;
    ++stats.blocks;
    stats.stored_bytes += sizeof(f::BlockHeader) + b->header.stored_size;
    stats.uncompressed_bytes += b->header.uncompressed_size;
    cur = std::move(b);
    cur_pos = 0;
    cur_records = 0;
    return {};
  }

  Result<bool> next(Event& event) {
    if (failure) return *failure;
    last_ref.reset();
    for (;;) {
      if (at_end) return false;
      if (cur && cur_records < cur->header.event_count) {
        const std::span<const uint8_t> rest = std::span<const uint8_t>(cur->data).subspan(cur_pos);
        auto parsed = parse_record(rest, event, *this);
        if (!parsed) {
          return fail({ErrorCode::Corrupt, where_block(cur->number, cur->offset) + "record " +
                                               std::to_string(cur_records) + " at byte " +
                                               std::to_string(cur_pos) + ": " +
                                               parsed.error().message})
              .error();
        }
        position = {next_event, cur->number, cur->offset, static_cast<uint32_t>(cur_pos),
                    parsed.value().was_ref, parsed.value().hash};
        cur_pos += parsed.value().size;
        ++cur_records;
        const uint64_t number = next_event++;
        if (!parsed.value().known) {
          ++stats.unknown_records;
          continue;
        }
        event.number = number;
        return true;
      }
      if (Status s = advance_block(); !s) return s.error();
    }
  }

  void reset_stream() {
    cur.reset();
    cur_pos = 0;
    cur_records = 0;
    next_block_offset = data_begin;
    next_block_number = 0;
    next_event = 0;
    at_end = false;
    last_ref.reset();
  }

  static Result<std::unique_ptr<Impl>> create(std::unique_ptr<InputSource> source,
                                              const ReaderOptions& options) {
    auto impl = std::make_unique<Impl>();
    impl->options = options;
    impl->src = std::move(source);
    if (Status s = impl->open_header(); !s) return s.error();
    if (std::string why = impl->open_index(); !why.empty()) {
      impl->warn(impl->src->name() + ": no valid index (" + why +
                 "); reading the blocks one by one, seeking is slow");
    }
    impl->reset_stream();
    return impl;
  }

  Status seek_frame(uint64_t frame) {
    if (failure) return *failure;
    if (!index) {  // no index: count FrameEnds from the start
      reset_stream();
      uint64_t seen = 0;
      Event e;
      while (seen < frame) {
        auto r = next(e);
        if (!r) return r.error();
        if (!r.value()) {
          return Error{ErrorCode::InvalidArgument, src->name() + ": frame " +
                                                       std::to_string(frame) + " not in trace (" +
                                                       std::to_string(seen + 1) + " frames)"};
        }
        if (std::holds_alternative<FrameEnd>(e.body)) ++seen;
      }
      return {};
    }
    if (frame >= index->frames.size()) {
      return Error{ErrorCode::InvalidArgument,
                   src->name() + ": frame " + std::to_string(frame) + " not in trace (" +
                       std::to_string(index->frames.size()) + " frames)"};
    }
    const f::FrameEntry& fr = index->frames[frame];
    reset_stream();
    next_block_number = fr.block;
    next_block_offset = index->blocks[fr.block].file_offset;
    next_event = index->blocks[fr.block].first_event;
    if (Status s = advance_block(); !s) return s;
    if (!cur || fr.block_offset >= cur->data.size()) {
      return fail({ErrorCode::Corrupt, src->name() + ": index entry of frame " +
                                           std::to_string(frame) + " points outside its block"});
    }
    cur_pos = fr.block_offset;
    cur_records = static_cast<uint32_t>(fr.first_event - cur->header.first_event);
    next_event = fr.first_event;
    return {};
  }
};

TraceReader::TraceReader(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
TraceReader::~TraceReader() = default;


Result<std::unique_ptr<TraceReader>> TraceReader::open(const std::filesystem::path& path,
                                                       const ReaderOptions& options) {
  auto src = InputSource::open_file(path);
  if (!src) return src.error();
  auto impl = Impl::create(std::move(src.value()), options);
  if (!impl) return impl.error();
  return std::unique_ptr<TraceReader>(new TraceReader(std::move(impl.value())));
}

Result<std::unique_ptr<TraceReader>> TraceReader::open_memory(std::span<const uint8_t> data,
                                                              std::string name,
                                                              const ReaderOptions& options) {
  auto impl = Impl::create(InputSource::from_memory(data, std::move(name)), options);
  if (!impl) return impl.error();
  return std::unique_ptr<TraceReader>(new TraceReader(std::move(impl.value())));
}

const CaptureInfo& TraceReader::capture_info() const { return impl_->info; }
uint16_t TraceReader::version_minor() const { return impl_->minor; }
uint64_t TraceReader::file_size() const { return impl_->src->size(); }
const std::string& TraceReader::name() const { return impl_->src->name(); }
const TraceIndex* TraceReader::index() const {
  return impl_->index ? &*impl_->index : nullptr;
}
const std::vector<std::string>& TraceReader::warnings() const { return impl_->warnings; }
Result<bool> TraceReader::next(Event& event) { return impl_->next(event); }
Status TraceReader::seek_frame(uint64_t frame) { return impl_->seek_frame(frame); }
Status TraceReader::rewind() {
  if (impl_->failure) return *impl_->failure;
  impl_->reset_stream();
  return {};
}
const EventPosition& TraceReader::position() const { return impl_->position; }
const ReaderStats& TraceReader::stats() const { return impl_->stats; }

}  // namespace vgpu::trace
