// vgpu-trace extract-seeds TRACE DIR: turns a captured trace into fuzz seeds, one directory per
// harness (docs/fuzzing.md):
//   DIR/virgl_decode/<trace>-submit-<hash>  config byte 0 + one distinct Submit's dwords
//   DIR/tgsi_parse/<trace>-<hash>.tgsi      each distinct shader's TGSI text (long shaders
//                                           assembled from their packets)
//   DIR/renderer/<trace>                    the trace's events as a renderer-harness script
//                                           (no setup, ids as captured; capped in size)
//   DIR/vtest_wire/<trace>                  the same session as a vtest client's byte stream
//                                           (protocol 0: context, resources, submits)
// Exit status: 0 seeds written, 2 unreadable trace or unwritable directory.
#include <CLI/CLI.hpp>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "decoder/decode.h"
#include "decoder/shader_assembler.h"
#include "decoder/vtest/request_codec.h"
#include "fuzz/renderer/renderer_script.h"
#include "tools/vgpu_trace/subcommand.h"
#include "trace/content_hash.h"
#include "trace/trace_reader.h"

namespace vgpu::tools {
namespace {

namespace fs = std::filesystem;

// A renderer seed stops growing here: libFuzzer mutates long inputs poorly and slowly.
constexpr size_t kMaxScriptBytes = 256u << 10;

class SeedWriter {
 public:
  SeedWriter(fs::path dir, std::string stem) : dir_(std::move(dir)), stem_(std::move(stem)) {}

  bool write(const std::string& harness, const std::string& name, std::span<const uint8_t> bytes) {
    std::error_code ec;
    fs::create_directories(dir_ / harness, ec);
    std::ofstream out(dir_ / harness / name, std::ios::binary);
    out.write(reinterpret_cast<const char*>(bytes.data()), static_cast<std::streamsize>(bytes.size()));
    if (!out) {
      std::fprintf(stderr, "vgpu-trace extract-seeds: cannot write %s\n",
                   (dir_ / harness / name).c_str());
      return false;
    }
    ++written;
    return true;
  }

  // Distinct submits and shaders, named by content so repeated runs do not duplicate them.
  bool add_submit(std::span<const uint32_t> dwords) {
    const auto bytes = std::as_bytes(dwords);
    const std::string hash = short_hash(bytes);
    if (!seen_.insert("s" + hash).second) return true;
    std::vector<uint8_t> seed(1, 0);
    seed.insert(seed.end(), reinterpret_cast<const uint8_t*>(bytes.data()),
                reinterpret_cast<const uint8_t*>(bytes.data()) + bytes.size());
    return write("virgl_decode", stem_ + "-submit-" + hash, seed) && add_shaders(dwords);
  }

  std::string stem() const { return stem_; }
  size_t written = 0;

 private:
  // Feeds the submit's CREATE_OBJECT(SHADER) packets to an assembler kept across submits (a
  // long shader may span them) and writes each completed text.
  class ShaderCollector : public virgl::CommandVisitor {
   public:
    explicit ShaderCollector(SeedWriter& w) : w_(w) {}
    void on(const virgl::SetSubCtx& p, const virgl::CommandLocation&) override { sub_ = p.sub_ctx; }
    void on(const virgl::CreateShader& p, const virgl::CommandLocation&) override {
      const auto r = w_.assembler_.add(sub_, p);
      if (r.status != virgl::AssembledShader::Status::Complete) return;
      const auto bytes = std::as_bytes(std::span(r.text));
      const std::string hash = short_hash(bytes);
      if (!w_.seen_.insert("t" + hash).second) return;
      ok = ok && w_.write("tgsi_parse", w_.stem_ + "-" + hash + ".tgsi",
                          {reinterpret_cast<const uint8_t*>(r.text.data()), r.text.size()});
    }
    bool ok = true;

   private:
    SeedWriter& w_;
    uint32_t sub_ = 0;
  };

  bool add_shaders(std::span<const uint32_t> dwords) {
    ShaderCollector collector(*this);
    (void)virgl::decode(dwords, collector);
    return collector.ok;
  }

  static std::string short_hash(std::span<const std::byte> bytes) {
    const auto h = trace::content_hash({reinterpret_cast<const uint8_t*>(bytes.data()), bytes.size()});
    char text[17];
    std::snprintf(text, sizeof text, "%016llx", static_cast<unsigned long long>(h.lo));
    return text;
  }

  fs::path dir_;
  std::string stem_;
  std::set<std::string> seen_;
  virgl::ShaderAssembler assembler_;
};

// Appends one event to the renderer script and the vtest stream (events neither can express are
// skipped: fences, syncs, markers...).
class SessionSeeds {
 public:
  void add(const trace::Event& e) {
    if (script_.bytes().size() > kMaxScriptBytes) return;
    std::visit([this](const auto& body) { on(body); }, e.body);
  }
  const std::vector<uint8_t>& script() const { return script_.bytes(); }
  const std::vector<uint8_t>& vtest() const { return vtest_; }

