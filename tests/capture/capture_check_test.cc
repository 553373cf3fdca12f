// tests/capture/capture_check.h over small synthetic traces and dumps: it passes a right capture
// and fails, by name, every kind of wrong one.
#include "tests/capture/capture_check.h"

#include <gmock/gmock.h>
#include <unistd.h>

#include <fstream>
#include <functional>

#include "decoder/formats.h"
#include "trace/trace_writer.h"

namespace vgpu::capture_check {
namespace {

using ::testing::HasSubstr;
namespace fs = std::filesystem;

constexpr uint32_t kDisplayTarget = (1u << 1) | (1u << 7);

class CaptureCheckTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string tmpl = (fs::temp_directory_path() / "vcheck-XXXXXX").string();
    ASSERT_NE(::mkdtemp(tmpl.data()), nullptr);
    dir_ = tmpl;
    // Frame n: a 4x2 pbuffer filled with n in every byte but alpha.
    for (uint8_t n = 0; n < 2; ++n) {
      host_[n].assign(4 * 2 * 4, n);
      dumped_[n].assign(4 * 2 * 4, n);
      for (size_t i = 3; i < 32; i += 4) host_[n][i] = dumped_[n][i] = 0xff;
    }
  }
  void TearDown() override {
    std::error_code ec;
    fs::remove_all(dir_, ec);
  }

  // The events of a right capture of two frames, for a test to change.
  std::vector<trace::EventBody> events() {
    trace::ResourceCreate pbuffer;
    pbuffer.res_id = 1;
    pbuffer.target = 2;
    pbuffer.format = static_cast<uint32_t>(virgl::PipeFormat::B8G8R8A8_UNORM);
    pbuffer.bind = kDisplayTarget;
    pbuffer.width = 4;
    pbuffer.height = 2;
    pbuffer.depth = pbuffer.array_size = 1;
    std::vector<trace::EventBody> out = {trace::ContextCreate{1, 0, "guest"}, pbuffer,
                                         trace::AttachResource{1, 1}, trace::Submit{1, submit_}};
    for (int n = 0; n < 2; ++n) {
      trace::TransferFromHost t;
      t.ctx_id = 1;
      t.res_id = 1;
      t.box = {0, 0, 0, 4, 2, 1};
      t.data = host_[n];
      out.push_back(t);
      out.push_back(trace::FrameEnd{static_cast<uint64_t>(n)});
    }
    out.push_back(trace::ResourceUnref{1});
    out.push_back(trace::ContextDestroy{1});
    return out;
  }

  fs::path write_trace(const std::vector<trace::EventBody>& bodies) {
    const fs::path path = dir_ / "t.vtrc";
    auto writer = trace::TraceWriter::create(path, {});
    EXPECT_TRUE(writer.ok());
    for (const auto& b : bodies) EXPECT_TRUE(writer.value()->write(trace::Event{0, 0, b}).ok());
    EXPECT_TRUE(writer.value()->finalize().ok());
    return path;
  }

  Dump dump(size_t readbacks = 2) {
    Dump d;
    d.client = "guest";
    for (uint32_t n = 0; n < readbacks; ++n) {
      DumpedReadback r;
      r.index = n;
      r.width = 4, r.height = 2;
      r.default_framebuffer = true;
      r.attachment = "back";
      r.label = "frame " + std::to_string(n);
      r.bytes = dumped_[n];
      d.readbacks.push_back(r);
    }
    return d;
  }

  CheckReport check(const std::vector<trace::EventBody>& bodies, const Dump& d,
                    CheckOptions options = {}) {
    return check_capture(write_trace(bodies), d, options);
  }

  static std::string all(const CheckReport& r) {
    std::string out;
    for (const auto& e : r.errors) out += e + "\n";
    return out;
  }

  static void remove_first(std::vector<trace::EventBody>& bodies, size_t kind) {
    for (auto it = bodies.begin(); it != bodies.end(); ++it) {
      if (it->index() == kind) {
        bodies.erase(it);
        return;
      }
    }
  }

  fs::path dir_;
  std::vector<uint8_t> host_[2], dumped_[2];
  std::vector<uint32_t> submit_ = {0x00010000u | 29, 1};  // CREATE_SUB_CTX 1
};

