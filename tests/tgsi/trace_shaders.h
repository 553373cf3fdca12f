// The shaders of a .vtrc trace, as the host sees them: every Submit decoded, every
// CREATE_OBJECT(SHADER) put together by ShaderAssembler.  Used by the corpus writer and by the
// tests that parse the real shaders of corpus/traces.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

namespace vgpu::tgsi::testing {

struct TraceShader {
  uint32_t stage = 0;   // virgl shader stage of the CREATE_OBJECT packet
  uint32_t handle = 0;
  std::string text;     // the TGSI text, NUL removed
};

struct TraceShaders {
  std::vector<TraceShader> shaders;
  std::string error;  // the trace could not be read (shaders holds what came before)
};

[[nodiscard]] TraceShaders shaders_of_trace(const std::filesystem::path& trace);

}  // namespace vgpu::tgsi::testing
