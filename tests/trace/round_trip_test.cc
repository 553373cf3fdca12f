// Every event kind and the capture metadata survive a write and a read unchanged.
#include <gtest/gtest.h>

#include <cstring>

#include "tests/trace/trace_test_util.h"
#include "trace/block_filter.h"
#include "trace/checksum.h"
#include "trace/content_hash.h"
#include "trace/format.h"

namespace vgpu::trace {
namespace {

using testing::EventSet;
using testing::TempDir;

TEST(RoundTrip, EveryEventKind) {
  TempDir dir;
  EventSet set;
  testing::add_every_kind(set);
  // Every alternative of EventBody is in the sample.
  std::vector<bool> seen(kEventKindCount);
  for (const Event& e : set.events) seen[e.body.index()] = true;
  for (size_t i = 0; i < kEventKindCount; ++i) EXPECT_TRUE(seen[i]) << event_kind_name(i);

  testing::write_events(dir / "t.vtrc", set.events);
  auto back = testing::read_all(dir / "t.vtrc");
  ASSERT_FALSE(back->error) << back->error->message;
  EXPECT_TRUE(back->warnings.empty());
  testing::expect_same_events(set.events, back->copies.events);
}

TEST(RoundTrip, CaptureInfoAndIndex) {
  TempDir dir;
  EventSet set;
  for (uint32_t i = 0; i < 3; ++i) testing::add_every_kind(set, i);
  testing::write_events(dir / "t.vtrc", set.events);
  auto r = TraceReader::open(dir / "t.vtrc");
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_EQ(r.value()->capture_info(), testing::sample_info());
  ASSERT_NE(r.value()->index(), nullptr);
  EXPECT_EQ(r.value()->index()->event_count, set.events.size());
  EXPECT_EQ(r.value()->index()->frames.size(), 3u);  // the trace ends with a FrameEnd
  EXPECT_TRUE(r.value()->warnings().empty());
}

TEST(RoundTrip, EmptyPayloadsAndEmptyTrace) {
  TempDir dir;
  EventSet set;
  set.add(Submit{7, {}});
  set.add(Marker{""});
  set.add(TransferToHost{});
  testing::write_events(dir / "a.vtrc", set.events);
  auto back = testing::read_all(dir / "a.vtrc");
  ASSERT_FALSE(back->error) << back->error->message;
  testing::expect_same_events(set.events, back->copies.events);

  testing::write_events(dir / "empty.vtrc", {});
  auto empty = testing::read_all(dir / "empty.vtrc");
  ASSERT_FALSE(empty->error) << empty->error->message;
  EXPECT_TRUE(empty->copies.events.empty());
  EXPECT_TRUE(empty->warnings.empty());
}

TEST(RoundTrip, ManyBlocksWithSmallBlockSize) {
  TempDir dir;
  EventSet set;
  for (uint32_t i = 0; i < 200; ++i) testing::add_every_kind(set, i);
  WriterOptions o;
  o.block_size = 4096;
  o.level = 1;
  testing::write_events(dir / "t.vtrc", set.events, o);
  auto r = TraceReader::open(dir / "t.vtrc");
  ASSERT_TRUE(r.ok());
  ASSERT_NE(r.value()->index(), nullptr);
  EXPECT_GT(r.value()->index()->blocks.size(), 50u);
  testing::ReadBack back;
  testing::drain(*r.value(), back);
  ASSERT_FALSE(back.error) << back.error->message;
  testing::expect_same_events(set.events, back.copies.events);
}

TEST(RoundTrip, PayloadViewsAreAlignedForDwords) {
  TempDir dir;
  EventSet set;
  set.add(Marker{"odd"});  // 3 bytes: the next record must still start 8-aligned
  set.add(Submit{1, set.keep_dwords({1, 2, 3})});
  testing::write_events(dir / "t.vtrc", set.events);
  auto r = TraceReader::open(dir / "t.vtrc");
  ASSERT_TRUE(r.ok());
  Event e;
  ASSERT_TRUE(r.value()->next(e).value());
  ASSERT_TRUE(r.value()->next(e).value());
  const auto& s = std::get<Submit>(e.body);
  EXPECT_EQ(reinterpret_cast<uintptr_t>(s.dwords.data()) % 4, 0u);
  EXPECT_EQ(s.dwords.size(), 3u);
  EXPECT_EQ(s.dwords[2], 3u);
}

// Codecs of the Events blocks of a finalized trace, in file order (walking the block headers).
std::vector<uint16_t> block_codecs(const std::filesystem::path& p) {
  const std::vector<uint8_t> file = testing::read_file(p);
  format::FileHeader fh;
  std::memcpy(&fh, file.data(), sizeof fh);
  std::vector<uint16_t> codecs;
  for (size_t pos = fh.header_size; pos + sizeof(format::BlockHeader) <= file.size() - 32;) {
    format::BlockHeader h;
    std::memcpy(&h, file.data() + pos, sizeof h);
    if (h.kind == static_cast<uint16_t>(format::BlockKind::Events)) codecs.push_back(h.codec);
    pos += sizeof h + h.stored_size;
  }
  return codecs;
}

// Every event and every stored payload hash, in order, read back from `p`.
struct Stored {
  std::unique_ptr<testing::ReadBack> events;
  std::vector<ContentHash> hashes;
};
Stored read_stored(const std::filesystem::path& p) {
  Stored s{std::make_unique<testing::ReadBack>(), {}};
  auto r = TraceReader::open(p);
  if (!r) {
    s.events->error = r.error();
    return s;
  }
  Event e;
  for (;;) {
    auto more = r.value()->next(e);
    if (!more) {
      s.events->error = more.error();
      break;
    }
    if (!more.value()) break;
    s.events->copies.events.push_back(testing::copy_event(s.events->copies, e));
    s.hashes.push_back(r.value()->position().payload_hash);
  }
  return s;
}

// tests/trace/data/animation-v1.N.vtrc is corpus/traces/animation.vtrc as an older writer repacked
// it: session 6's (format 1.3, one codec-2 block whose Submits name their bases by record number)
// and session 7's (1.4, codec 3: relative bases, the delta_ns column in nanoseconds).  Readers
// must keep reading such files, event for event.
void expect_reads_like_the_corpus_trace(const char* file, uint16_t minor, format::Codec codec) {
  const std::filesystem::path old_file =
      std::filesystem::path(VGPU_SOURCE_DIR "/tests/trace/data") / file;
  auto reader = TraceReader::open(old_file);
  ASSERT_TRUE(reader.ok()) << reader.error().message;
  EXPECT_EQ(reader.value()->version_minor(), minor);
  const std::vector<uint16_t> codecs = block_codecs(old_file);
  ASSERT_FALSE(codecs.empty());
  for (uint16_t c : codecs) EXPECT_EQ(c, static_cast<uint16_t>(codec));
  const Stored old = read_stored(old_file);
  ASSERT_FALSE(old.events->error) << old.events->error->message;
  const Stored original = read_stored(VGPU_CORPUS_DIR "/traces/animation.vtrc");
  ASSERT_FALSE(original.events->error) << original.events->error->message;
  testing::expect_same_events(original.events->copies.events, old.events->copies.events);
}

TEST(RoundTrip, Format13FilesStillRead) {
  expect_reads_like_the_corpus_trace("animation-v1.3.vtrc", 3, format::Codec::ZstdFiltered);
}

TEST(RoundTrip, Format14FilesStillRead) {
  expect_reads_like_the_corpus_trace("animation-v1.4.vtrc", 4, format::Codec::ZstdFiltered2);
}

TEST(Reader, AnXxh3DigestWithASecondWordIsRefused) {
  TempDir dir;
  EventSet set;
  ReadbackDigest digest;
  digest.size = 16;
  digest.digest = {1, 2};  // XXH3-64 has no second word
  set.add(digest, 1);
  testing::write_events(dir / "bad-digest.vtrc", set.events);
  const Stored read = read_stored(dir / "bad-digest.vtrc");
  ASSERT_TRUE(read.events->error.has_value());
  EXPECT_NE(read.events->error->message.find("nonzero second digest word"), std::string::npos)
      << read.events->error->message;
}

TEST(RoundTrip, FilteredBlocksReadBackBitForBitAndSmaller) {
  TempDir dir;
  EventSet set = testing::animated_frames(300);
  for (uint32_t i = 0; i < 3; ++i) testing::add_every_kind(set, i);
  WriterOptions plain_options;
  plain_options.filter = false;
  WriterOptions small_blocks;  // several filtered blocks, each decoded on its own
  small_blocks.block_size = 64 << 10;
  testing::write_events(dir / "filtered.vtrc", set.events);
  testing::write_events(dir / "small.vtrc", set.events, small_blocks);
  testing::write_events(dir / "plain.vtrc", set.events, plain_options);

  const Stored plain = read_stored(dir / "plain.vtrc");
  ASSERT_FALSE(plain.events->error) << plain.events->error->message;
  for (const char* name : {"filtered.vtrc", "small.vtrc"}) {
    const Stored filtered = read_stored(dir / name);
    ASSERT_FALSE(filtered.events->error) << filtered.events->error->message;
    testing::expect_same_events(set.events, filtered.events->copies.events);
    ASSERT_EQ(filtered.hashes.size(), plain.hashes.size());
    for (size_t i = 0; i < plain.hashes.size(); ++i) {
      EXPECT_EQ(filtered.hashes[i], plain.hashes[i]) << name << " event " << i;
    }
  }
  const std::vector<uint16_t> filtered_codecs = block_codecs(dir / "small.vtrc");
  EXPECT_GT(filtered_codecs.size(), 5u);
  for (uint16_t c : filtered_codecs) EXPECT_EQ(c, static_cast<uint16_t>(kFilterCodec));
  for (uint16_t c : block_codecs(dir / "plain.vtrc")) {
    EXPECT_EQ(c, static_cast<uint16_t>(format::Codec::Zstd));
  }
  // Sizes on the animation alone (the every-kind sample is random bytes that no filter shrinks).
  const EventSet animation = testing::animated_frames(300);
  testing::write_events(dir / "anim-filtered.vtrc", animation.events);
  testing::write_events(dir / "anim-plain.vtrc", animation.events, plain_options);
  const auto filtered_size = std::filesystem::file_size(dir / "anim-filtered.vtrc");
  const auto plain_size = std::filesystem::file_size(dir / "anim-plain.vtrc");
  EXPECT_LT(filtered_size * 2, plain_size) << filtered_size << " vs " << plain_size;
}

TEST(RoundTrip, SeekingIntoAFilteredBlockMatchesTheStream) {
  TempDir dir;
  EventSet set = testing::animated_frames(200);
  WriterOptions o;
  o.block_size = 32 << 10;
  testing::write_events(dir / "t.vtrc", set.events, o);
  auto r = TraceReader::open(dir / "t.vtrc");
  ASSERT_TRUE(r.ok()) << r.error().message;
  for (uint64_t frame : {150u, 3u, 77u, 199u}) {
    ASSERT_TRUE(r.value()->seek_frame(frame).ok());
    Event e;
    ASSERT_TRUE(r.value()->next(e).value());
    EXPECT_EQ(e.number, frame * 5);
    EXPECT_TRUE(same_event(set.events[frame * 5], e)) << "frame " << frame;
  }
}

// The traces in corpus/traces were written by format 1.0-1.2 writers; this reader still reads
// them, and rewriting one with the filter changes no event.
TEST(RoundTrip, CorpusTracesOfEarlierVersionsStillReadAndRepack) {
  TempDir dir;
  size_t traces = 0;
  for (const auto& entry : std::filesystem::directory_iterator(VGPU_CORPUS_DIR "/traces")) {
    if (entry.path().extension() != ".vtrc") continue;
    ++traces;
    auto r = TraceReader::open(entry.path());
    ASSERT_TRUE(r.ok()) << r.error().message;
    EXPECT_LT(r.value()->version_minor(), format::kVersionMinor) << entry.path();
    EXPECT_NE(r.value()->index(), nullptr) << entry.path();
    const Stored old = read_stored(entry.path());
    ASSERT_FALSE(old.events->error) << entry.path() << ": " << old.events->error->message;
    EXPECT_FALSE(old.events->copies.events.empty());
    testing::write_events(dir / "re.vtrc", old.events->copies.events);
    const Stored again = read_stored(dir / "re.vtrc");
    ASSERT_FALSE(again.events->error) << again.events->error->message;
    testing::expect_same_events(old.events->copies.events, again.events->copies.events);
  }
  EXPECT_GE(traces, 5u);
}

TEST(Checksum, Crc32cKnownAnswer) {
  const std::string s = "123456789";
  EXPECT_EQ(crc32c({reinterpret_cast<const uint8_t*>(s.data()), s.size()}), 0xe3069283u);
  // Incremental equals one-shot, across the 8-byte fast path and the tail.
  std::vector<uint8_t> v = testing::pattern(1000, 3);
  const uint32_t whole = crc32c(v);
  EXPECT_EQ(crc32c(std::span(v).subspan(13), crc32c(std::span(v).first(13))), whole);
}

TEST(ContentHash, DiffersOnOneBitAndLength) {
  std::vector<uint8_t> v = testing::pattern(5000, 9);
  const ContentHash h = content_hash(v);
  EXPECT_EQ(h, content_hash(v));
  v[4321] ^= 1;
  EXPECT_NE(h, content_hash(v));
  v[4321] ^= 1;
  v.push_back(0);
  EXPECT_NE(h, content_hash(v));
}

TEST(Writer, UnwritablePathIsATypedError) {
  auto w = TraceWriter::create("/nonexistent-dir/x.vtrc", testing::sample_info());
  ASSERT_FALSE(w.ok());
  EXPECT_EQ(w.error().code, ErrorCode::Io);
  EXPECT_NE(w.error().message.find("/nonexistent-dir/x.vtrc"), std::string::npos);
}

TEST(Writer, DiskFullIsATypedError) {
  if (!std::filesystem::exists("/dev/full")) GTEST_SKIP() << "no /dev/full";
  auto w = TraceWriter::create("/dev/full", testing::sample_info());
  // The header write already fails on /dev/full.
  ASSERT_FALSE(w.ok());
  EXPECT_EQ(w.error().code, ErrorCode::Io);
  EXPECT_NE(w.error().message.find("No space"), std::string::npos) << w.error().message;
}

TEST(Writer, WriteAfterFinalizeIsClosed) {
  TempDir dir;
  auto w = TraceWriter::create(dir / "t.vtrc", testing::sample_info());
  ASSERT_TRUE(w.ok());
  ASSERT_TRUE(w.value()->finalize().ok());
  Status s = w.value()->write(Event{0, 0, Marker{"late"}});
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.error().code, ErrorCode::Closed);
  EXPECT_TRUE(w.value()->finalize().ok());  // idempotent
}

TEST(Reader, NotATraceAndMissingFile) {
  TempDir dir;
  const std::string text = "this is not a trace at all, just text long enough";
  testing::write_file(dir / "x.txt", {reinterpret_cast<const uint8_t*>(text.data()), text.size()});
  auto r = TraceReader::open(dir / "x.txt");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, ErrorCode::NotATrace);
  auto m = TraceReader::open(dir / "missing.vtrc");
  ASSERT_FALSE(m.ok());
  EXPECT_EQ(m.error().code, ErrorCode::Io);
}

}  // namespace
}  // namespace vgpu::trace