 private:
  using Op = fuzz::RendererOp;
  template <class T>
  void on(const T&) {}
  void on(const trace::ContextCreate& e) {
    script_.op(Op::CREATE_CONTEXT, static_cast<uint8_t>(e.ctx_id));
    vtest_request(vtest::CreateRenderer{e.name});
  }
  void on(const trace::ContextDestroy& e) { script_.op(Op::DESTROY_CONTEXT, static_cast<uint8_t>(e.ctx_id)); }
  void on(const trace::ResourceCreate& e) {
    script_.create_resource(e);
    vtest_request(vtest::ResourceCreate{false, e.res_id, e.target, e.format, e.bind, e.width,
                                        e.height, e.depth, e.array_size, e.last_level,
                                        e.nr_samples, 0});
  }
  void on(const trace::ResourceUnref& e) {
    script_.op(Op::UNREF_RESOURCE, static_cast<uint8_t>(e.res_id));
    vtest_request(vtest::ResourceUnref{e.res_id});
  }
  void on(const trace::AttachResource& e) {
    use(e.ctx_id);
    script_.op(Op::ATTACH_RESOURCE, static_cast<uint8_t>(e.res_id));
  }
  void on(const trace::DetachResource& e) {
    use(e.ctx_id);
    script_.op(Op::DETACH_RESOURCE, static_cast<uint8_t>(e.res_id));
  }
  void on(const trace::Submit& e) {
    use(e.ctx_id);
    script_.submit(e.dwords);
    vtest_request(vtest::SubmitCmd{e.dwords});
  }
  void on(const trace::TransferToHost& e) {
    use(e.ctx_id);
    script_.transfer_to_host(e, e.data);
  }
  void on(const trace::TransferFromHost& e) {
    use(e.ctx_id);
    script_.transfer_from_host(e);
  }
  void on(const trace::BackingWrite& e) {
    use(e.ctx_id);
    if (!attached_.count(e.res_id)) {
      script_.attach_backing(static_cast<uint8_t>(e.res_id), 1024);  // 1 MiB, the harness's cap
      attached_.insert(e.res_id);
    }
    script_.write_backing(static_cast<uint8_t>(e.res_id), static_cast<uint32_t>(e.offset), e.data);
  }
  void use(uint32_t ctx) {
    if (ctx == ctx_) return;
    ctx_ = ctx;
    script_.op(Op::USE_CONTEXT, static_cast<uint8_t>(ctx));
  }
  void vtest_request(const vtest::Request& r) {
    const auto bytes = vtest::encode_request(r);
    vtest_.insert(vtest_.end(), bytes.begin(), bytes.end());
  }

  fuzz::RendererScript script_{fuzz::kConfigNoSetup};
  std::vector<uint8_t> vtest_{0};  // config byte: protocol version 0
  uint32_t ctx_ = 1;
  std::set<uint32_t> attached_;
};

int run(const std::string& trace_path, const std::string& dir) {
  auto reader = trace::TraceReader::open(trace_path);
  if (!reader) {
    std::fprintf(stderr, "vgpu-trace extract-seeds: %s\n", reader.error().message.c_str());
    return 2;
  }
  SeedWriter writer(dir, fs::path(trace_path).stem().string());
  SessionSeeds session;
  trace::Event event;
  for (;;) {
    auto more = (*reader)->next(event);
    if (!more) {
      std::fprintf(stderr, "vgpu-trace extract-seeds: %s\n", more.error().message.c_str());
      return 2;
    }
    if (!*more) break;
    if (const auto* s = std::get_if<trace::Submit>(&event.body)) {
      if (!writer.add_submit(s->dwords)) return 2;
    }
    session.add(event);
  }
  if (!writer.write("renderer", writer.stem(), session.script()) ||
      !writer.write("vtest_wire", writer.stem(), session.vtest()))
    return 2;
  std::printf("%s: %zu seeds written under %s\n", trace_path.c_str(), writer.written, dir.c_str());
  return 0;
}

void setup(CLI::App& parent, int& exit_status) {
  auto* cmd = parent.add_subcommand("extract-seeds", "Write fuzz seeds (per harness) from a trace");
  auto trace_path = std::make_shared<std::string>();
  auto dir = std::make_shared<std::string>();
  cmd->add_option("TRACE", *trace_path, "The .vtrc file")->required();
  cmd->add_option("DIR", *dir, "Seeds go to DIR/<harness>/")->required();
  cmd->callback([=, &exit_status] { exit_status = run(*trace_path, *dir); });
}

SubcommandRegistrar registrar{&setup};

}  // namespace
}  // namespace vgpu::tools