template <class T>
size_t kind_of() {
  return trace::EventBody(T{}).index();
}

TEST_F(CaptureCheckTest, RightCapturePasses) {
  const CheckReport r = check(events(), dump());
  EXPECT_TRUE(r.ok()) << all(r);
  EXPECT_EQ(r.matched, 2u);
  ASSERT_EQ(r.compared.size(), 2u);
  EXPECT_THAT(r.compared[0], HasSubstr("8 pixels identical"));
}

TEST_F(CaptureCheckTest, ChangedDumpByteFails) {
  Dump d = dump();
  d.readbacks[1].bytes[9] ^= 4;
  const CheckReport r = check(events(), d);
  EXPECT_FALSE(r.ok());
  EXPECT_THAT(all(r), HasSubstr("readback 1 'frame 1'"));
  EXPECT_THAT(all(r), HasSubstr("1 of 8 pixels differ"));
}

TEST_F(CaptureCheckTest, ChangedHostByteFails) {
  host_[0][0] ^= 1;
  const CheckReport r = check(events(), dump());
  EXPECT_FALSE(r.ok());
  EXPECT_THAT(all(r), HasSubstr("1 of 8 pixels differ"));
}

TEST_F(CaptureCheckTest, MissingOrExtraFrameEndFails) {
  auto fewer = events();
  remove_first(fewer, kind_of<trace::FrameEnd>());
  EXPECT_THAT(all(check(fewer, dump())), HasSubstr("1 FrameEnd events for 2"));
  auto more = events();
  more.insert(more.begin() + 1, trace::FrameEnd{9});
  EXPECT_THAT(all(check(more, dump())), HasSubstr("3 FrameEnd events for 2"));
}

TEST_F(CaptureCheckTest, UnbalancedResourcesAndContextsFail) {
  auto leak = events();
  remove_first(leak, kind_of<trace::ResourceUnref>());
  EXPECT_THAT(all(check(leak, dump())), HasSubstr("resource 1 never released"));
  auto twice = events();
  twice.push_back(trace::ResourceUnref{1});
  EXPECT_THAT(all(check(twice, dump())), HasSubstr("resource 1 released but not live"));
  auto open = events();
  remove_first(open, kind_of<trace::ContextDestroy>());
  EXPECT_THAT(all(check(open, dump())), HasSubstr("context 1 never destroyed"));
  auto no_submit = events();
  remove_first(no_submit, kind_of<trace::Submit>());
  EXPECT_THAT(all(check(no_submit, dump())), HasSubstr("no Submit"));
}

TEST_F(CaptureCheckTest, ReadbackMissingFromTheTraceFails) {
  auto one = events();
  one.erase(one.begin() + 6, one.begin() + 8);  // the second TransferFromHost and its FrameEnd
  EXPECT_THAT(all(check(one, dump())), HasSubstr("readback 1 'frame 1'"));
  // Unless the trace was cut short and at most one readback is required.
  CheckOptions partial{true, 1};
  EXPECT_TRUE(check(one, dump(), partial).ok()) << all(check(one, dump(), partial));
  partial.min_readbacks = 2;
  EXPECT_THAT(all(check(one, dump(), partial)), HasSubstr("only 1 readbacks matched"));
}

TEST_F(CaptureCheckTest, ReadbackTheClientNeverDumpedFails) {
  const CheckReport r = check(events(), dump(1));
  EXPECT_THAT(all(r), HasSubstr("more readbacks in the trace than the client dumped"));
  // A partial trace may hold readbacks past the last dumped one (the client died before
  // dumping them), but not before it.
  EXPECT_TRUE(check(events(), dump(1), {true, 1}).ok());
  host_[0].assign(32, 0x77);  // an unknown readback, then the first dumped one
  host_[1] = dumped_[0];
  EXPECT_THAT(all(check(events(), dump(2), {true, 1})), HasSubstr("not a dumped readback"));
}

TEST_F(CaptureCheckTest, DamagedTraceFails) {
  const fs::path path = write_trace(events());
  fs::resize_file(path, fs::file_size(path) - 8);
  const CheckReport r = check_capture(path, dump());
  EXPECT_FALSE(r.ok());
}

}  // namespace
}  // namespace vgpu::capture_check
