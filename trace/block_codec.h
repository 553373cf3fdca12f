// One block of a .vtrc file: a BlockHeader (format.h) followed by its stored bytes.  Building and
// checking blocks lives here so that the writer, the reader and the index share one definition of
// "a valid block".
#pragma once

#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <vector>

#include "trace/format.h"
#include "trace/result.h"

namespace vgpu::trace {

// Reusable zstd contexts: creating one per block would cost more than compressing small blocks.
class BlockCompressor {
 public:
  explicit BlockCompressor(int level);
  ~BlockCompressor();
  BlockCompressor(const BlockCompressor&) = delete;
  BlockCompressor& operator=(const BlockCompressor&) = delete;

  // Header + compressed `data`, ready to be written.  Fails only if zstd does (out of memory).
  // `filter`: an Events block goes through block_filter.h first (codec ZstdFiltered3), unless its
  // records do not parse (then it is stored as plain Zstd).
  [[nodiscard]] Result<std::vector<uint8_t>> compress(format::BlockKind kind,
                                                      std::span<const uint8_t> data,
                                                      uint64_t first_event, uint32_t event_count,
                                                      bool filter = false);

 private:
  struct State;
  std::unique_ptr<State> state_;
  int level_;
};

// Header + raw `data` (the index).
[[nodiscard]] std::vector<uint8_t> make_raw_block(format::BlockKind kind,
                                                  std::span<const uint8_t> data,
                                                  uint64_t first_event, uint32_t event_count);

// A block of filtered records (codec 2, 3 or 4, block_filter.h).
[[nodiscard]] inline bool is_filtered(const format::BlockHeader& h) {
  return h.codec >= static_cast<uint16_t>(format::Codec::ZstdFiltered) &&
         h.codec <= static_cast<uint16_t>(format::Codec::ZstdFiltered3);
}

// Checks the fixed fields of a header (magic, kind, codec, sizes against `max_block_size`);
// returns an empty string if it is plausible, else what is wrong.
[[nodiscard]] std::string check_block_header(const format::BlockHeader& h,
                                             uint32_t max_block_size);

// CRC32C of a block: the header with its checksum zeroed, then the stored bytes.
[[nodiscard]] uint32_t block_checksum(const format::BlockHeader& h,
                                      std::span<const uint8_t> stored);

class BlockDecompressor {
 public:
  BlockDecompressor();
  ~BlockDecompressor();
  BlockDecompressor(const BlockDecompressor&) = delete;
  BlockDecompressor& operator=(const BlockDecompressor&) = delete;

  // Decodes `stored` into exactly h.uncompressed_size bytes of `out` (resized), unfiltering a
  // filtered block (codec 2, 3 or 4).  The caller has checked the header and the checksum; this still refuses
  // any size disagreement and any inconsistent filter state.
  [[nodiscard]] Status decompress(const format::BlockHeader& h, std::span<const uint8_t> stored,
                                  std::vector<uint8_t>& out);

 private:
  [[nodiscard]] Status inflate(std::span<const uint8_t> stored, uint64_t expected,
                               std::vector<uint8_t>& out);
  struct State;
  std::unique_ptr<State> state_;
};

}  // namespace vgpu::trace
