// Helpers of the translator's tests: TGSI text -> GLSL through the real parser, and running a
// translated compute shader on llvmpipe with BUFFER[0] as an SSBO of 32-bit words.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include <epoxy/gl.h>

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

// Draws one triangle covering a `width` x `height` RGBA32UI target with `fs_glsl` (a fragment
// shader translated with ShaderKey::color_uint_mask bit 0, so COLOR[0]'s bits land unchanged)
// and returns the pixels, row 0 first (GL window rows: gl_FragCoord.y = row + 0.5).  Pixels
// the shader discards keep kClearWord in all four words.  Textures the shader samples must be
// bound by the caller.  Empty with `error` set on a compile/link failure or any GL error.
inline constexpr uint32_t kClearWord = 0xdeadbeefu;
std::vector<std::array<uint32_t, 4>> run_fragment(const std::string& fs_glsl, int width,
                                                  int height, std::string* error);
// The same with a whole program: `stages` (GL_*_SHADER, GLSL) get the window-covering vertex
// shader added when they have none; its three vertices are drawn as `mode` (GL_TRIANGLES, or
// GL_PATCHES of 3 vertices).
std::vector<std::array<uint32_t, 4>> run_draw(std::vector<std::pair<GLenum, std::string>> stages,
                                              GLenum mode, int width, int height,
                                              std::string* error);

// Translates the chain `tgsi` (first stage to last) with keys that describe each neighbour, the
// way the renderer does for VS + FS: outputs and stage of n feed stage n+1's key, inputs of n+1
// stage n's key (two passes), the last stage's COLOR[0] as uvec4.  Empty with `error` set when
// one does not translate.
std::vector<TranslatedShader> translate_chain(const std::vector<std::string>& tgsi,
                                              std::string* error);
// translate_chain() drawn with run_draw() on a 4 x 4 target.
std::vector<std::array<uint32_t, 4>> draw_chain(const std::vector<std::string>& tgsi, GLenum mode,
                                                std::string* error);
// GL_VERTEX_SHADER... of a virgl stage.
GLenum gl_stage(Stage s);

// The text of corpus/shaders/<name>; empty when it cannot be read.
std::string read_corpus_shader(const std::string& name);

// Binds a buffer of `words` to CONST[slot] of `stage` (uniform_block_binding) and returns it
// for the caller to delete.  Needs the GL context (GlContext::get).
GLuint bind_constant_buffer(Stage stage, uint32_t slot, const std::vector<uint32_t>& words);

// A compute shader with BUFFER[0] declared, `body` (TGSI instructions, numbered by the caller
// or not) and `decls` (extra DCL/IMM lines) in between.
std::string compute_shader(const std::string& decls, const std::string& body);

}  // namespace vgpu::shader::testing
