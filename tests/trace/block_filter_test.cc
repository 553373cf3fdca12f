// The pre-compression filter of Events blocks (trace/block_filter.h): bit-exact round trips,
// that it actually removes the frame-to-frame redundancy, and that every inconsistency of a
// filtered block is a readable error.
#include "trace/block_filter.h"

#include <gtest/gtest.h>

#include <cstring>
#include <random>

#include "tests/trace/trace_test_util.h"
#include "trace/block_codec.h"
#include "trace/format.h"
#include "trace/record_codec.h"

namespace vgpu::trace {
namespace {

namespace f = format;
using testing::EventSet;

// The plain records of `events` as the writer lays them out (payloads of 4 KiB and more hashed).
std::vector<uint8_t> plain_block(const std::vector<Event>& events) {
  std::vector<uint8_t> out;
  for (const Event& e : events) {
    const Bytes p = event_payload(e.body);
    const ContentHash h = content_hash(p);
    (void)append_record(out, e, p.size() >= 4096 ? &h : nullptr, std::nullopt);
  }
  return out;
}

struct Filtered {
  std::vector<uint8_t> plain, filtered;
  uint32_t count = 0;
};
Filtered filtered_frames(uint32_t frames) {
  Filtered r;
  EventSet s = testing::animated_frames(frames);
  r.plain = plain_block(s.events);
  r.count = static_cast<uint32_t>(s.events.size());
  auto f = filter_block(r.plain, r.count, kFilterCodec);
  EXPECT_TRUE(f.has_value());
  if (f) r.filtered = std::move(*f);
  return r;
}

Status unfilter(const Filtered& b, std::vector<uint8_t>& out) {
  return unfilter_block(b.filtered, b.count, static_cast<uint32_t>(b.plain.size()), kFilterCodec,
                        out);
}

// Offset of record `n` in a filtered block (walking the record framing).
size_t record_at(const std::vector<uint8_t>& block, uint32_t n) {
  size_t pos = 0;
  for (uint32_t i = 0; i < n; ++i) {
    f::RecordHeader h;
    std::memcpy(&h, block.data() + pos, sizeof h);
    pos += (sizeof h + h.body_size + 7) & ~size_t{7};
  }
  return pos;
}

TEST(BlockFilter, RoundTripIsBitExactAndCodesTheMovingWords) {
  const Filtered b = filtered_frames(40);
  std::vector<uint8_t> back;
  ASSERT_TRUE(unfilter(b, back).ok()) << unfilter(b, back).error().message;
  EXPECT_EQ(back, b.plain);
  // 40 command buffers of 4.8 KB become at most 32 words each after the first two frames.
  EXPECT_LT(b.filtered.size(), b.plain.size() / 5);
  f::RecordHeader third;  // frame 2's first submit: second-order prediction
  std::memcpy(&third, b.filtered.data() + record_at(b.filtered, 10), sizeof third);
  EXPECT_EQ(third.flags, f::kFilteredDelta | f::kFilteredHashed);
  f::SubmitDelta d;
  std::memcpy(&d, b.filtered.data() + record_at(b.filtered, 10) + sizeof third + 8, sizeof d);
  EXPECT_EQ(d.base, 5u);    // records back: record 5, frame 1's first submit
  EXPECT_EQ(d.base2, 10u);  // record 0, frame 0's
  EXPECT_EQ(d.words, 1200u);
  EXPECT_LE(d.changed, 32u);  // the second copy of the matrix is predicted from the first
  EXPECT_GT(d.changed, 0u);
}

TEST(BlockFilter, DeltaNsMoveToTheColumn) {
  const Filtered b = filtered_frames(3);
  for (uint32_t i = 0; i < b.count; ++i) {
    f::RecordHeader h;
    std::memcpy(&h, b.filtered.data() + record_at(b.filtered, i), sizeof h);
    EXPECT_EQ(h.delta_ns, 0u) << "record " << i;
  }
  // Codec 4: record 0's 400000 ns are 400 us (planes 0 and 1) and no remainder (planes 8, 9).
  const size_t column = b.filtered.size() - ((10 * b.count + 7) & ~7u);
  EXPECT_EQ(b.filtered[column], static_cast<uint8_t>(400 & 0xff));
  EXPECT_EQ(b.filtered[column + b.count], static_cast<uint8_t>(400 >> 8));
  EXPECT_EQ(b.filtered[column + 8 * b.count], 0);
  EXPECT_EQ(b.filtered[column + 9 * b.count], 0);
}

// The microsecond column (codec 4) is exact for any delta_ns, whole microseconds or not, and an
// entry no writer makes (a remainder of 1000 or more, a product past 2^64) is refused.
TEST(BlockFilter, TheMicrosecondColumnKeepsEveryDeltaNsExactly) {
  EventSet s;
  const uint64_t deltas[] = {0, 999, 1000, 123456789, 1000ull * 0xffffffffffffull + 999,
                             UINT64_MAX};
  for (uint64_t d : deltas) s.add(FrameEnd{d}, d);
  const std::vector<uint8_t> plain = plain_block(s.events);
  const auto count = static_cast<uint32_t>(s.events.size());
  for (const f::Codec codec : {f::Codec::ZstdFiltered, f::Codec::ZstdFiltered2, kFilterCodec}) {
    const auto filtered = filter_block(plain, count, codec);
    ASSERT_TRUE(filtered.has_value());
    std::vector<uint8_t> back;
    ASSERT_TRUE(
        unfilter_block(*filtered, count, static_cast<uint32_t>(plain.size()), codec, back).ok());
    EXPECT_EQ(back, plain) << static_cast<int>(codec);
  }
  const auto filtered = filter_block(plain, count, kFilterCodec);
  const size_t column = filtered->size() - ((10 * count + 7) & ~7u);
  const auto refused = [&](size_t at, uint8_t value) {
    std::vector<uint8_t> bad = *filtered, back;
    bad[column + at] = value;
    const Status st =
        unfilter_block(bad, count, static_cast<uint32_t>(plain.size()), kFilterCodec, back);
    return !st.ok() && st.error().message.find("impossible delta_ns") != std::string::npos;
  };
  EXPECT_TRUE(refused(9 * count + 0, 0x04)) << "record 0's remainder 1024";
  EXPECT_TRUE(refused(8 * count + 5, 0xff)) << "record 5 (UINT64_MAX) past 2^64";
  EXPECT_FALSE(refused(8 * count + 0, 0x05)) << "record 0's remainder 5 is fine";
}

TEST(BlockFilter, FixedPartsAreDifferencesFromThePreviousRecordOfTheirKind) {
  const Filtered b = filtered_frames(3);
  // Frame 1's ResourceCreate (record 7) differs from frame 0's by its res_id, one more.
  f::ResourceCreateRecord r;
  std::memcpy(&r, b.filtered.data() + record_at(b.filtered, 7) + sizeof(f::RecordHeader), sizeof r);
  EXPECT_EQ(r.res_id, 1u);
  EXPECT_EQ(r.format, 0u);
  EXPECT_EQ(r.width, 0u);
  // The first of its kind is stored as it is.
  std::memcpy(&r, b.filtered.data() + record_at(b.filtered, 2) + sizeof(f::RecordHeader), sizeof r);
  EXPECT_EQ(r.res_id, 100u);
  EXPECT_EQ(r.format, 64u);
}

TEST(BlockFilter, LeavesWhatItCannotReproduceAlone) {
  EventSet s = testing::animated_frames(3);
  std::vector<uint8_t> plain = plain_block(s.events);
  // A stale hash (not the payload's) must survive as is: the first submit of frame 1 stays plain.
  const size_t at =
      record_at(plain, 5) + sizeof(f::RecordHeader) + 8 + offsetof(f::PayloadDesc, hash);
  plain[at] ^= 1;
  auto filtered = filter_block(plain, static_cast<uint32_t>(s.events.size()), kFilterCodec);
  ASSERT_TRUE(filtered.has_value());
  f::RecordHeader h;
  std::memcpy(&h, filtered->data() + record_at(*filtered, 5), sizeof h);
  EXPECT_EQ(h.flags, 0);
  std::vector<uint8_t> back;
  ASSERT_TRUE(unfilter_block(*filtered, static_cast<uint32_t>(s.events.size()),
                             static_cast<uint32_t>(plain.size()), kFilterCodec, back)
                  .ok());
  EXPECT_EQ(back, plain);
  EXPECT_FALSE(
      filter_block(plain, static_cast<uint32_t>(s.events.size()) + 1, kFilterCodec).has_value());
  plain[record_at(plain, 3) + offsetof(f::RecordHeader, flags)] = 1;  // no flags in plain records
  EXPECT_FALSE(
      filter_block(plain, static_cast<uint32_t>(s.events.size()), kFilterCodec).has_value());
}

// More moving words than the predictor remembers (format::kMaxMovingPairs): the writer and the
// reader stop remembering at the same word, and copies of remembered words still cost nothing.
// Codec 2 (format 1.3) named bases by record number; its blocks must still decode, and only as
// codec 2.
TEST(BlockFilter, Codec2BlocksNameTheirBasesByRecordNumber) {
  EventSet s = testing::animated_frames(12);
  const std::vector<uint8_t> plain = plain_block(s.events);
  const auto count = static_cast<uint32_t>(s.events.size());
  const auto codec2 = filter_block(plain, count, f::Codec::ZstdFiltered);
  ASSERT_TRUE(codec2.has_value());
  f::SubmitDelta d;
  std::memcpy(&d, codec2->data() + record_at(*codec2, 10) + sizeof(f::RecordHeader) + 8, sizeof d);
  EXPECT_EQ(d.base, 5u);
  EXPECT_EQ(d.base2, 0u);
  std::vector<uint8_t> back;
  ASSERT_TRUE(unfilter_block(*codec2, count, static_cast<uint32_t>(plain.size()),
                             f::Codec::ZstdFiltered, back)
                  .ok());
  EXPECT_EQ(back, plain);
  // Read as codec 3, record 10's second base (record 0) would be "0 records back": refused.
  EXPECT_FALSE(unfilter_block(*codec2, count, static_cast<uint32_t>(plain.size()),
                              f::Codec::ZstdFiltered2, back)
                   .ok());
}

TEST(BlockFilter, PayloadsWithMoreMovingWordsThanRememberedRoundTrip) {
  EventSet s;
  constexpr uint32_t kWords = 20000, kMoving = 5000;  // more than kMaxMovingPairs = 4096
  for (uint32_t fr = 0; fr < 4; ++fr) {
    std::vector<uint32_t> cmd(kWords);
    for (uint32_t k = 0; k < kWords; ++k) cmd[k] = k * 2654435761u;
    for (uint32_t k = 0; k < kMoving; ++k) cmd[k] ^= fr * fr * (k + 1);  // unevenly
    for (uint32_t k = 0; k < 500; ++k) {
      cmd[19000 + k] = cmd[k];         // copies of remembered moving words
      cmd[19500 + k] = cmd[4500 + k];  // copies of words past the limit
    }
    s.add(Submit{1, s.keep_dwords(std::move(cmd))}, 1000 + fr);
    s.add(FrameEnd{fr}, 10);
  }
  const std::vector<uint8_t> plain = plain_block(s.events);
  const uint32_t count = static_cast<uint32_t>(s.events.size());
  auto filtered = filter_block(plain, count, kFilterCodec);
  ASSERT_TRUE(filtered.has_value());
  std::vector<uint8_t> back;
  ASSERT_TRUE(
      unfilter_block(*filtered, count, static_cast<uint32_t>(plain.size()), kFilterCodec, back)
          .ok());
  EXPECT_EQ(back, plain);
  f::SubmitDelta d;  // frame 3 (record 6), second-order
  std::memcpy(&d, filtered->data() + record_at(*filtered, 6) + sizeof(f::RecordHeader) + 8,
              sizeof d);
  EXPECT_EQ(d.base2, 4u);  // records back: record 2
  EXPECT_EQ(d.changed, kMoving + 500);  // the copies of the first 500 words cost nothing
}

// Each corruption of a filtered block is refused with a message naming the problem.
void expect_refused(const Filtered& b, const std::string& needle) {
  std::vector<uint8_t> out;
  const Status s = unfilter(b, out);
  ASSERT_FALSE(s.ok()) << "accepted a block corrupted for: " << needle;
  EXPECT_EQ(s.error().code, ErrorCode::Corrupt);
  EXPECT_NE(s.error().message.find(needle), std::string::npos) << s.error().message;
}

template <class T>
void patch(Filtered& b, size_t at, const T& v) {
  std::memcpy(b.filtered.data() + at, &v, sizeof v);
}
size_t delta_at(const Filtered& b, uint32_t record) {
  return record_at(b.filtered, record) + sizeof(f::RecordHeader) + sizeof(f::SubmitRecord);
}

TEST(BlockFilter, InconsistentFilterStateIsAnError) {
  const Filtered good = filtered_frames(4);
  {
    Filtered b = good;  // base further back than the block's start
    patch(b, delta_at(b, 10) + offsetof(f::SubmitDelta, base), uint32_t{12});
    expect_refused(b, "not an earlier Submit");
  }
  {
    Filtered b = good;  // base naming the record itself
    patch(b, delta_at(b, 10) + offsetof(f::SubmitDelta, base), uint32_t{0});
    expect_refused(b, "not an earlier Submit");
  }
  {
    Filtered b = good;  // base naming a record that is not a Submit (record 2)
    patch(b, delta_at(b, 10) + offsetof(f::SubmitDelta, base2), uint32_t{8});
    expect_refused(b, "second base");
  }
  {
    Filtered b = good;  // base of another size (the 3-word submit, record 6)
    patch(b, delta_at(b, 10) + offsetof(f::SubmitDelta, base), uint32_t{4});
    expect_refused(b, "1200 words");
  }
  {
    Filtered b = good;  // residual count disagreeing with the body
    patch(b, delta_at(b, 10) + offsetof(f::SubmitDelta, changed), uint32_t{1});
    expect_refused(b, "does not match its body");
  }
  {
    Filtered b = good;  // residual indices out of order
    patch(b, delta_at(b, 10) + sizeof(f::SubmitDelta), uint32_t{5000});
    expect_refused(b, "indices must increase");
  }
  {
    Filtered b = good;  // a delta_ns left in place
    patch(b, record_at(b.filtered, 3) + offsetof(f::RecordHeader, delta_ns), uint64_t{1});
    expect_refused(b, "delta_ns in place");
  }
  {
    Filtered b = good;  // unknown filter flag on a plain record
    patch(b, record_at(b.filtered, 2) + offsetof(f::RecordHeader, flags), uint16_t{4});
    expect_refused(b, "unknown filter flags");
  }
  {
    Filtered b = good;  // the delta flag on a record that is not a Submit
    patch(b, record_at(b.filtered, 2) + offsetof(f::RecordHeader, flags), f::kFilteredDelta);
    expect_refused(b, "only Submit payloads");
  }
  {
    Filtered b = good;  // the column cut off
    b.filtered.resize(b.filtered.size() - 8);
    expect_refused(b, "delta_ns");
  }
  {
    Filtered b = good;  // more records announced than the block holds
    b.count += 1;
    expect_refused(b, "delta_ns column");
  }
  {
    Filtered b = good;  // plain size disagreeing with the header
    std::vector<uint8_t> out;
    const Status s = unfilter_block(b.filtered, b.count, static_cast<uint32_t>(b.plain.size() - 8),
                                    kFilterCodec, out);
    ASSERT_FALSE(s.ok());
    EXPECT_NE(s.error().message.find("rebuilds past"), std::string::npos) << s.error().message;
  }
}

TEST(BlockFilter, EveryTruncationIsAnErrorNotACrash) {
  const Filtered good = filtered_frames(3);
  for (size_t n = 0; n < good.filtered.size(); n += 8) {
    Filtered b = good;
    b.filtered.resize(n);
    std::vector<uint8_t> out;
    EXPECT_FALSE(unfilter(b, out).ok()) << n;
  }
}

// Random damage to a filtered block (a few bytes changed, anywhere) decodes to the announced size
// or fails with an error; under the sanitizers, never reads or writes outside its buffers.
TEST(BlockFilter, RandomDamageIsDecodedOrRefusedNeverACrash) {
  const Filtered good = filtered_frames(12);
  std::mt19937 rng(1234);
  size_t refused = 0;
  for (int round = 0; round < 3000; ++round) {
    Filtered b = good;
    const int bytes = 1 + static_cast<int>(rng() % 4);
    for (int k = 0; k < bytes; ++k) {
      b.filtered[rng() % b.filtered.size()] = static_cast<uint8_t>(rng());
    }
    std::vector<uint8_t> out;
    const Status s = unfilter(b, out);
    if (s.ok()) {
      EXPECT_EQ(out.size(), b.plain.size());
    } else {
      ++refused;
      EXPECT_EQ(s.error().code, ErrorCode::Corrupt);
    }
  }
  EXPECT_GT(refused, 100u);  // damage to the framing and the filter state is caught
}

TEST(BlockFilter, MaxFilteredSizeBoundsTheFilter) {
  const Filtered b = filtered_frames(2);  // two frames: little to code, the column dominates
  EXPECT_LE(b.filtered.size(), max_filtered_size(static_cast<uint32_t>(b.plain.size()), b.count));
}

// A block with nothing to code (FrameEnds only) filters to exactly the bound, column and all, and
// the reader's own path (BlockDecompressor, which checks the bound first) takes it back.
TEST(BlockFilter, ABlockAtExactlyTheBoundIsRead) {
  EventSet s;
  for (uint64_t fr = 0; fr < 13; ++fr) s.add(FrameEnd{fr}, 1000 * fr + 7);
  const std::vector<uint8_t> plain = plain_block(s.events);
  const auto count = static_cast<uint32_t>(s.events.size());
  const auto filtered = filter_block(plain, count, kFilterCodec);
  ASSERT_TRUE(filtered.has_value());
  EXPECT_EQ(filtered->size(), max_filtered_size(static_cast<uint32_t>(plain.size()), count));
  BlockCompressor compressor(3);
  const auto block = compressor.compress(f::BlockKind::Events, plain, 0, count, true);
  ASSERT_TRUE(block.ok());
  f::BlockHeader h;
  std::memcpy(&h, block.value().data(), sizeof h);
  EXPECT_EQ(h.codec, static_cast<uint16_t>(kFilterCodec));
  BlockDecompressor decompressor;
  std::vector<uint8_t> back;
  const Status st =
      decompressor.decompress(h, std::span<const uint8_t>(block.value()).subspan(sizeof h), back);
  ASSERT_TRUE(st.ok()) << st.error().message;
  EXPECT_EQ(back, plain);
}

}  // namespace
}  // namespace vgpu::trace
