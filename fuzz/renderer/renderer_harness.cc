#include "fuzz/renderer/renderer_harness.h"

#include <array>
#include <cstdio>
#include <cstdlib>
#include <cstring>

#include "fuzz/renderer/byte_reader.h"
#include "fuzz/mesa_env.h"
#include "fuzz/renderer/id_remap.h"
#include "tests/support/sample_streams.h"

namespace vgpu::fuzz {
namespace {

using renderer::Diagnostic;

constexpr uint32_t kSetupContext = 1;
constexpr uint32_t kTarget2d = 2, kTargetBuffer = 0;
constexpr uint32_t kBindRenderTarget = 2, kBindDepthStencil = 1, kBindSamplerView = 8,
                   kBindVertexBuffer = 16;
constexpr uint32_t kB8G8R8A8 = 1, kZ24S8 = 19, kR8Unorm = 64, kR8G8B8A8 = 67;
constexpr uint32_t kSurfaceSize = 64;
// ATTACH_BACKING's u16 KiB, capped: a memory bound, and the zeroing of a reused backing is a
// fixed cost of every input that attaches one (256 KiB holds a 256x256 RGBA8 level).
constexpr size_t kMaxBackingBytes = 256u << 10;
// Backings one input may attach (the rest are refused): with the cap above, 4 MiB at most.
constexpr size_t kMaxBackingsPerInput = 16;

// The resources setup_stream() refers to (sample_streams.cc's ids 1..4).
struct SetupResource {
  uint32_t id, target, format, bind, width;
};
constexpr std::array<SetupResource, kSetupResources> kSetupResourceList{{
    {1, kTarget2d, kB8G8R8A8, kBindRenderTarget | kBindSamplerView, kSurfaceSize},
    {2, kTarget2d, kZ24S8, kBindDepthStencil, kSurfaceSize},
    {3, kTargetBuffer, kR8Unorm, kBindVertexBuffer, 1u << 16},
    {4, kTarget2d, kR8G8B8A8, kBindSamplerView, kSurfaceSize},
}};

}  // namespace

bool RendererRun::has(Diagnostic::Tier tier, std::string_view fragment) const {
  for (const auto& d : diagnostics)
    if (d.tier == tier && d.message.find(fragment) != std::string::npos) return true;
  return false;
}

bool RendererRun::has_gl_error() const {
  for (const auto& d : diagnostics)
    if (d.tier == Diagnostic::Tier::GlError) return true;
  return false;
}

// One input's run: the events it sends and what it must undo afterwards.
class RendererHarness::Session {
 public:
  Session(RendererHarness& h, uint32_t config)
      : h_(h), scratch_(h.scratch_), remap_((config & kConfigRemapIds) != 0) {}

  void setup(bool pipeline) {
    send(trace::ContextCreate{kSetupContext, 0, "fuzz"});
    if (!pipeline) return;
    for (const auto& r : kSetupResourceList) {
      trace::ResourceCreate c;
      c.res_id = r.id;
      c.target = r.target;
      c.format = r.format;
      c.bind = r.bind;
      c.width = r.width;
      c.height = r.target == kTargetBuffer ? 1 : kSurfaceSize;
      c.depth = c.array_size = 1;
      send(c);
      send(trace::AttachResource{kSetupContext, r.id});
    }
    // The objects, then one draw that binds all of them: the input starts from a drawable state.
    static const std::vector<uint32_t> stream = [] {
      std::vector<uint32_t> words = testing::setup_stream();
      const std::vector<uint32_t> draw = testing::draw_heavy_stream(1);
      words.insert(words.end(), draw.begin(), draw.end());
      return words;
    }();
    send(trace::Submit{kSetupContext, stream});
  }

  void run_ops(ByteReader& in) {
    while (!in.done() && run.failure.empty()) run_op(in);
  }

  // Destroys everything the setup and the input made (Renderer::reset keeps the GL contexts for
  // the next input); the diagnostics of this part are not the input's, except GL errors, which
  // are findings wherever they happen.
  void teardown() {
    if (const trace::Status s = h_.target_->reset(); !s && run.failure.empty())
      run.failure = s.error().message;
    scratch_.backings_used = 0;  // after reset: resources may point into them until then
    for (auto& d : h_.target_->take_diagnostics())
      if (d.tier == Diagnostic::Tier::GlError) run.diagnostics.push_back(std::move(d));
  }

