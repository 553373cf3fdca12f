// Outputs: declarations, stores with their write mask, and the shader's epilogue.
#include <string>

#include "renderer/shader/linkage.h"
#include "renderer/shader/varyings.h"

namespace vgpu::shader {
namespace {

using tgsi::Semantic;

constexpr char kComponents[] = "xyzw";

bool is_tcs(const Context& ctx) { return ctx.shader.stage == tgsi::Stage::TessControl; }

// CLIPVERTEX goes to the next stage as a varying too when that stage reads it or the key does
// not say what comes next (the renderer describes only the fragment shader to its writer, so a
// VS or TES before a GS is translated without knowing its reader).  Not from a TCS, whose outputs
// are per-vertex arrays: it keeps one private clip vertex.
bool passes_clip_vertex(const Context& ctx, const IoRegister& io) {
  return !is_tcs(ctx) &&
         (!ctx.key.has_next_stage || next_stage_reads(ctx, io.semantic, io.index));
}

std::string fragment_color_name(uint32_t index) { return "vgpu_fragcolor" + std::to_string(index); }

// "gl_out[v]." in the TCS, where per-vertex built-ins live in an array.
std::string per_vertex_prefix(const Context& ctx, const std::string& vertex) {
  return is_tcs(ctx) ? "gl_out[" + (vertex.empty() ? "gl_InvocationID" : vertex) + "]." : "";
}

// One float built-in component per TGSI component (clip distances, tess levels).
void store_components(Context& ctx, const std::string& array, uint32_t first, uint32_t size,
                      uint8_t mask, const std::string& bits) {
  for (uint32_t c = 0; c < 4; ++c) {
    if (!(mask >> c & 1) || first + c >= size) continue;
    ctx.line(array + "[" + std::to_string(first + c) + "] = uintBitsToFloat(" + bits + "." +
             kComponents[c] + ");");
  }
}

void store_clip_distance(Context& ctx, uint32_t reg_index, const std::string& prefix, uint8_t mask,
                         const std::string& bits) {
  for (uint32_t c = 0; c < 4; ++c) {
    const uint32_t n = 4 * reg_index + c;
    if (!(mask >> c & 1) || n >= ctx.clip_count + ctx.cull_count) continue;
    const std::string target = n < ctx.clip_count
                                   ? "gl_ClipDistance[" + std::to_string(n) + "]"
                                   : "gl_CullDistance[" + std::to_string(n - ctx.clip_count) + "]";
    ctx.line(prefix + target + " = uintBitsToFloat(" + bits + "." + kComponents[c] + ");");
  }
}

// A scalar built-in written from one TGSI component (gl_FragDepth from .z, gl_Layer from .x...).
void store_scalar(Context& ctx, const std::string& target, uint32_t component, bool is_int,
                  uint8_t mask, const std::string& bits) {
  if (!(mask >> component & 1)) return;
  ctx.line(target + " = " + (is_int ? "int(" : "uintBitsToFloat(") + bits + "." +
           kComponents[component] + ");");
}

}  // namespace

void store_output(Context& ctx, uint32_t index, const std::string& /*vertex*/, uint8_t mask,
                  const std::string& bits) {
  // Only a TCS has per-vertex outputs, and GLSL lets it write nothing but its own vertex,
  // indexed by gl_InvocationID itself: the vertex index Mesa writes (the invocation id moved
  // through ADDR) is that same vertex, so it is not used.
  const std::string vertex;
  const IoRegister* found = find_register(ctx, ctx.outputs, "OUT", index);
  if (!found) return;
  const IoRegister& io = *found;
  const std::string m = mask_suffix(mask);
  const std::string prefix = per_vertex_prefix(ctx, vertex);
  if (ctx.shader.stage == tgsi::Stage::Fragment) {
    switch (io.semantic) {
      case Semantic::POSITION:
        return store_scalar(ctx, "gl_FragDepth", 2, false, mask, bits);
      case Semantic::STENCIL:
        return store_scalar(ctx, "gl_FragStencilRefARB", 1, true, mask, bits);
      case Semantic::SAMPLEMASK:
        return store_scalar(ctx, "gl_SampleMask[0]", 0, true, mask, bits);
      case Semantic::COLOR: {
        const uint32_t bit = 1u << (io.index & 7);
        const std::string name = fragment_color_name(io.index);
        const char* conv = (ctx.key.color_int_mask & bit)    ? "ivec4("
                           : (ctx.key.color_uint_mask & bit) ? "uvec4("
                                                             : "uintBitsToFloat(";
        ctx.line(name + m + " = " + conv + bits + ")" + m + ";");
        return;
      }
      default:
        ctx.fail({}, "fragment output " + std::string(tgsi::semantic_name(io.semantic)) +
                         " is not supported");
        return;
    }
  }
  switch (io.semantic) {
    case Semantic::POSITION:
      ctx.line(prefix + "gl_Position" + m + " = uintBitsToFloat(" + bits + ")" + m + ";");
      return;
    case Semantic::PSIZE:
      return store_scalar(ctx, prefix + "gl_PointSize", 0, false, mask, bits);
    case Semantic::CLIPDIST:
      store_clip_distance(ctx, io.index, prefix, mask, bits);
      return;
    case Semantic::CLIPVERTEX:
      ctx.line("vgpu_clipvertex" + m + " = uintBitsToFloat(" + bits + ")" + m + ";");
      if (passes_clip_vertex(ctx, io)) {
        ctx.line(stage_varying_name(ctx, static_cast<uint32_t>(io.semantic), io.index, true) + m +
                 " = vgpu_clipvertex" + m + ";");
      }
      return;
    case Semantic::LAYER:
    case Semantic::VIEWPORT_INDEX:
      // Core GLSL has them in the GS only; the VS and TES need ARB_shader_viewport_layer_array
      // (what the capsets' VS_VERTEX_LAYER / VS_VIEWPORT_INDEX promise the guest).
      if (ctx.shader.stage != tgsi::Stage::Geometry) {
        ctx.extensions.insert("GL_ARB_shader_viewport_layer_array");
      }
      return store_scalar(ctx, io.semantic == Semantic::LAYER ? "gl_Layer" : "gl_ViewportIndex",
                          0, true, mask, bits);
    case Semantic::TESSOUTER:
      store_components(ctx, "gl_TessLevelOuter", 0, 4, mask, bits);
      return;
    case Semantic::TESSINNER:
      store_components(ctx, "gl_TessLevelInner", 0, 2, mask, bits);
      return;
    case Semantic::EDGEFLAG:
      return;  // GL core has no edge flags: polygon mode LINE draws every edge
    default:
      break;
  }
  std::string name = stage_varying_name(ctx, static_cast<uint32_t>(io.semantic), io.index, true);
  if (is_tcs(ctx) && io.semantic != Semantic::PATCH) {
    name += "[" + (vertex.empty() ? std::string("gl_InvocationID") : vertex) + "]";
  }
  ctx.line(name + m + " = uintBitsToFloat(" + bits + ")" + m + ";");
}

std::string output_bits(Context& ctx, uint32_t index, const std::string& vertex) {
  const IoRegister* found = find_register(ctx, ctx.outputs, "OUT", index);
  if (!found) return "uvec4(0u)";
  const IoRegister& io = *found;
  const std::string prefix = per_vertex_prefix(ctx, vertex);
  switch (io.semantic) {
    case Semantic::POSITION:
      if (ctx.shader.stage == tgsi::Stage::Fragment) break;
      return "floatBitsToUint(" + prefix + "gl_Position)";
    case Semantic::PSIZE:
      return "floatBitsToUint(vec4(" + prefix + "gl_PointSize, 0.0, 0.0, 1.0))";
    case Semantic::CLIPVERTEX:
      return "floatBitsToUint(vgpu_clipvertex)";
    case Semantic::CLIPDIST: {
      // Read back for stream output; distances past the declared array read as 0.
      std::string v;
      for (uint32_t c = 0; c < 4; ++c) {
        const uint32_t n = 4 * io.index + c;
        v += c == 0 ? "" : ", ";
        v += n < ctx.clip_count ? prefix + "gl_ClipDistance[" + std::to_string(n) + "]" : "0.0";
      }
      return "floatBitsToUint(vec4(" + v + "))";
    }
    case Semantic::TESSOUTER:
      return "floatBitsToUint(vec4(gl_TessLevelOuter[0], gl_TessLevelOuter[1], "
             "gl_TessLevelOuter[2], gl_TessLevelOuter[3]))";
    case Semantic::TESSINNER:
      return "floatBitsToUint(vec4(gl_TessLevelInner[0], gl_TessLevelInner[1], 0.0, 0.0))";
    default:
      break;
  }
  if (ctx.shader.stage == tgsi::Stage::Fragment) {
    if (io.semantic == Semantic::COLOR) {
      const uint32_t bit = 1u << (io.index & 7);
      const std::string name = fragment_color_name(io.index);
      return (ctx.key.color_int_mask | ctx.key.color_uint_mask) & bit
                 ? "uvec4(" + name + ")"
                 : "floatBitsToUint(" + name + ")";
    }
    ctx.fail({}, "reading fragment output " + std::string(tgsi::semantic_name(io.semantic)) +
                     " is not supported");
    return "uvec4(0u)";
  }
  if (!is_user_varying(io.semantic)) {
    ctx.fail({}, "reading output " + std::string(tgsi::semantic_name(io.semantic)) +
                     " is not supported");
    return "uvec4(0u)";
  }
  std::string name = stage_varying_name(ctx, static_cast<uint32_t>(io.semantic), io.index, true);
  if (is_tcs(ctx) && io.semantic != Semantic::PATCH) {
    name += "[" + (vertex.empty() ? std::string("gl_InvocationID") : vertex) + "]";
  }
  return "floatBitsToUint(" + name + ")";
}

void declare_output(Context& ctx, uint32_t reg, const IoRegister& io) {
  (void)reg;
  if (ctx.shader.stage == tgsi::Stage::Fragment) {
    switch (io.semantic) {
      case Semantic::COLOR: {
        if (io.index >= kMaxColorOutputs) {
          ctx.fail(io.declaration->where, "COLOR output index over 7");
          return;
        }
        const uint32_t bit = 1u << io.index;
        const char* type = (ctx.key.color_int_mask & bit)    ? "ivec4"
                           : (ctx.key.color_uint_mask & bit) ? "uvec4"
                                                             : "vec4";
        const bool second = ctx.key.dual_source_blend && io.index == 1;
        ctx.declarations += "layout(location = " + std::to_string(second ? 0 : io.index) +
                            (ctx.key.dual_source_blend ? second ? ", index = 1" : ", index = 0"
                                                       : "") +
                            ") out " + type + " " + fragment_color_name(io.index) + ";\n";
        ctx.info.color_output_mask |= static_cast<uint8_t>(bit);
        return;
      }
      case Semantic::POSITION: ctx.info.writes_depth = true; return;
      case Semantic::STENCIL:
        ctx.info.writes_stencil = true;
        ctx.extensions.insert("GL_ARB_shader_stencil_export");
        return;
      case Semantic::SAMPLEMASK: ctx.info.writes_sample_mask = true; return;
      default: return;  // store_output reports it if it is ever written
    }
  }
  if (io.semantic == Semantic::CLIPVERTEX) {
    ctx.writes_clip_vertex = true;
    ctx.declarations += "vec4 vgpu_clipvertex;\n";
    // Not passed on to a next stage known not to read it (a fragment shader): it would take
    // a varying slot for nothing.
    if (!passes_clip_vertex(ctx, io)) return;
  } else if (!is_user_varying(io.semantic)) {
    return;
  }
  Varying varying;
  varying.semantic = static_cast<uint32_t>(io.semantic);
  varying.index = io.index;
  ctx.info.outputs.push_back(varying);
  declare_varying(ctx, varying, /*output=*/true, is_tcs(ctx) && io.semantic != Semantic::PATCH);
}

}  // namespace vgpu::shader
