#include "trace/block_codec.h"

#include <zstd.h>

#include <cstring>
#include <optional>

#include "trace/block_filter.h"
#include "trace/checksum.h"

namespace vgpu::trace {

namespace f = format;

namespace {
f::BlockHeader make_header(f::BlockKind kind, f::Codec codec, size_t stored, size_t raw,
                           uint64_t first_event, uint32_t event_count) {
  f::BlockHeader h{};
  h.magic = f::kBlockMagic;
  h.kind = static_cast<uint16_t>(kind);
  h.codec = static_cast<uint16_t>(codec);
  h.stored_size = static_cast<uint32_t>(stored);
  h.uncompressed_size = static_cast<uint32_t>(raw);
  h.first_event = first_event;
  h.event_count = event_count;
  return h;
}
}  // namespace

uint32_t block_checksum(const f::BlockHeader& h, std::span<const uint8_t> stored) {
  f::BlockHeader copy = h;
  copy.checksum = 0;
  const uint32_t c = crc32c({reinterpret_cast<const uint8_t*>(&copy), sizeof copy});
  return crc32c(stored, c);
}

std::string check_block_header(const f::BlockHeader& h, uint32_t max_block_size) {
  if (h.magic != f::kBlockMagic) return "bad block magic";
  if (h.kind != static_cast<uint16_t>(f::BlockKind::Events) &&
      h.kind != static_cast<uint16_t>(f::BlockKind::Index)) {
    return "unknown block kind " + std::to_string(h.kind);
  }
  if (h.codec > static_cast<uint16_t>(f::Codec::ZstdFiltered3)) {
    return "unknown codec " + std::to_string(h.codec);
  }
  if (is_filtered(h) && h.kind != static_cast<uint16_t>(f::BlockKind::Events)) {
    return "a filtered block that is not an Events block";
  }
  const uint32_t limit = std::min(max_block_size, f::kMaxBlockSize);
  if (h.stored_size > f::kMaxBlockSize) {
    return "impossible stored size " + std::to_string(h.stored_size);
  }
  if (h.uncompressed_size > limit) {
    return "uncompressed size " + std::to_string(h.uncompressed_size) + " over the limit of " +
           std::to_string(limit) + " bytes";
  }
  if (h.codec == static_cast<uint16_t>(f::Codec::Raw) && h.stored_size != h.uncompressed_size) {
    return "raw block with stored size " + std::to_string(h.stored_size) +
           " != uncompressed size " + std::to_string(h.uncompressed_size);
  }
  return {};
}

std::vector<uint8_t> make_raw_block(f::BlockKind kind, std::span<const uint8_t> data,
                                    uint64_t first_event, uint32_t event_count) {
  f::BlockHeader h = make_header(kind, f::Codec::Raw, data.size(), data.size(), first_event,
                                 event_count);
  h.checksum = block_checksum(h, data);
  std::vector<uint8_t> out(sizeof h + data.size());
  std::memcpy(out.data(), &h, sizeof h);
  if (!data.empty()) std::memcpy(out.data() + sizeof h, data.data(), data.size());
  return out;
}

struct BlockCompressor::State {
  ZSTD_CCtx* cctx = ZSTD_createCCtx();
  ~State() { ZSTD_freeCCtx(cctx); }
};

BlockCompressor::BlockCompressor(int level) : state_(std::make_unique<State>()), level_(level) {}
BlockCompressor::~BlockCompressor() = default;

Result<std::vector<uint8_t>> BlockCompressor::compress(f::BlockKind kind,
                                                       std::span<const uint8_t> data,
                                                       uint64_t first_event,
                                                       uint32_t event_count, bool filter) {
  if (!state_->cctx) return Error{ErrorCode::Io, "cannot create a zstd compression context"};
  std::optional<std::vector<uint8_t>> filtered;
  if (filter && kind == f::BlockKind::Events) filtered = filter_block(data, event_count, kFilterCodec);
  const std::span<const uint8_t> input = filtered ? std::span<const uint8_t>(*filtered) : data;
  std::vector<uint8_t> out(sizeof(f::BlockHeader) + ZSTD_compressBound(input.size()));
  const size_t n = ZSTD_compressCCtx(state_->cctx, out.data() + sizeof(f::BlockHeader),
                                     out.size() - sizeof(f::BlockHeader), input.data(),
                                     input.size(), level_);
  if (ZSTD_isError(n)) {
    return Error{ErrorCode::Io, std::string("zstd compression failed: ") + ZSTD_getErrorName(n)};
  }
  out.resize(sizeof(f::BlockHeader) + n);
  f::BlockHeader h = make_header(kind, filtered ? kFilterCodec : f::Codec::Zstd, n,
                                 data.size(), first_event, event_count);
  h.checksum = block_checksum(h, {out.data() + sizeof h, n});
  std::memcpy(out.data(), &h, sizeof h);
  return out;
}

struct BlockDecompressor::State {
  ZSTD_DCtx* dctx = ZSTD_createDCtx();
  std::vector<uint8_t> filtered;  // a filtered block's records before unfiltering, reused
  ~State() { ZSTD_freeDCtx(dctx); }
};

BlockDecompressor::BlockDecompressor() : state_(std::make_unique<State>()) {}
BlockDecompressor::~BlockDecompressor() = default;

Status BlockDecompressor::decompress(const f::BlockHeader& h, std::span<const uint8_t> stored,
                                     std::vector<uint8_t>& out) {
  if (h.codec == static_cast<uint16_t>(f::Codec::Raw)) {
    out.assign(stored.begin(), stored.end());
    return {};
  }
  if (h.codec == static_cast<uint16_t>(f::Codec::Zstd)) {
    return inflate(stored, h.uncompressed_size, out);
  }
  // Filtered (codecs 2-4): the frame holds the filtered records, whose size is bounded by the plain size
  // and the record count (checked before anything is allocated).
  const unsigned long long declared = ZSTD_getFrameContentSize(stored.data(), stored.size());
  if (declared == ZSTD_CONTENTSIZE_ERROR || declared == ZSTD_CONTENTSIZE_UNKNOWN ||
      uint64_t{h.event_count} * sizeof(f::RecordHeader) > h.uncompressed_size ||
      declared > max_filtered_size(h.uncompressed_size, h.event_count)) {
    return Error{ErrorCode::Corrupt, "filtered zstd frame of impossible size for " +
                                         std::to_string(h.event_count) + " records of " +
                                         std::to_string(h.uncompressed_size) + " bytes"};
  }
  if (Status s = inflate(stored, declared, state_->filtered); !s) return s;
  return unfilter_block(state_->filtered, h.event_count, h.uncompressed_size,
                        static_cast<f::Codec>(h.codec), out);
}

// One zstd frame that must declare exactly `expected` bytes: zstd then never writes past them.
Status BlockDecompressor::inflate(std::span<const uint8_t> stored, uint64_t expected,
                                  std::vector<uint8_t>& out) {
  if (!state_->dctx) return Error{ErrorCode::Io, "cannot create a zstd decompression context"};
  const unsigned long long declared = ZSTD_getFrameContentSize(stored.data(), stored.size());
  if (declared != expected) {
    return Error{ErrorCode::Corrupt, "zstd frame declares " +
                                         (declared == ZSTD_CONTENTSIZE_ERROR ||
                                                  declared == ZSTD_CONTENTSIZE_UNKNOWN
                                              ? std::string("no valid size")
                                              : std::to_string(declared) + " bytes") +
                                         ", header says " + std::to_string(expected)};
  }
  out.resize(static_cast<size_t>(expected));
  const size_t n =
      ZSTD_decompressDCtx(state_->dctx, out.data(), out.size(), stored.data(), stored.size());
  if (ZSTD_isError(n)) {
    return Error{ErrorCode::Corrupt, std::string("zstd: ") + ZSTD_getErrorName(n)};
  }
  if (n != expected) {
    return Error{ErrorCode::Corrupt, "zstd produced " + std::to_string(n) + " bytes, header says " +
                                         std::to_string(expected)};
  }
  return {};
}

}  // namespace vgpu::trace
