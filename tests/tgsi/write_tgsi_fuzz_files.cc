// Writes the files the tgsi_parse fuzzer starts from, all derived from something else:
//   write_tgsi_fuzz_files dict OUT             the dictionary, from the TGSI tables
//   write_tgsi_fuzz_files shaders TRACES OUT   every distinct shader of TRACES/*.vtrc as
//                                              OUT/<stage>-<hash>.tgsi
//   write_tgsi_fuzz_files glsl SHADERS OUT     tgsi_glsl fuzzer candidates: every SHADERS/*.tgsi
//                                              behind each of the config prefixes of kGlslKeys
//                                              (libFuzzer -merge=1 then keeps those that add
//                                              coverage: docs/fuzzing.md)
// corpus/shaders and corpus/fuzz/tgsi_parse hold the second; fuzz/tgsi_parse.dict the first
// (a ctest checks it is up to date).
#include <algorithm>
#include <array>
#include <cstdio>
#include <fstream>
#include <iterator>
#include <set>
#include <string>

#include "decoder/tgsi/tables.h"
#include "tests/tgsi/trace_shaders.h"

namespace {

using namespace vgpu::tgsi;

void add_keyword(std::set<std::string>& out, std::string_view word) {
  if (!word.empty()) out.insert(std::string(word));
}

int write_dict(const char* path) {
  std::set<std::string> words;
  for (uint16_t i = 0; i < kOpcodeLimit; ++i) {
    if (const OpcodeInfo* info = opcode_info(static_cast<Opcode>(i))) add_keyword(words, info->name);
  }
  for (uint8_t i = 0; i < kRegisterFileCount; ++i) add_keyword(words, file_name(static_cast<RegisterFile>(i)));
  for (uint8_t i = 0; i < kSemanticCount; ++i) add_keyword(words, semantic_name(static_cast<Semantic>(i)));
  for (uint8_t i = 0; i < kPropertyCount; ++i) add_keyword(words, property_name(static_cast<PropertyId>(i)));
  for (uint8_t i = 0; i < kTextureTargetCount; ++i) add_keyword(words, texture_name(static_cast<TextureTarget>(i)));
  for (uint8_t i = 0; i < 6; ++i) {
    add_keyword(words, stage_name(static_cast<Stage>(i)));
    add_keyword(words, immediate_type_name(static_cast<ImmediateType>(i)));
  }
  for (uint8_t i = 0; i < 5; ++i) {
    add_keyword(words, interpolation_name(static_cast<Interpolation>(i)));
    add_keyword(words, location_name(static_cast<InterpolationLocation>(i)));
    add_keyword(words, return_type_name(static_cast<ReturnType>(i)));
    add_keyword(words, memory_qualifier_name(static_cast<MemoryQualifier>(i)));
    add_keyword(words, memory_type_name(static_cast<MemoryType>(i)));
  }
  for (const char* w : {"DCL", "IMM", "PROPERTY", "ARRAY", "LOCAL", "INVARIANT", "STREAM", "WR", "RAW",
                        "ATOMIC", "_SAT", "_PRECISE", "PIPE_FORMAT_R32_UINT", "TRIANGLES",
                        "UPPER_LEFT", "HALF_INTEGER", ".xyzw", ".x", "..", "[ADDR[0].x+", "](1)", "[]"}) {
    words.insert(w);
  }
  std::ofstream out(path, std::ios::binary);
  out << "# tgsi_parse fuzzer dictionary, generated from decoder/tgsi/*.def by\n"
         "# build/gcc/tests/tgsi/write_tgsi_fuzz_files dict fuzz/tgsi_parse.dict\n";
  size_t n = 0;
  for (const std::string& w : words) out << "kw" << n++ << "=\"" << w << "\"\n";
  return out ? 0 : 1;
}

uint64_t fnv1a(const std::string& s) {
  uint64_t h = 1469598103934665603ull;
  for (const unsigned char c : s) h = (h ^ c) * 1099511628211ull;
  return h;
}

int write_shaders(const char* traces, const char* out_dir) {
  std::set<std::filesystem::path> files;
  for (const auto& entry : std::filesystem::directory_iterator(traces)) {
    if (entry.path().extension() == ".vtrc") files.insert(entry.path());
  }
  std::set<uint64_t> seen;
  constexpr const char* kStages[] = {"vs", "fs", "gs", "tcs", "tes", "cs"};
  for (const auto& path : files) {
    const testing::TraceShaders found = testing::shaders_of_trace(path);
    if (!found.error.empty()) std::fprintf(stderr, "%s: %s\n", path.c_str(), found.error.c_str());
    for (const testing::TraceShader& s : found.shaders) {
      const uint64_t h = fnv1a(s.text);
      if (!seen.insert(h).second) continue;
      char name[64];
      std::snprintf(name, sizeof name, "%s-%016llx.tgsi", s.stage < 6 ? kStages[s.stage] : "unknown",
                    static_cast<unsigned long long>(h));
      std::ofstream(std::filesystem::path(out_dir) / name, std::ios::binary) << s.text;
    }
  }
  std::printf("%zu distinct shaders\n", seen.size());
  return 0;
}

// The 4 config bytes fuzz/tgsi_glsl_fuzzer.cc turns into a ShaderKey: the default key, and one
// with every state on (flatshade, two-sided colour, dual-source blend, alpha func LEQUAL, a
// known previous stage; clip planes 0-5; point sprite on GENERIC[0]; COLOR[0] int, COLOR[1]
// uint), so the seeds reach the key-dependent code from the first run.
constexpr std::array<std::array<char, 4>, 2> kGlslKeys = {{{0, 0, 0, 0}, {0x5f, 0x3f, 0x01, 0x21}}};

int write_glsl_candidates(const char* shaders, const char* out_dir) {
  size_t n = 0;
  for (const auto& entry : std::filesystem::directory_iterator(shaders)) {
    if (entry.path().extension() != ".tgsi") continue;
    std::ifstream in(entry.path(), std::ios::binary);
    const std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    for (size_t k = 0; k < kGlslKeys.size(); ++k) {
      const std::string name = entry.path().stem().string() + "-key" + std::to_string(k);
      std::ofstream out(std::filesystem::path(out_dir) / name, std::ios::binary);
      out.write(kGlslKeys[k].data(), kGlslKeys[k].size());
      out << text;
      ++n;
    }
  }
  std::printf("%zu candidates\n", n);
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  const std::string mode = argc > 1 ? argv[1] : "";
  if (mode == "dict" && argc == 3) return write_dict(argv[2]);
  if (mode == "shaders" && argc == 4) return write_shaders(argv[2], argv[3]);
  if (mode == "glsl" && argc == 4) return write_glsl_candidates(argv[2], argv[3]);
  std::fprintf(stderr, "usage: %s dict OUT | shaders TRACE_DIR OUT_DIR | glsl SHADER_DIR OUT_DIR\n",
               argv[0]);
  return 2;
}
