#include "tests/replay/test_traces.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <fstream>
#include <iterator>

#include "replay/renderer_backend.h"
#include "trace/frame_digest.h"
#include "trace/trace_writer.h"

namespace vgpu::replay::testing {

std::filesystem::path corpus_trace(const std::string& name) {
  return std::filesystem::path(VGPU_CORPUS_DIR) / "traces" / (name + ".vtrc");
}

ScratchDir::ScratchDir(const std::string& name)
    : path_(std::filesystem::temp_directory_path() /
            ("vgpu-replay-test-" + name + "-" + std::to_string(getpid()))) {
  std::filesystem::remove_all(path_);
  std::filesystem::create_directories(path_);
}

ScratchDir::~ScratchDir() {
  std::error_code ignored;
  std::filesystem::remove_all(path_, ignored);
}

void rewrite_trace(const std::filesystem::path& from, const std::filesystem::path& to,
                   const EventRewrite& rewrite, size_t block_size) {
  auto reader = trace::TraceReader::open(from);
  ASSERT_TRUE(reader) << reader.error().message;
  trace::WriterOptions options;
  options.block_size = block_size;
  options.dedup_min_size = 0;  // every payload inline: damage hits what it hits
  auto writer = trace::TraceWriter::create(to, (*reader)->capture_info(), options);
  ASSERT_TRUE(writer) << writer.error().message;
  trace::Event event;
  for (;;) {
    auto more = (*reader)->next(event);
    ASSERT_TRUE(more) << more.error().message;
    if (!*more) break;
    ASSERT_TRUE((*writer)->write(rewrite(event)));
  }
  ASSERT_TRUE((*writer)->finalize());
}

void write_digest_trace(const std::filesystem::path& from, const std::filesystem::path& to,
                        uint64_t damage_frame, trace::DigestAlgorithm algorithm) {
  uint64_t frame = 1;
  rewrite_trace(from, to, [&](const trace::Event& event) {
    if (std::holds_alternative<trace::FrameEnd>(event.body)) ++frame;
    const auto* readback = std::get_if<trace::TransferFromHost>(&event.body);
    if (!readback) return event;
    std::vector<uint8_t> bytes(readback->data.begin(), readback->data.end());
    if (frame == damage_frame && !bytes.empty()) bytes[bytes.size() / 2] ^= 0x40;
    trace::ReadbackDigest digest;
    static_cast<trace::Transfer&>(digest) = *readback;
    digest.data = {};
    digest.size = bytes.size();
    digest.algorithm = algorithm;
    digest.digest = trace::digest_of(algorithm, bytes);
    trace::Event out = event;
    out.body = digest;
    return out;
  });
}

void write_damaged_trace(const std::filesystem::path& from, const std::filesystem::path& to) {
  rewrite_trace(from, to, [](const trace::Event& e) { return e; }, 512);
  std::vector<char> bytes;
  {
    std::ifstream in(to, std::ios::binary);
    bytes.assign(std::istreambuf_iterator<char>(in), {});
  }
  ASSERT_GT(bytes.size(), 1024u);
  for (size_t i = bytes.size() / 2; i < bytes.size() / 2 + 8; ++i) bytes[i] ^= 0x5a;
  std::ofstream(to, std::ios::binary | std::ios::trunc)
      .write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
}

BackendFactory renderer_factory() {
  return [] { return make_renderer_backend(renderer::Options{}); };
}

ReplayRun replay_file(const std::filesystem::path& path, const PlayerOptions& options) {
  auto reader = trace::TraceReader::open(path);
  EXPECT_TRUE(reader) << reader.error().message;
  if (!reader) return {};
  PlayerObserver quiet;
  return play(**reader, renderer_factory(), options, quiet);
}

}  // namespace vgpu::replay::testing
