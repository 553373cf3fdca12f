// What the writer's filter and the reader's unfilter of Events blocks (block_filter.h) share:
// the record layouts they touch, the zigzag residuals and the two predictions both sides must make
// identically (the words of a delta-coded Submit, the first words of every other record).
#pragma once

#include <algorithm>
#include <cstring>
#include <map>
#include <optional>
#include <unordered_map>
#include <utility>
#include <vector>

#include "trace/content_hash.h"
#include "trace/format.h"

namespace vgpu::trace::filter_detail {

namespace f = format;

constexpr size_t pad8(size_t n) { return (n + 7) & ~size_t{7}; }
constexpr size_t kSubmitFixed = sizeof(f::SubmitRecord);
constexpr size_t kPlainSubmitBody = kSubmitFixed + sizeof(f::PayloadDesc);  // + 4 * words
constexpr size_t kDeltaBody = kSubmitFixed + sizeof(f::SubmitDelta);        // + 8 * changed
constexpr uint16_t kSubmitId = static_cast<uint16_t>(f::RecordId::Submit);

// Residuals are mostly small of either sign: zigzag maps them to small unsigned numbers, so
// that their high byte planes are zero.
constexpr uint32_t zigzag(uint32_t r) { return (r << 1) ^ (0u - (r >> 31)); }
constexpr uint32_t unzigzag(uint32_t z) { return (z >> 1) ^ (0u - (z & 1)); }

inline uint32_t load_word(const uint8_t* p, size_t i) {
  uint32_t w;
  std::memcpy(&w, p + 4 * i, 4);
  return w;
}

// Where an inline Submit payload lies in a plain block; words == 0 for records that are not one.
struct InlineSubmit {
  size_t payload = 0;  // offset of the payload bytes
  uint32_t words = 0;
};

// The payload of the plain Submit record whose body starts at `body` (`size` bytes), if it is
// inline and carries only what the writer writes (zero ref fields; hash zero or the content's).
// `check_hash`: the writer side, which may only code what decoding will reproduce exactly.
inline std::optional<f::PayloadDesc> inline_submit_desc(const uint8_t* body, size_t size,
                                                 bool check_hash) {
  if (size < kPlainSubmitBody) return std::nullopt;
  f::PayloadDesc d;
  std::memcpy(&d, body + kSubmitFixed, sizeof d);
  if (d.storage != static_cast<uint32_t>(f::PayloadStorage::Inline) ||
      d.size != size - kPlainSubmitBody || d.size % 4 != 0 || d.size == 0) {
    return std::nullopt;
  }
  if (!check_hash) return d;
  if (d.ref_block != 0 || d.ref_offset != 0 || d.reserved != 0) return std::nullopt;
  if (d.hash[0] != 0 || d.hash[1] != 0) {
    const ContentHash h = content_hash({body + kPlainSubmitBody, static_cast<size_t>(d.size)});
    if (h.lo != d.hash[0] || h.hi != d.hash[1]) return std::nullopt;
  }
  return d;
}

// Predicts the words of a payload in order from up to two earlier payloads of the same size:
// base[i] without base2, else 2 * base[i] - base2[i] (a value moving at a steady rate is
// predicted exactly).  A *moving* word (base[i] != base2[i]) whose (base, base2) pair an earlier
// moving word j of the payload had is predicted as word j's value now: an app that sets the same
// matrix several times per frame moved all the copies the same way, so only the first costs.
class WordPredictor {
 public:
  void start(const uint8_t* base, const uint8_t* base2) {
    base_ = base;
    base2_ = base2;
    moving_.clear();
  }
  // The prediction of word i; `now` holds the final values of the words before i.
  uint32_t next(uint32_t i, const uint8_t* now) {
    const uint32_t b = load_word(base_, i);
    if (!base2_) return b;
    const uint32_t b2 = load_word(base2_, i);
    if (b == b2) return b;
    const uint64_t pair = uint64_t{b} << 32 | b2;
    const auto it = moving_.find(pair);
    if (it == moving_.end()) {
      if (moving_.size() < f::kMaxMovingPairs) moving_.emplace(pair, i);
      return (b << 1) - b2;
    }
    const uint32_t predicted = load_word(now, it->second);
    it->second = i;
    return predicted;
  }

