// The writer side of block_filter.h: picks the bases of each Submit and codes what is shorter.
#include <map>
#include <utility>

#include "trace/block_filter.h"
#include "trace/block_filter_parts.h"

namespace vgpu::trace {
namespace {

using namespace filter_detail;

// The command-buffer slot of a submit: its context and its rank among that context's submits
// since the last FrameEnd.  Frames of a steady app repeat their slots.
using Slot = std::pair<uint32_t, uint32_t>;
struct SlotHistory {
  uint32_t last = f::kNoBase2, before = f::kNoBase2;  // record numbers in the block
};

class Filter {
 public:
  Filter(std::span<const uint8_t> plain, uint32_t count, FilterForm form)
      : plain_(plain), form_(form), inline_(count) {}

  std::optional<std::vector<uint8_t>> run() {
    const uint32_t count = static_cast<uint32_t>(inline_.size());
    std::vector<uint64_t> times(count);
    size_t pos = 0;
    out_.reserve(plain_.size() + form_.column_size(count));
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
    out_.resize(column + form_.column_size(count));  // zero-fills the padding
    form_.write_column(times, out_.data() + column);
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
    // Codecs 3 and 4 count back from this record; codec 2 names the record.
    const auto name = [&](uint32_t b) { return form_.relative_bases ? i - b : b; };
    const f::SubmitDelta delta{name(bases.last), second ? name(bases.before) : f::kNoBase2, words,
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
  FilterForm form_;
  std::vector<InlineSubmit> inline_;    // per record
  std::map<uint32_t, uint32_t> ranks_;  // context -> submits seen in the current frame
  std::map<Slot, SlotHistory> slots_;
  PreviousBodies previous_;
  WordPredictor predictor_;
  std::vector<uint32_t> changed_, residuals_;
  std::vector<uint8_t> out_;
};

}  // namespace

std::optional<std::vector<uint8_t>> filter_block(std::span<const uint8_t> plain,
                                                 uint32_t event_count, f::Codec codec) {
  const auto form = FilterForm::of(codec);
  if (!form) return std::nullopt;
  return Filter(plain, event_count, *form).run();
}

}  // namespace vgpu::trace
