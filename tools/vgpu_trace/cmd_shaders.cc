// vgpu-trace shaders TRACE [--compile] [--json] [--stage S] [--frames A-B]: every shader a trace
// creates, put together from its CREATE_OBJECT(SHADER) packets as the renderer does
// (decoder/shader_assembler.h), with its TGSI, the GLSL the translator makes of it and, with
// --compile, what the host GL says about that GLSL.
//
// The GLSL is translated with the default ShaderKey: the renderer's key also describes the draw
// (neighbouring stages, integer vertex attributes and colour buffers, clip planes...), which a
// shader alone does not tell.  The stream-output layout is the one the packet carries.
#include <CLI/CLI.hpp>
#include <epoxy/gl.h>

#include <array>
#include <cctype>
#include <charconv>
#include <cstdio>
#include <iostream>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <variant>
#include <vector>

#include "decoder/decode.h"
#include "decoder/shader_assembler.h"
#include "decoder/tgsi/validator.h"
#include "renderer/gl_device.h"
#include "renderer/shader/glsl_translator.h"
#include "tools/vgpu_trace/subcommand.h"
#include "trace/trace_reader.h"

namespace vgpu::tools {
namespace {

constexpr const char* kKeyNote = "default ShaderKey (no draw state: neighbours, integer "
                                 "attributes/colour buffers, clip planes unknown)";

// One shader of the trace and what became of it.
struct ShaderReport {
  uint64_t frame = 0;
  uint32_t ctx_id = 0, sub_ctx = 0, handle = 0, stage = 0;
  std::string tgsi;
  std::string glsl;   // empty when assembly, parsing or translation failed
  uint32_t glsl_stage = 0;  // the stage the TGSI header names (the packet's may differ)
  std::string error;  // "assemble: ...", "TGSI 3:17: ...", "translate: 12:5: ..."
  std::optional<std::string> compile_log;  // --compile: "" when it compiled and linked
  [[nodiscard]] bool failed() const { return !error.empty() || (compile_log && !compile_log->empty()); }
};

std::string_view stage_name(uint32_t stage) {
  return stage < virgl::kShaderStageNames.size() ? virgl::kShaderStageNames[stage] : "UNKNOWN";
}

// "vs", "FRAGMENT", "tess_ctrl"... -> the virgl stage; nullopt when the name means none.
std::optional<uint32_t> parse_stage(std::string s) {
  for (char& c : s) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  static constexpr std::array<std::string_view, 6> kShort = {"VS", "FS", "GS", "TCS", "TES", "CS"};
  for (uint32_t i = 0; i < kShort.size(); ++i) {
    if (s == kShort[i] || s == virgl::kShaderStageNames[i]) return i;
  }
  return std::nullopt;
}

// --frames: "N", "A-B" or "A-"; both ends inclusive.
std::optional<std::pair<uint64_t, uint64_t>> parse_frame_range(std::string_view s) {
  const size_t dash = s.find('-');
  const std::string_view a = s.substr(0, dash);
  const std::string_view b = dash == std::string_view::npos ? a : s.substr(dash + 1);
  uint64_t first = 0, last = UINT64_MAX;
  if (std::from_chars(a.data(), a.data() + a.size(), first).ptr != a.data() + a.size() || a.empty())
    return std::nullopt;
  if (!b.empty() && std::from_chars(b.data(), b.data() + b.size(), last).ptr != b.data() + b.size())
    return std::nullopt;
  if (last < first) return std::nullopt;
  return std::pair{first, last};
}

// Collects the shaders of one Submit; one assembler per virgl context, as each context of the
// renderer has its own.
class ShaderCollector : public virgl::CommandVisitor {
 public:
  void start_submit(uint32_t ctx_id, uint64_t frame) {
    ctx_ = &contexts_[ctx_id];
    ctx_id_ = ctx_id;
    frame_ = frame;
  }
  void forget_context(uint32_t ctx_id) { contexts_.erase(ctx_id); }
  void on(const virgl::SetSubCtx& cmd, const virgl::CommandLocation&) override {
    ctx_->sub_ctx = cmd.sub_ctx;
  }
  void on(const virgl::DestroySubCtx& cmd, const virgl::CommandLocation&) override {
    ctx_->assembler.forget_sub_context(cmd.sub_ctx);
  }
  void on(const virgl::CreateShader& cmd, const virgl::CommandLocation&) override {
    virgl::AssembledShader s = ctx_->assembler.add(ctx_->sub_ctx, cmd);
    if (s.status == virgl::AssembledShader::Status::Incomplete) return;
    ShaderReport r;
    r.frame = frame_;
    r.ctx_id = ctx_id_;
    r.sub_ctx = ctx_->sub_ctx;
    r.handle = s.header.handle;
    r.stage = s.header.stage;
    if (s.status == virgl::AssembledShader::Status::Rejected) {
      r.handle = cmd.handle;
      r.stage = cmd.stage;
      r.error = "assemble: " + s.error;
    } else {
      translate(s, r);
    }
    reports.push_back(std::move(r));
  }

