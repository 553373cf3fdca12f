// Helpers of the translator's tests: TGSI text -> GLSL through the real parser, and running a
// translated compute shader on llvmpipe with BUFFER[0] as an SSBO of 32-bit words.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "renderer/shader/glsl_translator.h"

namespace vgpu::shader::testing {

// Parses + validates `tgsi` and translates it; on failure returns an empty glsl and sets
// `error` to the parser's or the translator's message.
TranslatedShader translate_text(const std::string& tgsi, std::string* error,
                                const ShaderKey& key = {}, const StreamOutputInfo& so = {});

// Compiles `glsl` as a compute shader, binds `words` as SSBO BUFFER[0] of the compute stage,
// dispatches one workgroup and returns the buffer's words afterwards.  Empty with `error` set
// on a compile/link failure or any GL error.
std::vector<uint32_t> run_compute(const std::string& glsl, std::vector<uint32_t> words,
                                  std::string* error);

// A compute shader with BUFFER[0] declared, `body` (TGSI instructions, numbered by the caller
// or not) and `decls` (extra DCL/IMM lines) in between.
std::string compute_shader(const std::string& decls, const std::string& body);

}  // namespace vgpu::shader::testing
