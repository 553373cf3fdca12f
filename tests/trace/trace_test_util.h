// Shared helpers of the trace tests: a temporary directory, a sample of every event kind with
// owned payload storage, and whole-trace write/read helpers over real files.
#pragma once

#include <gtest/gtest.h>

#include <algorithm>
#include <bit>
#include <cmath>
#include <deque>
#include <filesystem>
#include <fstream>
#include <memory>
#include <random>
#include <string>
#include <vector>

#include "trace/trace_reader.h"
#include "trace/trace_writer.h"

namespace vgpu::trace::testing {

class TempDir {
 public:
  TempDir() {
    std::string tmpl = (std::filesystem::temp_directory_path() / "vtrc-test-XXXXXX").string();
    path_ = ::mkdtemp(tmpl.data());
  }
  ~TempDir() {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
  }
  std::filesystem::path operator/(const std::string& name) const { return path_ / name; }

 private:
  std::filesystem::path path_;
};

inline std::vector<uint8_t> read_file(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}
inline void write_file(const std::filesystem::path& p, std::span<const uint8_t> bytes) {
  std::ofstream out(p, std::ios::binary | std::ios::trunc);
  out.write(reinterpret_cast<const char*>(bytes.data()), static_cast<std::streamsize>(bytes.size()));
}

inline CaptureInfo sample_info() {
  CaptureInfo info;
  info.tool_version = "vgpu-tools test";
  info.capture_time_ns = 1700000000123456789ull;
  info.guest_process = "glxgears";
  info.transport = "vtest";
  info.protocol_version = 3;
  info.capsets = {{2, 2}, {1, 1}};
  return info;
}

// Owns the payload bytes that the sample events point into.
struct EventSet {
  std::vector<std::vector<uint8_t>> bytes;
  std::vector<std::vector<uint32_t>> dwords;
  std::vector<std::vector<SyncPoint>> points;
  std::deque<std::string> texts;  // deque: growing it never moves the strings (SSO)
  std::vector<Event> events;