  void drain() {
    for (auto& d : h_.target_->take_diagnostics()) run.diagnostics.push_back(std::move(d));
  }
  // The setup's own rejections are not the input's; its GL errors are findings all the same.
  void forget_setup_diagnostics() {
    for (auto& d : h_.target_->take_diagnostics())
      if (d.tier == Diagnostic::Tier::GlError) run.diagnostics.push_back(std::move(d));
  }

  RendererRun run;

 private:
  void send(trace::EventBody body) {
    trace::Event e;
    e.number = ++h_.event_number_;
    e.body = body;
    if (const trace::Status s = h_.target_->on_event(e); !s && run.failure.empty())
      run.failure = s.error().message;
  }

  uint32_t resource_id(uint8_t raw) const {
    return remap_ ? fold_id(raw, kResourceSpace) : raw;
  }

  trace::Transfer transfer(ByteReader& in) {
    trace::Transfer t;
    t.ctx_id = ctx_;
    t.res_id = resource_id(in.u8());
    t.level = in.u8();
    t.box = {in.u16(), in.u16(), in.u16(), in.u16(), in.u16(), in.u16()};
    t.stride = in.u32();
    t.layer_stride = in.u32();
    return t;
  }

  void run_op(ByteReader& in) {
    switch (static_cast<RendererOp>(in.u8() % kRendererOpCount)) {
      case RendererOp::SUBMIT: {
        const auto bytes = in.bytes(size_t{in.u16()} * 4);
        auto& words = scratch_.words;
        words.assign(bytes.size() / 4, 0);
        if (!words.empty()) std::memcpy(words.data(), bytes.data(), words.size() * 4);
        if (remap_) {
          scratch_.remapped.clear();
          remap_ids(words, scratch_.remapped);
        }
        const std::vector<uint32_t>& stream = remap_ ? scratch_.remapped : words;
        send(trace::Submit{ctx_, stream});
        break;
      }
      case RendererOp::CREATE_RESOURCE: {
        trace::ResourceCreate c;
        c.res_id = resource_id(in.u8());
        c.target = in.u8();
        c.format = in.u16();
        c.bind = in.u32();
        c.width = in.u16();
        c.height = in.u16();
        c.depth = in.u16();
        c.array_size = in.u16();
        c.last_level = in.u8();
        c.nr_samples = in.u8();
        send(c);
        break;
      }
      case RendererOp::UNREF_RESOURCE: send(trace::ResourceUnref{resource_id(in.u8())}); break;
      case RendererOp::ATTACH_RESOURCE:
        send(trace::AttachResource{ctx_, resource_id(in.u8())});
        break;
      case RendererOp::DETACH_RESOURCE:
        send(trace::DetachResource{ctx_, resource_id(in.u8())});
        break;
      case RendererOp::CREATE_CONTEXT: send(trace::ContextCreate{in.u8(), 0, "fuzz"}); break;
      case RendererOp::DESTROY_CONTEXT: send(trace::ContextDestroy{in.u8()}); break;
      case RendererOp::USE_CONTEXT: ctx_ = in.u8(); break;
      case RendererOp::ATTACH_BACKING: {
        const uint32_t id = resource_id(in.u8());
        const size_t size = std::min(size_t{in.u16()} * 1024, kMaxBackingBytes);
        const std::span<uint8_t> memory = take_backing(size);
        trace::Status s = trace::Error{trace::ErrorCode::InvalidArgument,
                                       "the harness's backing budget for one input is spent"};
        if (memory.data() != nullptr) s = h_.target_->attach_backing(id, memory);
        if (!s)
          run.diagnostics.push_back({Diagnostic::Tier::InvalidCommand, ctx_, 0, 0,
                                     "attach_backing: " + s.error().message});
        break;
      }
      case RendererOp::WRITE_BACKING: {
        trace::BackingWrite w;
        w.ctx_id = ctx_;
        w.res_id = resource_id(in.u8());
        w.offset = in.u32();
        w.data = in.bytes(in.u16());
        send(w);
        break;
      }
      case RendererOp::TRANSFER_TO_HOST: {
        trace::TransferToHost t{transfer(in)};
        t.data = in.bytes(in.u16());
        send(t);
        break;
      }
      case RendererOp::TRANSFER_FROM_HOST: send(trace::TransferFromHost{transfer(in)}); break;
      case RendererOp::READ_BACK_ZEROS: read_back(in); break;
    }
  }

