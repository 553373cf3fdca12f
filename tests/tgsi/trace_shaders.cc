#include "tests/tgsi/trace_shaders.h"

#include <variant>

#include "decoder/decode.h"
#include "decoder/shader_assembler.h"
#include "trace/trace_reader.h"

namespace vgpu::tgsi::testing {
namespace {

class ShaderCollector : public virgl::CommandVisitor {
 public:
  explicit ShaderCollector(std::vector<TraceShader>& out) : out_(out) {}
  void on(const virgl::SetSubCtx& cmd, const virgl::CommandLocation&) override { sub_ctx_ = cmd.sub_ctx; }
  void on(const virgl::CreateShader& cmd, const virgl::CommandLocation&) override {
    virgl::AssembledShader s = assembler_.add(sub_ctx_, cmd);
    if (s.status != virgl::AssembledShader::Status::Complete) return;
    out_.push_back({s.header.stage, s.header.handle, std::move(s.text)});
  }

 private:
  std::vector<TraceShader>& out_;
  virgl::ShaderAssembler assembler_;
  uint32_t sub_ctx_ = 0;
};

}  // namespace

TraceShaders shaders_of_trace(const std::filesystem::path& trace) {
  TraceShaders result;
  auto reader = trace::TraceReader::open(trace);
  if (!reader.ok()) {
    result.error = reader.error().message;
    return result;
  }
  ShaderCollector collector(result.shaders);
  trace::Event event;
  for (;;) {
    auto more = (*reader)->next(event);
    if (!more.ok()) {
      result.error = more.error().message;
      break;
    }
    if (!*more) break;
    if (const auto* submit = std::get_if<trace::Submit>(&event.body)) {
      (void)virgl::decode(submit->dwords, collector);
    }
  }
  return result;
}

}  // namespace vgpu::tgsi::testing
