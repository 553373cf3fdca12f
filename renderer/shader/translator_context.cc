// Context helpers: see translator_context.h.
#include "renderer/shader/translator_context.h"

namespace vgpu::shader {

void Context::fail(const tgsi::SourcePosition& where, std::string_view message) {
  if (failed) return;
  failed = true;
  error = where.line ? std::to_string(where.line) + ":" + std::to_string(where.column) + ": " : "";
  error += message;
}

void Context::line(std::string_view text) {
  if (failed) return;
  body.append(static_cast<size_t>(2 * (indent > 0 ? indent : 0)), ' ');
  body += text;
  body += '\n';
}

uint32_t Context::property(tgsi::PropertyId id, uint32_t fallback) const {
  for (const tgsi::Property& p : shader.properties) {
    if (p.id == id) return p.value;
  }
  return fallback;
}

bool Context::has_property(tgsi::PropertyId id) const {
  for (const tgsi::Property& p : shader.properties) {
    if (p.id == id) return true;
  }
  return false;
}

std::string_view Context::stage_prefix() const {
  constexpr std::string_view kPrefixes[] = {"vs", "fs", "gs", "tcs", "tes", "cs"};
  return kPrefixes[stage_index(info.stage) % 6];
}

Stage virgl_stage(tgsi::Stage stage) {
  switch (stage) {
    case tgsi::Stage::Vertex: return Stage::VERTEX;
    case tgsi::Stage::TessControl: return Stage::TESS_CTRL;
    case tgsi::Stage::TessEvaluation: return Stage::TESS_EVAL;
    case tgsi::Stage::Geometry: return Stage::GEOMETRY;
    case tgsi::Stage::Fragment: return Stage::FRAGMENT;
    default: return Stage::COMPUTE;
  }
}

std::string mask_suffix(uint8_t mask) {
  std::string s;
  for (uint32_t c = 0; c < 4; ++c) {
    if (mask >> c & 1) s += "xyzw"[c];
  }
  return s.empty() ? s : "." + s;
}

}  // namespace vgpu::shader