  Bytes keep_bytes(std::vector<uint8_t> b) {
    bytes.push_back(std::move(b));
    return bytes.back();
  }
  std::span<const uint32_t> keep_dwords(std::vector<uint32_t> d) {
    dwords.push_back(std::move(d));
    return dwords.back();
  }
  std::string_view keep_text(std::string s) {
    texts.push_back(std::move(s));
    return texts.back();
  }
  void add(EventBody body, uint64_t delta_ns = 1000) { events.push_back({delta_ns, 0, body}); }
  EventSet() {
    bytes.reserve(1024);
    dwords.reserve(1024);
    points.reserve(64);
  }
};

inline std::vector<uint8_t> pattern(size_t n, uint32_t seed) {
  std::vector<uint8_t> v(n);
  std::mt19937 rng(seed);
  for (auto& b : v) b = static_cast<uint8_t>(rng() & 0x0f);  // compressible but not trivial
  return v;
}

// One event of every kind, each field a distinct value; `salt` varies the values.
inline void add_every_kind(EventSet& s, uint32_t salt = 0) {
  s.add(CapsetInfo{2 + salt, 2, s.keep_bytes(pattern(308, salt))}, 5);
  s.add(ContextCreate{1 + salt, 2, s.keep_text("ctx-" + std::to_string(salt))}, 6);
  s.add(ResourceCreate{10 + salt, 2, 67, 0x8, 256, 128, 1, 1, 3, 0, 0x4}, 7);
  s.add(ResourceCreateBlob{11 + salt, 1, 2, 0x3, 77, 1u << 20}, 8);
  s.add(AttachResource{1, 10 + salt}, 9);
  s.add(TransferToHost{1, 10, 0, Box{1, 2, 0, 64, 32, 1}, 256, 8192, 512,
                       s.keep_bytes(pattern(64 * 32 * 4, salt + 1))},
        10);
  s.add(Submit{1, s.keep_dwords({0x00020001u + salt, 0xdeadbeef, 0x12345678})}, 11);
  s.add(FenceCreate{1, 2, 1, 99 + salt}, 12);
  s.points.push_back({{3, 4}, {5, 6 + salt}});
  s.add(SyncCreate{3, 4}, 13);
  s.add(SyncWrite{3, 5}, 14);
  s.add(SyncWait{1, 1000000, s.points.back()}, 15);
  s.add(SyncUnref{3}, 16);
  s.add(TransferFromHost{1, 10, 1, Box{0, 0, 0, 16, 16, 1}, 64, 1024, 0,
                         s.keep_bytes(pattern(16 * 16 * 4, salt + 2))},
        17);
  s.add(SetScanout{0, 10, 0, 0, 256, 128}, 18);
  s.add(ResourceFlush{10, 0, 0, 256, 128}, 19);
  s.add(Marker{s.keep_text("marker " + std::to_string(salt))}, 20);
  s.add(DetachResource{1, 10 + salt}, 21);
  s.add(ResourceUnref{11 + salt}, 22);
  s.add(ContextDestroy{1 + salt}, 23);
  s.add(BackingWrite{1, 10 + salt, 4096, s.keep_bytes(pattern(300, salt + 3))}, 25);
  {
    ReadbackDigest digest;
    static_cast<Transfer&>(digest) = {1, 10, 0, Box{0, 0, 0, 300, 300, 1}, 1216, 0, 64, {}};
    digest.size = 300 * 1216;
    digest.digest = {0x0123456789abcdefull + salt, 0};  // XXH3-64: one word
    s.add(digest, 26);
    digest.algorithm = DigestAlgorithm::ContentHash;  // record 22, as format 1.2-1.3 wrote it
    digest.digest.hi = 0xfedcba9876543210ull;
    s.add(digest, 27);
  }
  s.add(FrameEnd{salt}, 24);  // last: callers count one frame per call
}

// `frames` frames of an animated app: a command buffer whose matrix floats move a little every
// frame, in two places (the rest constant), a second, constant one, a buffer created and freed,
// a FrameEnd.
inline EventSet animated_frames(uint32_t frames, uint32_t words = 1200) {
  words = std::max(words, 128u);  // room for the two copies of the matrix
  EventSet s;
  for (uint32_t fr = 0; fr < frames; ++fr) {
    std::vector<uint32_t> cmd(words);
    for (uint32_t w = 0; w < words; ++w) cmd[w] = (w * 2654435761u) >> 7;  // constant words
    for (uint32_t k = 0; k < 32; ++k) {  // a matrix, set twice per frame (as glxgears does)
      cmd[words / 2 + k] =
          std::bit_cast<uint32_t>(std::sin(0.002f * static_cast<float>(fr) + static_cast<float>(k)));
      cmd[words * 3 / 4 + k] = cmd[words / 2 + k];
    }
    s.add(Submit{1, s.keep_dwords(std::move(cmd))}, 400000 + fr * 37);
    s.add(Submit{1, s.keep_dwords({0x00020001u, 7, 9})}, 250000 + fr);
    s.add(ResourceCreate{100 + fr, 0, 64, 0x20000, 8, 1, 1, 0, 0, 0, 0}, 60000);
    s.add(ResourceUnref{100 + fr}, 500000 - fr);
    s.add(FrameEnd{fr}, 300);
  }
  return s;
}

inline void write_events(const std::filesystem::path& p, const std::vector<Event>& events,
                         const WriterOptions& options = {}) {
  auto w = TraceWriter::create(p, sample_info(), options);
  ASSERT_TRUE(w.ok()) << w.error().message;
  for (const Event& e : events) ASSERT_TRUE(w.value()->write(e).ok());
  ASSERT_TRUE(w.value()->finalize().ok());
}

// Events read back with their payloads copied, so they outlive the reader's blocks.
struct ReadBack {
  EventSet copies;
  std::vector<std::string> warnings;
  std::optional<Error> error;
  bool opened = false;
};

inline Event copy_event(EventSet& s, const Event& e) {
  Event c = e;
  std::visit(
      [&](auto& b) {
        using T = std::decay_t<decltype(b)>;
        if constexpr (requires { b.data; }) {
          b.data = s.keep_bytes({b.data.begin(), b.data.end()});
        } else if constexpr (std::is_same_v<T, Submit>) {
          b.dwords = s.keep_dwords({b.dwords.begin(), b.dwords.end()});
        } else if constexpr (std::is_same_v<T, SyncWait>) {
          s.points.push_back({b.points.begin(), b.points.end()});
          b.points = s.points.back();
        } else if constexpr (std::is_same_v<T, Marker>) {
          b.text = s.keep_text(std::string(b.text));
        } else if constexpr (std::is_same_v<T, ContextCreate>) {
          b.name = s.keep_text(std::string(b.name));
        }
      },
      c.body);
  return c;
}

inline void drain(TraceReader& r, ReadBack& out) {
  Event e;
  for (;;) {
    auto more = r.next(e);
    if (!more) {
      out.error = more.error();
      break;
    }
    if (!more.value()) break;
    out.copies.events.push_back(copy_event(out.copies, e));
  }
  out.warnings = r.warnings();
}

// Drains an opened reader into a ReadBack, or records why it did not open.
template <class OpenResult>
std::unique_ptr<ReadBack> read_back(OpenResult r) {
  auto rb = std::make_unique<ReadBack>();
  if (!r) {
    rb->error = r.error();
    return rb;
  }
  rb->opened = true;
  drain(*r.value(), *rb);
  return rb;
}

inline std::unique_ptr<ReadBack> read_all(const std::filesystem::path& p,
                                          const ReaderOptions& options = {}) {
  return read_back(TraceReader::open(p, options));
}

inline std::unique_ptr<ReadBack> read_all_memory(std::span<const uint8_t> data,
                                                 const ReaderOptions& options = {}) {
  return read_back(TraceReader::open_memory(data, "mem.vtrc", options));
}

inline void expect_same_events(const std::vector<Event>& want, const std::vector<Event>& got) {
  ASSERT_EQ(want.size(), got.size());
  for (size_t i = 0; i < want.size(); ++i) {
    EXPECT_TRUE(same_event(want[i], got[i]))
        << "event " << i << " (" << event_kind_name(want[i]) << " vs " << event_kind_name(got[i])
        << ")";
    EXPECT_EQ(got[i].number, i);
  }
}

}  // namespace vgpu::trace::testing