 private:
  const uint8_t* base_ = nullptr;
  const uint8_t* base2_ = nullptr;
  std::unordered_map<uint64_t, uint32_t> moving_;  // (base, base2) -> latest word with them
                                                   // (bounded: a hostile payload cannot make
                                                   // the reader allocate per word)
};

// Fixed parts as differences: the first words of each record's body (ids, sizes, boxes: mostly
// the previous frame's values, or one more) minus those of the previous record of the same id and
// body size (a payload stored by reference is not compared with one stored inline).  The limit
// keeps the rule off payload bytes, which have their own coding or none.
constexpr size_t kFieldDeltaBytes = 64;
class PreviousBodies {
 public:
  // Adds (unfiltering) or subtracts (filtering) the previous body of the same id and size, found
  // at its offset in `buffer`, to or from the `size`-byte body at `body`.
  void apply(uint16_t id, uint8_t* body, uint32_t size, const uint8_t* buffer, bool add) const {
    const auto it = last_.find({id, size});
    if (it == last_.end()) return;
    const size_t words = std::min(size_t{size}, kFieldDeltaBytes) / 4;
    for (size_t w = 0; w < words; ++w) {
      const uint32_t before = load_word(buffer + it->second, w);
      const uint32_t v = add ? load_word(body, w) + before : load_word(body, w) - before;
      std::memcpy(body + 4 * w, &v, 4);
    }
  }
  void remember(uint16_t id, size_t offset, uint32_t size) { last_[{id, size}] = offset; }

 private:
  std::map<std::pair<uint16_t, uint32_t>, size_t> last_;  // (id, body size) -> plain body offset
};

// How a filtered codec (format.h) lays out its block.
struct FilterForm {
  bool relative_bases = false;  // codec 3 on: a Submit's bases count back from it
  bool microseconds = false;    // codec 4 on: the delta_ns column is quotient and remainder of 1000

  // nullopt: not a filtered codec.
  static std::optional<FilterForm> of(f::Codec codec) {
    if (codec < f::Codec::ZstdFiltered || codec > f::Codec::ZstdFiltered3) return std::nullopt;
    return FilterForm{codec >= f::Codec::ZstdFiltered2, codec >= f::Codec::ZstdFiltered3};
  }
  // Bytes of the delta_ns column itself (its planes), and with the zero padding.
  [[nodiscard]] size_t column_bytes(size_t count) const { return (microseconds ? 10 : 8) * count; }
  [[nodiscard]] size_t column_size(size_t count) const { return pad8(column_bytes(count)); }

  // Writes the column of `times` at `column` (column_bytes(times.size()) bytes).
  void write_column(const std::vector<uint64_t>& times, uint8_t* column) const {
    const size_t count = times.size();
    for (size_t i = 0; i < count; ++i) {
      const uint64_t high = microseconds ? times[i] / 1000 : times[i];
      for (size_t b = 0; b < 8; ++b) column[b * count + i] = static_cast<uint8_t>(high >> (8 * b));
      if (!microseconds) continue;
      const uint64_t low = times[i] % 1000;
      for (size_t b = 0; b < 2; ++b) {
        column[(8 + b) * count + i] = static_cast<uint8_t>(low >> (8 * b));
      }
    }
  }
  // Record i's delta_ns; nullopt if its column entry is impossible (a remainder of 1000 or more,
  // or a quotient whose product overflows).
  [[nodiscard]] std::optional<uint64_t> read_column(const uint8_t* column, size_t count,
                                                    size_t i) const {
    uint64_t high = 0;
    for (size_t b = 0; b < 8; ++b) high |= uint64_t{column[b * count + i]} << (8 * b);
    if (!microseconds) return high;
    const uint64_t low = column[8 * count + i] | uint64_t{column[9 * count + i]} << 8;
    if (low >= 1000 || high > (UINT64_MAX - low) / 1000) return std::nullopt;
    return high * 1000 + low;
  }
};

}  // namespace vgpu::trace::filter_detail
