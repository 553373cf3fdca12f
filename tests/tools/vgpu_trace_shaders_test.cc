// `vgpu-trace shaders` on real traces: the shaders it lists (per stage) are those the test
// support library assembles on its own (tests/tgsi/trace_shaders.h), their TGSI is the trace's,
// their GLSL compiles on the host GL (--compile), filters filter, and damaged or missing input
// exits 2.
#include <gtest/gtest.h>
#include <sys/wait.h>

#include <array>
#include <cstring>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "decoder/encoder.h"
#include "tests/tgsi/trace_shaders.h"
#include "trace/trace_writer.h"

namespace {

const std::filesystem::path kTraces = std::filesystem::path(VGPU_CORPUS_DIR) / "traces";

struct ToolRun {
  int status = -1;
  std::string out;  // stdout only
};

ToolRun run_tool(const std::string& args) {
  ToolRun r;
  const std::string command = std::string(VGPU_TRACE_BIN) + " shaders " + args + " 2>/dev/null";
  FILE* pipe = popen(command.c_str(), "r");
  if (!pipe) return r;
  std::array<char, 4096> buffer{};
  size_t n = 0;
  while ((n = fread(buffer.data(), 1, buffer.size(), pipe)) > 0) r.out.append(buffer.data(), n);
  const int raw = pclose(pipe);
  r.status = WIFEXITED(raw) ? WEXITSTATUS(raw) : -1;
  return r;
}

nlohmann::json run_json(const std::string& args, int expected_status) {
  const ToolRun r = run_tool(args + " --json");
  EXPECT_EQ(r.status, expected_status) << args;
  return nlohmann::json::parse(r.out, nullptr, /*allow_exceptions=*/false);
}

const std::array<const char*, 6> kStages = {"VERTEX", "FRAGMENT", "GEOMETRY",
                                            "TESS_CTRL", "TESS_EVAL", "COMPUTE"};

TEST(VgpuTraceShaders, EveryTraceListsTheShadersTheAssemblerFinds) {
  int traces = 0;
  for (const auto& entry : std::filesystem::directory_iterator(kTraces)) {
    if (entry.path().extension() != ".vtrc") continue;
    ++traces;
    const auto expected = vgpu::tgsi::testing::shaders_of_trace(entry.path());
    ASSERT_TRUE(expected.error.empty()) << expected.error;
    std::map<std::string, uint64_t> per_stage;
    for (const auto& s : expected.shaders) ++per_stage[kStages.at(s.stage)];

    const nlohmann::json j = run_json(entry.path().string(), 0);
    ASSERT_TRUE(j.is_object()) << entry.path();
    ASSERT_EQ(j["shaders"].size(), expected.shaders.size()) << entry.path();
    for (const char* stage : kStages) {
      EXPECT_EQ(j["per_stage"][stage].get<uint64_t>(), per_stage[stage]) << entry.path() << stage;
    }
    for (size_t i = 0; i < expected.shaders.size(); ++i) {
      const nlohmann::json& s = j["shaders"][i];
      EXPECT_EQ(s["handle"].get<uint32_t>(), expected.shaders[i].handle);
      EXPECT_EQ(s["tgsi"].get<std::string>(), expected.shaders[i].text);
      EXPECT_TRUE(s["error"].is_null()) << s["error"];
      EXPECT_EQ(s["glsl"].get<std::string>().rfind("#version 430 core\n", 0), 0u);
    }
  }
  EXPECT_GE(traces, 5);
}

TEST(VgpuTraceShaders, TextListingShowsTgsiAndGlslOfTheTriangle) {
  const ToolRun r = run_tool((kTraces / "triangle.vtrc").string());
  EXPECT_EQ(r.status, 0);
  EXPECT_NE(r.out.find("FRAGMENT (frame 0)"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("DCL IN[0].xyz, GENERIC[0], PERSPECTIVE\n"), std::string::npos);
  EXPECT_NE(r.out.find("--- GLSL\n#version 430 core\n"), std::string::npos);
  EXPECT_NE(r.out.find("shaders per stage: {\"VERTEX\":1,\"FRAGMENT\":1,"), std::string::npos);
}

TEST(VgpuTraceShaders, CompileLinksEveryShaderOnTheHost) {
  const nlohmann::json j =
      run_json((kTraces / "piglit-fs-const-index-three-dimensions.vtrc").string() + " --compile", 0);
  ASSERT_TRUE(j.is_object());
  EXPECT_TRUE(j["compiled"].get<bool>());
  ASSERT_EQ(j["shaders"].size(), 2u);
  for (const auto& s : j["shaders"]) {
    EXPECT_TRUE(s["compile"]["ok"].get<bool>()) << s["compile"]["log"];
    EXPECT_EQ(s["compile"]["log"], "");
  }
}

TEST(VgpuTraceShaders, StageAndFrameFilters) {
  const std::string trace = (kTraces / "clear_readback.vtrc").string();
  const nlohmann::json fs = run_json(trace + " --stage fs", 0);
  ASSERT_TRUE(fs.is_object());
  EXPECT_EQ(fs["per_stage"]["VERTEX"], 0);
  EXPECT_EQ(fs["per_stage"]["FRAGMENT"], 2);
  for (const auto& s : fs["shaders"]) EXPECT_EQ(s["stage"], "FRAGMENT");
  // --frames keeps exactly the shaders the whole listing places in those frames.
  const nlohmann::json all = run_json(trace, 0);
  const nlohmann::json later = run_json(trace + " --frames 1-", 0);
  ASSERT_TRUE(all.is_object() && later.is_object());
  std::vector<uint32_t> expected_handles, handles;
  for (const auto& s : all["shaders"]) {
    if (s["frame"].get<uint64_t>() >= 1) expected_handles.push_back(s["handle"].get<uint32_t>());
  }
  for (const auto& s : later["shaders"]) handles.push_back(s["handle"].get<uint32_t>());
  EXPECT_FALSE(expected_handles.empty());
  EXPECT_LT(expected_handles.size(), all["shaders"].size());
  EXPECT_EQ(handles, expected_handles);
  EXPECT_EQ(run_tool(trace + " --stage nonsense").status, 2);
  EXPECT_EQ(run_tool(trace + " --frames 5-2").status, 2);
}

TEST(VgpuTraceShaders, DamagedOrMissingTraceIsUnusableInput) {
  const std::filesystem::path cut =
      std::filesystem::path(VGPU_BINARY_DIR) / "vgpu_trace_shaders_cut.vtrc";
  {
    std::ifstream in(kTraces / "animation.vtrc", std::ios::binary);
    std::string bytes(3000, '\0');
    in.read(bytes.data(), static_cast<std::streamsize>(bytes.size()));
    std::ofstream(cut, std::ios::binary).write(bytes.data(), in.gcount());
  }
  const ToolRun r = run_tool(cut.string());
  EXPECT_EQ(r.status, 2);
  EXPECT_EQ(run_tool("/nonexistent/x.vtrc").status, 2);
}

// A trace of one Submit that creates `shaders` (stage, TGSI text), the second one sent as a first
// packet and a continuation packet, the way Mesa sends a long shader.
std::filesystem::path write_trace(const std::string& name,
                                  const std::vector<std::pair<uint32_t, std::string>>& shaders) {
  using namespace vgpu;
  virgl::Encoder e;
  std::vector<std::vector<uint32_t>> storage;  // the packets' text stays alive until encoded
  auto piece = [&](const std::string& bytes) -> std::span<const uint8_t> {
    storage.emplace_back((bytes.size() + 3) / 4, 0u);
    std::memcpy(storage.back().data(), bytes.data(), bytes.size());
    return {reinterpret_cast<const uint8_t*>(storage.back().data()), storage.back().size() * 4};
  };
  uint32_t handle = 10;
  for (size_t i = 0; i < shaders.size(); ++i) {
    const std::string text = shaders[i].second + std::string(1, '\0');
    virgl::CreateShader s;
    s.handle = handle++;
    s.stage = shaders[i].first;
    s.num_tokens = 100;
    s.offset_or_length = static_cast<uint32_t>(text.size());
    const size_t split = i == 1 ? 16 : text.size();  // dword-aligned cut
    s.text = piece(text.substr(0, split));
    e.add(s);
    if (split < text.size()) {
      s.continuation = 1;
      s.offset_or_length = static_cast<uint32_t>(split);
      s.text = piece(text.substr(split));
      e.add(s);
    }
  }
  const std::filesystem::path path = std::filesystem::path(VGPU_BINARY_DIR) / name;
  auto writer = trace::TraceWriter::create(path, trace::CaptureInfo{});
  EXPECT_TRUE(writer.ok());
  if (!writer.ok()) return path;
  EXPECT_TRUE((*writer)->write({0, 0, trace::ContextCreate{1, 2, {}}}).ok());
  EXPECT_TRUE((*writer)->write({0, 0, trace::Submit{1, e.words()}}).ok());
  EXPECT_TRUE((*writer)->write({0, 0, trace::FrameEnd{}}).ok());
  EXPECT_TRUE((*writer)->finalize().ok());
  return path;
}

TEST(VgpuTraceShaders, ShaderErrorsCarryTheirPositionAndExitOne) {
  const std::string good = "FRAG\nDCL OUT[0], COLOR\nIMM[0] FLT32 {1.0, 0.0, 0.0, 1.0}\n"
                           "MOV OUT[0], IMM[0]\nEND\n";
  const std::string bad = "FRAG\nDCL TEMP[0..1]\nMOV TEMP[0], TEMP[7]\nEND\n";
  const std::string refused = "FRAG\nDCL TEMP[0]\nCLOCK TEMP[0].xy\nEND\n";
  const auto path = write_trace("vgpu_trace_shaders_errors.vtrc",
                                {{1, good}, {1, bad}, {1, refused}});
  const nlohmann::json j = run_json(path.string() + " --compile", 1);
  ASSERT_TRUE(j.is_object());
  ASSERT_EQ(j["shaders"].size(), 3u);
  EXPECT_EQ(j["failed"], 2);
  EXPECT_TRUE(j["shaders"][0]["error"].is_null());
  EXPECT_TRUE(j["shaders"][0]["compile"]["ok"].get<bool>());
  EXPECT_EQ(j["shaders"][1]["tgsi"], bad) << "assembled from two packets";
  EXPECT_EQ(j["shaders"][1]["error"], "TGSI 3:14: TEMP[7] is outside the declared TEMP[0..1]");
  EXPECT_EQ(j["shaders"][1]["glsl"], "");
  EXPECT_EQ(j["shaders"][2]["error"].get<std::string>().rfind("translate: 3:1: CLOCK", 0), 0u)
      << j["shaders"][2]["error"];
  const ToolRun text = run_tool(path.string());
  EXPECT_EQ(text.status, 1);
  EXPECT_NE(text.out.find("--- error: TGSI 3:14: TEMP[7]"), std::string::npos) << text.out;
}

}  // namespace
