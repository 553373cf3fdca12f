// What every emitter of the translator shares: the shader, the key, the text being written,
// the facts gathered for TranslatedShader, and the first error.
//
// Emitters append GLSL to one of three sections (declarations, helper functions, main body)
// and never fail loudly: the first problem is recorded with its source position and the rest
// of the translation becomes a no-op, so no emitter needs to unwind.
#pragma once

#include <cstdint>
#include <map>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "decoder/tgsi/ir.h"
#include "renderer/shader/glsl_translator.h"

namespace vgpu::shader {

// One IN / OUT / SV register and the semantic it was declared with (GENERIC[3] declared as
// IN[2..4] makes IN[3] GENERIC[4]).
struct IoRegister {
  tgsi::Semantic semantic = tgsi::Semantic::GENERIC;
  uint32_t index = 0;
  const tgsi::Declaration* declaration = nullptr;
};

struct Context {
  Context(const tgsi::Shader& s, const ShaderKey& k, const TranslateTarget& t)
      : shader(s), key(k), target(t) {}

  const tgsi::Shader& shader;
  const ShaderKey& key;
  const TranslateTarget& target;
  TranslatedShader info;  // filled as declarations are emitted
  const StreamOutputInfo* stream_output = nullptr;

  std::set<std::string> extensions;  // "#extension X : require" lines
  std::string declarations;
  std::string helpers;
  std::string body;
  int indent = 1;

  std::map<uint32_t, IoRegister> inputs, outputs, system_values;
  uint32_t clip_count = 0, cull_count = 0;  // gl_ClipDistance / gl_CullDistance sizes
  bool writes_clip_vertex = false;
  bool uses_int64 = false;
  // Per SAMP slot: the first slot of the GLSL sampler array the slot is declared in (slots that
  // an indirect SAMP[ADDR[..]] may reach form one array), or -1 when declared alone.
  std::vector<int32_t> sampler_array_base;
  std::vector<bool> switch_has_label;  // per open SWITCH: a CASE/DEFAULT was written
  bool ended = false;                  // END seen: what follows is subroutines

  bool failed = false;
  std::string error;

  [[nodiscard]] bool ok() const { return !failed; }
  // Records the first problem only: later ones are usually consequences of it.
  void fail(const tgsi::SourcePosition& where, std::string_view message);
  void line(std::string_view text);  // one indented line of the main body
  [[nodiscard]] uint32_t property(tgsi::PropertyId id, uint32_t fallback) const;
  [[nodiscard]] bool has_property(tgsi::PropertyId id) const;
  [[nodiscard]] bool is_es() const {
    return target.language == TranslateTarget::Language::GlslEs320;
  }
  // "vs", "fs"...: prefixes names that must differ between the stages of one program.
  [[nodiscard]] std::string_view stage_prefix() const;
};

// Stage of the IR in the virgl numbering of bindings.h.
[[nodiscard]] Stage virgl_stage(tgsi::Stage stage);

// "xyzw"[c] for each set bit of `mask`, in order: ".xz" for 0b0101 (empty for 0).
[[nodiscard]] std::string mask_suffix(uint8_t mask);

}  // namespace vgpu::shader