  void read_back(ByteReader& in) {
    trace::Transfer t;
    t.ctx_id = ctx_;
    t.res_id = resource_id(in.u8());
    t.box = {0, 0, 0, in.u16(), in.u16(), 1};
    auto size = h_.target_->transfer_size(t);
    if (!size || *size > kMaxBackingBytes) return;
    auto& out = scratch_.read_buffer;
    out.assign(*size, 0xcd);
    if (!h_.target_->read_resource(t, out)) return;
    ++run.reads;
    for (uint8_t b : out) run.nonzero_read_bytes += b != 0;
  }

  // Zeroed guest memory from the harness's pool.  A backing is never reused within an input
  // (the renderer may still point at the old one after a second ATTACH_BACKING); the pool's
  // buffers live for the process, so no input pays for mapping and faulting in fresh pages, and
  // only what an earlier input may have written is zeroed again.
  std::span<uint8_t> take_backing(size_t size) {
    auto& pool = scratch_.backings;
    if (scratch_.backings_used == kMaxBackingsPerInput) return {};
    if (scratch_.backings_used == pool.size())
      pool.push_back({std::vector<uint8_t>(kMaxBackingBytes), 0});
    Scratch::Backing& backing = pool[scratch_.backings_used++];
    std::memset(backing.bytes.data(), 0, std::min(size, backing.dirty));
    backing.dirty = std::max(backing.dirty, size);
    return {backing.bytes.data(), size};
  }

  RendererHarness& h_;
  Scratch& scratch_;
  bool remap_;
  uint32_t ctx_ = kSetupContext;
};

namespace {

// Our Renderer as the harness's target.
class OwnRenderer : public HarnessTarget {
 public:
  explicit OwnRenderer(std::unique_ptr<renderer::Renderer> r) : r_(std::move(r)) {}
  trace::Status on_event(const trace::Event& e) override { return r_->on_event(e); }
  trace::Status attach_backing(uint32_t id, std::span<uint8_t> memory) override {
    return r_->attach_backing(id, memory);
  }
  trace::Result<uint64_t> transfer_size(const trace::Transfer& t) const override {
    return r_->transfer_size(t);
  }
  trace::Status read_resource(const trace::Transfer& t, std::span<uint8_t> out) override {
    return r_->read_resource(t, out);
  }
  trace::Status reset() override { return r_->reset(); }
  std::vector<Diagnostic> take_diagnostics() override { return r_->take_diagnostics(); }

 private:
  std::unique_ptr<renderer::Renderer> r_;
};

std::unique_ptr<HarnessTarget> own_renderer() {
  set_mesa_environment();
  renderer::Options options;
  options.debug_gl = true;
  // Small budgets: a fuzz input must not be able to make the process allocate gigabytes.
  options.budgets.max_resource_bytes = 16u << 20;
  options.budgets.max_total_bytes = 64u << 20;
  options.budgets.max_contexts = 8;
  options.budgets.max_objects_per_context = 1024;
  // ~0.2 s of llvmpipe under ASan at the measured 0.2 us per vertex: longer draws are refused by
  // the renderer itself (draw_limits.h), as a guest's would be against a tighter budget.
  options.budgets.max_draw_invocations = 1u << 20;
  auto r = renderer::Renderer::create(options);
  if (!r) {
    std::fprintf(stderr, "renderer harness: cannot create the renderer: %s\n",
                 r.error().message.c_str());
    std::exit(1);
  }
  return std::make_unique<OwnRenderer>(std::move(*r));
}

}  // namespace

RendererHarness& RendererHarness::instance() {
  static RendererHarness harness(own_renderer());
  return harness;
}

RendererRun RendererHarness::run(std::span<const uint8_t> input) {
  ByteReader in(input);
  const uint32_t config = in.u32();
  Session session(*this, config);
  session.setup((config & kConfigNoSetup) == 0);
  session.forget_setup_diagnostics();
  session.run_ops(in);
  session.drain();
  session.teardown();
  return std::move(session.run);
}

}  // namespace vgpu::fuzz
