// The pre-compression filter of Events blocks (codec ZstdFiltered, format 1.3; ZstdFiltered2, 1.4,
// which names a Submit's bases relatively; ZstdFiltered3, 1.5, whose delta_ns column counts
// microseconds; layout in format.h, rules in docs/vtrc-format.md, "Filtered blocks").
//
// zstd sees one block at a time and matches repeated byte strings; what a GL frame repeats is
// subtler.  A frame's command buffers are the previous frame's with a few floats moved (the
// matrices of a rotating object), and every record carries a fresh 8-byte delta_ns that zstd
// cannot predict.  The filter makes that redundancy visible to zstd:
//   - a Submit is stored as the words that differ from a prediction out of the same command-
//     buffer slot (context, n-th submit of that context in the frame) of the two previous frames,
//     as zigzag residuals split in byte planes, so the unchanged words cost nothing and the changed
//     ones cost only their low bytes;
//   - the delta_ns fields move to a column at the end of the block, byte plane by byte plane, so
//     their always-zero high bytes form long runs instead of interrupting the records.
// Predictions only reach back inside the block: a filtered block decodes from itself alone, and
// seeking stays block-granular.  Measurements that chose this design: docs/benchmarks.md.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <vector>

#include "trace/format.h"
#include "trace/result.h"

namespace vgpu::trace {

// What writers write.
inline constexpr format::Codec kFilterCodec = format::Codec::ZstdFiltered3;

// The filtered form of `event_count` plain records (a whole Events block), or nullopt when they do
// not parse as records or one has record flags set, which the filter's own flags would shadow (the
// caller then stores the block unfiltered).  Records it cannot or need not code are copied, with
// delta_ns moved to the column and their first body words as differences.
// `codec`: one of the three filtered codecs (writers write kFilterCodec; tests the older ones).
[[nodiscard]] std::optional<std::vector<uint8_t>> filter_block(std::span<const uint8_t> plain,
                                                               uint32_t event_count,
                                                               format::Codec codec);

// The most bytes a filtered block of `plain_size` bytes and `event_count` records can hold
// (filtered records are never longer than plain ones; the delta_ns column adds 8 or 10 per record).
// Readers refuse a zstd frame that declares more, before decompressing it.
[[nodiscard]] uint64_t max_filtered_size(uint32_t plain_size, uint32_t event_count);

// Rebuilds the plain records into `out`: exactly `plain_size` bytes, or an error saying which
// record is inconsistent (a reference to a record that is not an earlier Submit of the same size,
// residual indices out of order, a column that does not fit, ...).  `codec`: the block's, one of
// the filtered ones.
[[nodiscard]] Status unfilter_block(std::span<const uint8_t> filtered, uint32_t event_count,
                                    uint32_t plain_size, format::Codec codec,
                                    std::vector<uint8_t>& out);

}  // namespace vgpu::trace
