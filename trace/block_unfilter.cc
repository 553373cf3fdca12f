// The reader side of block_filter.h: rebuilds the plain records, checking every size and
// reference before use.
#include <string>

#include "trace/block_filter.h"
#include "trace/block_filter_parts.h"

namespace vgpu::trace {
namespace {

using namespace filter_detail;

class Unfilter {
 public:
  Unfilter(std::span<const uint8_t> in, uint32_t count, uint32_t plain_size, FilterForm form,
           std::vector<uint8_t>& out)
      : in_(in),
        count_(count),
        plain_size_(plain_size),
        form_(form),
        out_(out),
        inline_(count) {}

  Status run() {
    const size_t column_size = form_.column_size(count_);
    if (in_.size() < column_size)
      return corrupt("no room for the delta_ns column of " + std::to_string(count_) + " records");
    const size_t records_end = in_.size() - column_size;
    const uint8_t* column = in_.data() + records_end;
    for (size_t k = form_.column_bytes(count_); k < column_size; ++k) {
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
      const std::optional<uint64_t> t = form_.read_column(column, count_, i);
      if (!t) return corrupt(record(i) + "has an impossible delta_ns in the column");
      const size_t record_size = std::min(pad8(sizeof h + h.body_size), records_end - pos);
      Status s = h.flags & f::kFilteredDelta ? decode_submit(i, h, pos, *t)
                                             : copy_record(i, h, pos, record_size, *t);
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

  // The payload offset of the base that record `i` names `named` (codecs 3 and 4: records back; codec 2:
  // a record number), which must be an earlier inline Submit of `words` words.
  Result<size_t> base_of(uint32_t i, uint32_t named, uint32_t words, const char* which) {
    const uint32_t b = form_.relative_bases ? (named == 0 || named > i ? i : i - named) : named;
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
  FilterForm form_;
  std::vector<uint8_t>& out_;
  std::vector<InlineSubmit> inline_;  // per record, offsets into out_
  PreviousBodies previous_;           // offsets into out_
  WordPredictor predictor_;
};

}  // namespace

uint64_t max_filtered_size(uint32_t plain_size, uint32_t event_count) {
  return uint64_t{plain_size} + pad8(10 * uint64_t{event_count});
}

Status unfilter_block(std::span<const uint8_t> filtered, uint32_t event_count, uint32_t plain_size,
                      f::Codec codec, std::vector<uint8_t>& out) {
  const auto form = FilterForm::of(codec);
  if (!form) {
    return Error{ErrorCode::Corrupt,
                 "codec " + std::to_string(static_cast<int>(codec)) + " is not a filtered one"};
  }
  if (uint64_t{event_count} * sizeof(f::RecordHeader) > plain_size) {
    return Error{ErrorCode::Corrupt, "filtered block: " + std::to_string(event_count) +
                                         " records cannot fit in " + std::to_string(plain_size) +
                                         " bytes"};
  }
  return Unfilter(filtered, event_count, plain_size, *form, out).run();
}

}  // namespace vgpu::trace
