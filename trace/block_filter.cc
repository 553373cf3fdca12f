#include "trace/block_filter.h"

#include <algorithm>
#include <cstring>
#include <map>
#include <string>
#include <unordered_map>
#include <utility>

#include "trace/content_hash.h"
#include "trace/format.h"

namespace vgpu::trace {
namespace {

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

uint32_t load_word(const uint8_t* p, size_t i) {
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
std::optional<f::PayloadDesc> inline_submit_desc(const uint8_t* body, size_t size,
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

// The command-buffer slot of a submit: its context and its rank among that context's submits
// since the last FrameEnd.  Frames of a steady app repeat their slots.
using Slot = std::pair<uint32_t, uint32_t>;
struct SlotHistory {
  uint32_t last = f::kNoBase2, before = f::kNoBase2;  // record numbers in the block
};

class Filter {
 public:
  Filter(std::span<const uint8_t> plain, uint32_t count) : plain_(plain), inline_(count) {}

  std::optional<std::vector<uint8_t>> run() {
    const uint32_t count = static_cast<uint32_t>(inline_.size());
    std::vector<uint64_t> times(count);
    size_t pos = 0;
    out_.reserve(plain_.size() + 8 * size_t{count} + 8);
    for (uint32_t i = 0; i < count; ++i) {
      f::RecordHeader h;
      if (plain_.size() - pos < sizeof h) return std::nullopt;
      std::memcpy(&h, plain_.data() + pos, sizeof h);
      if (h.body_size > plain_.size() - pos - sizeof h) return std::nullopt;
      if (h.flags != 0) return std::nullopt;  // the filter's flags would be ambiguous
      times[i] = h.delta_ns;
      const size_t record = pad8(sizeof h + h.body_size);
      if (record > plain_.size() - pos) return std::nullopt;
      if (h.id == static_cast<uint16_t>(f::RecordId::FrameEnd)) ranks_.clear();
      if (h.id != kSubmitId || !code_submit(i, h, pos)) {
        const size_t at = out_.size();
        out_.insert(out_.end(), plain_.begin() + static_cast<ptrdiff_t>(pos),
                    plain_.begin() + static_cast<ptrdiff_t>(pos + record));
        std::memset(out_.data() + at + offsetof(f::RecordHeader, delta_ns), 0, 8);
        previous_.apply(h.id, out_.data() + at + sizeof h, h.body_size, plain_.data(), false);
      }
      previous_.remember(h.id, pos + sizeof h, h.body_size);
      pos += record;
    }
    if (pos != plain_.size()) return std::nullopt;
    const size_t column = out_.size();
    out_.resize(column + pad8(8 * size_t{count}));  // zero-fills the padding
    for (uint32_t i = 0; i < count; ++i) {
      for (size_t b = 0; b < 8; ++b)
        out_[column + b * count + i] = static_cast<uint8_t>(times[i] >> (8 * b));
    }
    return std::move(out_);
  }

 private:
  // Appends record `i` (a plain Submit at `pos`) delta-coded, and returns true, when that is
  // possible and shorter; remembers it as a base for the next frames either way.
  bool code_submit(uint32_t i, const f::RecordHeader& h, size_t pos) {
    const uint8_t* body = plain_.data() + pos + sizeof h;
    f::SubmitRecord fixed;
    if (h.body_size < kSubmitFixed) return false;
    std::memcpy(&fixed, body, sizeof fixed);
    const Slot slot{fixed.ctx_id, ranks_[fixed.ctx_id]++};
    const auto desc = inline_submit_desc(body, h.body_size, true);
    if (!desc) return false;
    const uint32_t words = static_cast<uint32_t>(desc->size / 4);
    inline_[i] = {pos + sizeof h + kPlainSubmitBody, words};
    SlotHistory& history = slots_[slot];
    const SlotHistory bases = history;
    history = {i, history.last};
    if (bases.last == f::kNoBase2 || inline_[bases.last].words != words) return false;
    const uint8_t* now = plain_.data() + inline_[i].payload;
    const uint8_t* base = plain_.data() + inline_[bases.last].payload;
    const bool second = bases.before != f::kNoBase2 && inline_[bases.before].words == words;
    const uint8_t* base2 = second ? plain_.data() + inline_[bases.before].payload : nullptr;
    changed_.clear();
    residuals_.clear();
    predictor_.start(base, base2);
    for (uint32_t w = 0; w < words; ++w) {
      const uint32_t r = load_word(now, w) - predictor_.next(w, now);
      if (r == 0) continue;
      changed_.push_back(w);
      residuals_.push_back(zigzag(r));
    }
    const size_t n = changed_.size();
    const size_t coded_body = kDeltaBody + 8 * n;
    if (coded_body >= h.body_size) return false;
    const f::RecordHeader coded{
        kSubmitId,
        static_cast<uint16_t>(f::kFilteredDelta |
                              (desc->hash[0] | desc->hash[1] ? f::kFilteredHashed : 0)),
        static_cast<uint32_t>(coded_body), 0};
    const f::SubmitDelta delta{bases.last, second ? bases.before : f::kNoBase2, words,
                               static_cast<uint32_t>(n)};
    const size_t at = out_.size();
    out_.resize(at + pad8(sizeof coded + coded_body));  // zero-fills the padding
    uint8_t* p = out_.data() + at;
    std::memcpy(p, &coded, sizeof coded);
    std::memcpy(p += sizeof coded, &fixed, sizeof fixed);
    std::memcpy(p += sizeof fixed, &delta, sizeof delta);
    p += sizeof delta;
    if (n) std::memcpy(p, changed_.data(), 4 * n);
    p += 4 * n;
    for (size_t b = 0; b < 4; ++b) {
      for (size_t k = 0; k < n; ++k) p[b * n + k] = static_cast<uint8_t>(residuals_[k] >> (8 * b));
    }
    return true;
  }

  std::span<const uint8_t> plain_;
  std::vector<InlineSubmit> inline_;    // per record
  std::map<uint32_t, uint32_t> ranks_;  // context -> submits seen in the current frame
  std::map<Slot, SlotHistory> slots_;
  PreviousBodies previous_;
  WordPredictor predictor_;
  std::vector<uint32_t> changed_, residuals_;
  std::vector<uint8_t> out_;
};

// The reader side: every size and reference is checked before use.
class Unfilter {
 public:
  Unfilter(std::span<const uint8_t> in, uint32_t count, uint32_t plain_size,
           std::vector<uint8_t>& out)
      : in_(in), count_(count), plain_size_(plain_size), out_(out), inline_(count) {}

  Status run() {
    const size_t column_size = pad8(8 * size_t{count_});
    if (in_.size() < column_size)
      return corrupt("no room for the delta_ns column of " + std::to_string(count_) + " records");
    const size_t records_end = in_.size() - column_size;
    const uint8_t* column = in_.data() + records_end;
    for (size_t k = 8 * size_t{count_}; k < column_size; ++k) {
      if (column[k] != 0) return corrupt("nonzero padding after the delta_ns column");
    }
    out_.clear();
    out_.reserve(plain_size_);
    size_t pos = 0;
    for (uint32_t i = 0; i < count_; ++i) {
      f::RecordHeader h;
      if (records_end - pos < sizeof h) return corrupt(record(i) + "cut by the delta_ns column");
      std::memcpy(&h, in_.data() + pos, sizeof h);
      if (h.body_size > records_end - pos - sizeof h)
        return corrupt(record(i) + "overruns the records");
      if (h.delta_ns != 0)
        return corrupt(record(i) + "has a delta_ns in place (the column holds them)");
      uint64_t t = 0;
      for (size_t b = 0; b < 8; ++b) t |= uint64_t{column[b * count_ + i]} << (8 * b);
      const size_t record_size = std::min(pad8(sizeof h + h.body_size), records_end - pos);
      Status s = h.flags & f::kFilteredDelta ? decode_submit(i, h, pos, t)
                                             : copy_record(i, h, pos, record_size, t);
      if (!s) return s;
      pos += record_size;
    }
    if (pos != records_end) {
      return corrupt(std::to_string(records_end - pos) + " bytes left after the " +
                     std::to_string(count_) + " records");
    }
    if (out_.size() != plain_size_) {
      return corrupt("records rebuild to " + std::to_string(out_.size()) +
                     " bytes, the header says " + std::to_string(plain_size_));
    }
    return {};
  }

 private:
  static Error corrupt(std::string what) {
    return Error{ErrorCode::Corrupt, "filtered block: " + what};
  }
  static std::string record(uint32_t i) { return "record " + std::to_string(i) + " "; }

  // Makes room for `n` more plain bytes, within what the header announced.
  std::optional<Error> grow(uint32_t i, size_t n) {
    if (n > plain_size_ - out_.size()) {
      return corrupt(record(i) + "rebuilds past the " + std::to_string(plain_size_) +
                     " bytes the header announces");
    }
    out_.resize(out_.size() + n);  // zero-fills the padding
    return std::nullopt;
  }

  Status copy_record(uint32_t i, const f::RecordHeader& h, size_t pos, size_t size, uint64_t t) {
    if (h.flags != 0)
      return corrupt(record(i) + "has unknown filter flags " + std::to_string(h.flags));
    const size_t at = out_.size();
    if (auto e = grow(i, size)) return *e;
    std::memcpy(out_.data() + at, in_.data() + pos, size);
    std::memcpy(out_.data() + at + offsetof(f::RecordHeader, delta_ns), &t, sizeof t);
    previous_.apply(h.id, out_.data() + at + sizeof h, h.body_size, out_.data(), true);
    previous_.remember(h.id, at + sizeof h, h.body_size);
    if (h.id == kSubmitId) {
      const uint8_t* body = out_.data() + at + sizeof h;
      if (auto d = inline_submit_desc(body, h.body_size, false)) {
        inline_[i] = {at + sizeof h + kPlainSubmitBody, static_cast<uint32_t>(d->size / 4)};
      }
    }
    return {};
  }

  // The payload offset of base record `b` of record `i`, which must be an earlier inline Submit
  // of `words` words.
  Result<size_t> base_of(uint32_t i, uint32_t b, uint32_t words, const char* which) {
    if (b >= i || inline_[b].words != words) {
      return corrupt(record(i) + "names record " + std::to_string(b) + " as its " + which +
                     ", which is not an earlier Submit of " + std::to_string(words) + " words");
    }
    return inline_[b].payload;
  }

  Status decode_submit(uint32_t i, const f::RecordHeader& h, size_t pos, uint64_t t) {
    if (h.id != kSubmitId || (h.flags & ~(f::kFilteredDelta | f::kFilteredHashed)) != 0) {
      return corrupt(record(i) + "of id " + std::to_string(h.id) + " with filter flags " +
                     std::to_string(h.flags) + " (only Submit payloads are delta-coded)");
    }
    if (h.body_size < kDeltaBody)
      return corrupt(record(i) + "is too short for a delta-coded Submit");
    const uint8_t* body = in_.data() + pos + sizeof h;
    f::SubmitRecord fixed;
    f::SubmitDelta d;
    std::memcpy(&fixed, body, sizeof fixed);
    std::memcpy(&d, body + sizeof fixed, sizeof d);
    if (d.words == 0 || d.changed > d.words ||
        h.body_size != kDeltaBody + 8 * uint64_t{d.changed}) {
      return corrupt(record(i) + "delta of " + std::to_string(d.changed) + " of " +
                     std::to_string(d.words) + " words does not match its body of " +
                     std::to_string(h.body_size) + " bytes");
    }
    auto base = base_of(i, d.base, d.words, "base");
    if (!base) return base.error();
    Result<size_t> base2 = size_t{0};
    if (d.base2 != f::kNoBase2) {
      base2 = base_of(i, d.base2, d.words, "second base");
      if (!base2) return base2.error();
    }
    const size_t payload_bytes = 4 * size_t{d.words};
    const size_t at = out_.size();
    if (auto e = grow(i, pad8(sizeof h + kPlainSubmitBody + payload_bytes))) return *e;
    uint8_t* p = out_.data() + at;
    const f::RecordHeader plain{kSubmitId, 0,
                                static_cast<uint32_t>(kPlainSubmitBody + payload_bytes), t};
    std::memcpy(p, &plain, sizeof plain);
    std::memcpy(p + sizeof plain, &fixed, sizeof fixed);
    uint8_t* payload = p + sizeof plain + kPlainSubmitBody;
    const uint8_t* indices = body + kDeltaBody;
    const uint8_t* planes = indices + 4 * size_t{d.changed};
    for (size_t k = 0; k < d.changed; ++k) {
      const uint32_t w = load_word(indices, k);
      if (w >= d.words || (k > 0 && w <= load_word(indices, k - 1))) {
        return corrupt(record(i) + "residual " + std::to_string(k) + " names word " +
                       std::to_string(w) + " (indices must increase and stay below " +
                       std::to_string(d.words) + ")");
      }
    }
    predictor_.start(out_.data() + base.value(),
                     d.base2 != f::kNoBase2 ? out_.data() + base2.value() : nullptr);
    size_t k = 0;  // next residual
    for (uint32_t w = 0; w < d.words; ++w) {
      uint32_t v = predictor_.next(w, payload);
      if (k < d.changed && load_word(indices, k) == w) {
        uint32_t z = 0;
        for (size_t b = 0; b < 4; ++b) z |= uint32_t{planes[b * d.changed + k]} << (8 * b);
        v += unzigzag(z);
        ++k;
      }
      std::memcpy(payload + 4 * size_t{w}, &v, 4);
    }
    f::PayloadDesc desc{};
    desc.storage = static_cast<uint32_t>(f::PayloadStorage::Inline);
    desc.size = payload_bytes;
    if (h.flags & f::kFilteredHashed) {
      const ContentHash hash = content_hash({payload, payload_bytes});
      desc.hash[0] = hash.lo;
      desc.hash[1] = hash.hi;
    }
    std::memcpy(p + sizeof plain + kSubmitFixed, &desc, sizeof desc);
    inline_[i] = {at + sizeof plain + kPlainSubmitBody, d.words};
    previous_.remember(kSubmitId, at + sizeof plain, plain.body_size);
    return {};
  }

  std::span<const uint8_t> in_;
  uint32_t count_;
  uint32_t plain_size_;
  std::vector<uint8_t>& out_;
  std::vector<InlineSubmit> inline_;  // per record, offsets into out_
  PreviousBodies previous_;           // offsets into out_
  WordPredictor predictor_;
};

}  // namespace

std::optional<std::vector<uint8_t>> filter_block(std::span<const uint8_t> plain,
                                                 uint32_t event_count) {
  return Filter(plain, event_count).run();
}

uint64_t max_filtered_size(uint32_t plain_size, uint32_t event_count) {
  return uint64_t{plain_size} + pad8(8 * uint64_t{event_count});
}

Status unfilter_block(std::span<const uint8_t> filtered, uint32_t event_count, uint32_t plain_size,
                      std::vector<uint8_t>& out) {
  if (uint64_t{event_count} * sizeof(f::RecordHeader) > plain_size) {
    return Error{ErrorCode::Corrupt, "filtered block: " + std::to_string(event_count) +
                                         " records cannot fit in " + std::to_string(plain_size) +
                                         " bytes"};
  }
  return Unfilter(filtered, event_count, plain_size, out).run();
}

}  // namespace vgpu::trace