  std::vector<ShaderReport> reports;

 private:
  struct Context {
    virgl::ShaderAssembler assembler;
    uint32_t sub_ctx = 0;
  };

  static void translate(virgl::AssembledShader& s, ShaderReport& r) {
    r.tgsi = std::move(s.text);
    const tgsi::CheckedShader checked = tgsi::parse_and_validate(r.tgsi);
    if (!checked.ok()) {
      r.error = "TGSI " + checked.error.to_string();
      return;
    }
    shader::StreamOutputInfo so;
    so.strides = s.header.so_strides;
    so.outputs.assign(s.header.so_outputs.begin(), s.header.so_outputs.end());
    so.shared_memory_bytes = s.header.shared_memory_size;
    auto translated = shader::translate(checked.shader, shader::ShaderKey{}, so);
    if (!translated) {
      r.error = "translate: " + translated.error().message;
      return;
    }
    r.glsl = std::move(translated->glsl);
    r.glsl_stage = static_cast<uint32_t>(translated->stage);
  }

  std::map<uint32_t, Context> contexts_;
  Context* ctx_ = nullptr;
  uint32_t ctx_id_ = 0;
  uint64_t frame_ = 0;
};

// Compiles `glsl` (of a virgl stage, below 6) as a stage of its own and links it as a separable program (a GS, TCS or TES
// needs no VS that way); "" on success, else the info logs.
std::string compile_and_link(uint32_t stage, const std::string& glsl) {
  static constexpr std::array<GLenum, 6> kGlStage = {
      GL_VERTEX_SHADER, GL_FRAGMENT_SHADER, GL_GEOMETRY_SHADER,
      GL_TESS_CONTROL_SHADER, GL_TESS_EVALUATION_SHADER, GL_COMPUTE_SHADER};
  const GLuint shader = glCreateShader(kGlStage[stage]);
  const char* text = glsl.c_str();
  glShaderSource(shader, 1, &text, nullptr);
  glCompileShader(shader);
  std::array<char, 8192> log{};
  GLint ok = GL_FALSE;
  glGetShaderiv(shader, GL_COMPILE_STATUS, &ok);
  std::string result;
  if (!ok) {
    glGetShaderInfoLog(shader, static_cast<GLsizei>(log.size()), nullptr, log.data());
    result = std::string("compile: ") + log.data();
  } else {
    const GLuint program = glCreateProgram();
    glProgramParameteri(program, GL_PROGRAM_SEPARABLE, GL_TRUE);
    glAttachShader(program, shader);
    glLinkProgram(program);
    glGetProgramiv(program, GL_LINK_STATUS, &ok);
    if (!ok) {
      glGetProgramInfoLog(program, static_cast<GLsizei>(log.size()), nullptr, log.data());
      result = std::string("link: ") + log.data();
    }
    glDeleteProgram(program);
  }
  glDeleteShader(shader);
  return result;
}

nlohmann::ordered_json to_json(const ShaderReport& r) {
  nlohmann::ordered_json j = {{"frame", r.frame},   {"ctx_id", r.ctx_id}, {"sub_ctx", r.sub_ctx},
                              {"handle", r.handle}, {"stage", stage_name(r.stage)},
                              {"tgsi", r.tgsi},     {"glsl", r.glsl}};
  j["error"] = r.error.empty() ? nlohmann::ordered_json() : nlohmann::ordered_json(r.error);
  if (r.compile_log) {
    j["compile"] = {{"ok", r.compile_log->empty()}, {"log", *r.compile_log}};
  }
  return j;
}

void print_text(const ShaderReport& r) {
  std::printf("=== shader ctx %u sub-ctx %u handle %u %.*s (frame %llu)%s\n", r.ctx_id,
              r.sub_ctx, r.handle, static_cast<int>(stage_name(r.stage).size()),
              stage_name(r.stage).data(), static_cast<unsigned long long>(r.frame),
              r.failed() ? "  FAILED" : "");
  if (!r.tgsi.empty()) std::printf("--- TGSI\n%s%s", r.tgsi.c_str(), r.tgsi.back() == '\n' ? "" : "\n");
  if (!r.error.empty()) std::printf("--- error: %s\n", r.error.c_str());
  if (!r.glsl.empty()) std::printf("--- GLSL\n%s", r.glsl.c_str());
  if (r.compile_log) {
    std::printf("--- host GL: %s\n", r.compile_log->empty() ? "compiled and linked"
                                                             : r.compile_log->c_str());
  }
  std::printf("\n");
}

struct Args {
  std::string trace, stage, frames;
  bool compile = false, json = false;
};

enum class TraceRead { Whole, Damaged, Unreadable };

// Reads the trace (problems printed).  A damaged trace still yields the shaders before the damage.
TraceRead collect(const Args& args, std::pair<uint64_t, uint64_t> range, ShaderCollector& collector) {
  auto reader = trace::TraceReader::open(args.trace);
  if (!reader) {
    std::cerr << reader.error().message << "\n";
    return TraceRead::Unreadable;
  }
  trace::Event event;
  uint64_t frame = 0;
  for (;;) {
    auto more = reader.value()->next(event);
    if (!more) {
      std::cerr << "error: " << more.error().message << "\n";
      return TraceRead::Damaged;
    }
    if (!*more || frame > range.second) break;
    if (const auto* submit = std::get_if<trace::Submit>(&event.body)) {
      collector.start_submit(submit->ctx_id, frame);
      (void)virgl::decode(submit->dwords, collector);  // rejected commands create no shader
    } else if (const auto* destroy = std::get_if<trace::ContextDestroy>(&event.body)) {
      collector.forget_context(destroy->ctx_id);
    } else if (std::holds_alternative<trace::FrameEnd>(event.body)) {
      ++frame;
    }
  }
  for (const std::string& w : reader.value()->warnings()) std::cerr << "warning: " << w << "\n";
  return reader.value()->warnings().empty() ? TraceRead::Whole : TraceRead::Damaged;
}

int run(const Args& args) {
  std::optional<uint32_t> stage;
  if (!args.stage.empty() && !(stage = parse_stage(args.stage))) {
    std::cerr << "--stage " << args.stage << ": expected vs, fs, gs, tcs, tes, cs or VERTEX...\n";
    return 2;
  }
  std::pair<uint64_t, uint64_t> range{0, UINT64_MAX};
  if (!args.frames.empty()) {
    auto r = parse_frame_range(args.frames);
    if (!r) {
      std::cerr << "--frames " << args.frames << ": expected N, A-B or A-\n";
      return 2;
    }
    range = *r;
  }
  // Shaders are collected from the first frame on (a shader made in frame 0 may be assembled
  // from packets before the range), then filtered.
  ShaderCollector collector;
  const TraceRead read = collect(args, range, collector);
  if (read == TraceRead::Unreadable) return 2;
  std::unique_ptr<renderer::GlDevice> gl;
  if (args.compile) {
    auto device = renderer::GlDevice::open(-1, false);
    if (!device || !device.value()->make_current(device.value()->root())) {
      std::cerr << "--compile: no host GL: " << (device ? "cannot make the context current"
                                                         : device.error().message) << "\n";
      return 2;
    }
    gl = std::move(device.value());
  }
  nlohmann::ordered_json shaders = nlohmann::ordered_json::array();
  std::array<uint64_t, 6> per_stage{};
  uint64_t failed = 0;
  for (ShaderReport& r : collector.reports) {
    if (r.frame < range.first || (stage && r.stage != *stage)) continue;
    if (gl && !r.glsl.empty()) r.compile_log = compile_and_link(r.glsl_stage, r.glsl);
    if (r.stage < per_stage.size()) ++per_stage[r.stage];
    failed += r.failed() ? 1 : 0;
    if (args.json) {
      shaders.push_back(to_json(r));
    } else {
      print_text(r);
    }
  }
  nlohmann::ordered_json counts = nlohmann::ordered_json::object();
  for (uint32_t s = 0; s < per_stage.size(); ++s) counts[std::string(stage_name(s))] = per_stage[s];
  if (args.json) {
    nlohmann::ordered_json out = {{"file", args.trace}, {"glsl_key", kKeyNote},
                                  {"compiled", args.compile}, {"per_stage", counts},
                                  {"failed", failed}, {"shaders", shaders}};
    std::cout << out.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) << "\n";
  } else {
    std::printf("GLSL translated with the %s.\nshaders per stage: %s; failed: %llu\n", kKeyNote,
                counts.dump().c_str(), static_cast<unsigned long long>(failed));
  }
  if (read == TraceRead::Damaged) return 2;  // the list may lack shaders: unusable as an answer
  return failed ? 1 : 0;
}

void setup(CLI::App& parent, int& exit_status) {
  auto args = std::make_shared<Args>();
  CLI::App* cmd = parent.add_subcommand(
      "shaders",
      "List every shader of a trace: its TGSI, the GLSL we translate it to (default ShaderKey) "
      "and errors with line:column.  Exit 0 all good, 1 a shader failed, 2 unusable input");
  cmd->add_option("trace", args->trace, "trace file")->required();
  cmd->add_flag("--compile", args->compile,
                "compile and link (separable) each GLSL on the host GL (EGL surfaceless)");
  cmd->add_flag("--json", args->json, "print JSON");
  cmd->add_option("--stage", args->stage, "only this stage: vs fs gs tcs tes cs");
  cmd->add_option("--frames", args->frames, "only shaders created in frames N, A-B or A-");
  cmd->callback([args, &exit_status] { exit_status = run(*args); });
}

SubcommandRegistrar registrar{&setup};

}  // namespace
}  // namespace vgpu::tools
