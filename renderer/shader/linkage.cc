// The shader's interface as a whole: which IN/OUT/SV registers exist, the built-ins they need
// redeclared, and what runs when the shader ends (epilogue).
#include "renderer/shader/linkage.h"

#include <string>

#include "renderer/shader/varyings.h"

namespace vgpu::shader {
namespace {

using tgsi::PropertyId;
using tgsi::RegisterFile;
using tgsi::Semantic;

bool is_pre_raster(const Context& ctx) {
  const tgsi::Stage s = ctx.shader.stage;
  return s == tgsi::Stage::Vertex || s == tgsi::Stage::TessEvaluation ||
         s == tgsi::Stage::Geometry;
}

uint32_t highest_bit_plus_one(uint32_t mask) {
  uint32_t n = 0;
  while (mask >> n) ++n;
  return n;
}

// PATCH[n] outside TCS outputs and TES inputs continues the generics from here.
constexpr uint32_t kPatchAsGenericBase = 32;

bool is_patch_interface(const Context& ctx, RegisterFile file) {
  return (file == RegisterFile::Output && ctx.shader.stage == tgsi::Stage::TessControl) ||
         (file == RegisterFile::Input && ctx.shader.stage == tgsi::Stage::TessEvaluation);
}

void collect_registers(Context& ctx) {
  uint32_t clip_registers = 0;
  for (const tgsi::Declaration& d : ctx.shader.declarations) {
    std::map<uint32_t, IoRegister>* files = nullptr;
    if (d.file == RegisterFile::Input) files = &ctx.inputs;
    if (d.file == RegisterFile::Output) files = &ctx.outputs;
    if (d.file == RegisterFile::SystemValue) files = &ctx.system_values;
    if (!files) continue;
    for (uint32_t r = d.first; r <= d.last; ++r) {
      IoRegister io;
      io.semantic = d.has_semantic ? d.semantic : Semantic::GENERIC;
      io.index = d.semantic_index + (r - d.first);
      if (io.semantic == Semantic::PATCH && !is_patch_interface(ctx, d.file)) {
        // Mesa numbers varyings past GENERIC[31] as PATCH[0]... in the stages that write
        // them (the reader may say GENERIC[32]...): outside the TCS -> TES interface they are
        // plain per-vertex varyings, named as the generics they continue.
        io.semantic = Semantic::GENERIC;
        io.index += kPatchAsGenericBase;
      }
      io.declaration = &d;
      (*files)[r] = io;
      if (d.file == RegisterFile::Output && io.semantic == Semantic::CLIPDIST) ++clip_registers;
    }
  }
  const bool has_clip_property = ctx.has_property(PropertyId::NUM_CLIPDIST_ENABLED) ||
                                 ctx.has_property(PropertyId::NUM_CULLDIST_ENABLED);
  ctx.clip_count = has_clip_property ? ctx.property(PropertyId::NUM_CLIPDIST_ENABLED, 0)
                                     : 4 * clip_registers;
  ctx.cull_count = ctx.property(PropertyId::NUM_CULLDIST_ENABLED, 0);
  if (ctx.clip_count + ctx.cull_count > kMaxClipDistances) {
    ctx.fail({}, "more than 8 clip and cull distances");
  }
  if (clip_registers == 0 && is_pre_raster(ctx) && ctx.key.clip_plane_enable) {
    ctx.clip_count = highest_bit_plus_one(ctx.key.clip_plane_enable);
    ctx.info.uses_driver_state = true;
  }
}

void redeclare_builtins(Context& ctx) {
  const tgsi::Stage stage = ctx.shader.stage;
  if (stage == tgsi::Stage::Fragment) {
    if (ctx.property(PropertyId::FS_COORD_PIXEL_CENTER, 0) == 1) {
      ctx.declarations += "layout(pixel_center_integer) in vec4 gl_FragCoord;\n";
    }
    if (ctx.property(PropertyId::FS_EARLY_DEPTH_STENCIL, 0) != 0) {
      ctx.declarations += "layout(early_fragment_tests) in;\n";
      ctx.info.early_fragment_tests = true;
    }
    return;
  }
  if (stage == tgsi::Stage::TessControl || stage == tgsi::Stage::Compute) return;
  if (ctx.clip_count) {
    ctx.declarations += "out float gl_ClipDistance[" + std::to_string(ctx.clip_count) + "];\n";
  }
  if (ctx.cull_count) {
    ctx.declarations += "out float gl_CullDistance[" + std::to_string(ctx.cull_count) + "];\n";
  }
  ctx.info.clip_distance_count = static_cast<uint8_t>(ctx.clip_count);
  ctx.info.cull_distance_count = static_cast<uint8_t>(ctx.cull_count);
}

void declare_color_broadcast(Context& ctx) {
  if (ctx.shader.stage != tgsi::Stage::Fragment ||
      ctx.property(PropertyId::FS_COLOR0_WRITES_ALL_CBUFS, 0) == 0 ||
      !(ctx.info.color_output_mask & 1)) {
    return;
  }
  ctx.info.writes_color_broadcast = true;
  for (uint32_t n = 1; n < kMaxColorOutputs; ++n) {
    if (ctx.info.color_output_mask >> n & 1) continue;
    IoRegister io;
    io.semantic = Semantic::COLOR;
    io.index = n;
    io.declaration = ctx.outputs.begin()->second.declaration;
    declare_output(ctx, 1000 + n, io);
    ctx.outputs[1000 + n] = io;
  }
}

void declare_stream_output(Context& ctx) {
  const StreamOutputInfo* so = ctx.stream_output;
  if (!so || so->outputs.empty()) return;
  uint32_t buffer = 0, offset = 0;
  auto skip = [&](uint32_t gap) {
    for (; gap; gap -= gap > 4 ? 4 : gap) {
      ctx.info.stream_out_varyings.push_back("gl_SkipComponents" +
                                             std::to_string(gap > 4 ? 4 : gap));
    }
  };
  // A buffer's vertex stride may exceed its last output (gallium's stride): GL's interleaved
  // stride is what the varyings cover, so the rest is skipped.
  auto pad_to_stride = [&] { skip(so->strides[buffer] > offset ? so->strides[buffer] - offset : 0); };
  for (size_t k = 0; k < so->outputs.size(); ++k) {
    const virgl::StreamOutput& o = so->outputs[k];
    if (o.num_components == 0 || o.start_component + o.num_components > 4 ||
        o.output_buffer > 3 || o.output_buffer < buffer ||
        (o.output_buffer == buffer && o.dst_offset < offset)) {
      ctx.fail({}, "stream output " + std::to_string(k) +
                       " is out of order or has an invalid component range");
      return;
    }
    for (; buffer < o.output_buffer; ++buffer, offset = 0) {
      pad_to_stride();
      ctx.info.stream_out_varyings.emplace_back("gl_NextBuffer");
    }
    skip(o.dst_offset - offset);
    const std::string name = "vgpu_so" + std::to_string(k);
    ctx.declarations += std::string("out ") +
                        (o.num_components == 1 ? "float" : "vec" + std::to_string(o.num_components)) +
                        " " + name + ";\n";
    ctx.info.stream_out_varyings.push_back(name);
    offset = o.dst_offset + o.num_components;
  }
  pad_to_stride();
}

void emit_stream_output_copies(Context& ctx) {
  const StreamOutputInfo* so = ctx.stream_output;
  if (!so) return;
  for (size_t k = 0; k < so->outputs.size() && ctx.ok(); ++k) {
    const virgl::StreamOutput& o = so->outputs[k];
    std::string comps;
    for (uint32_t c = o.start_component; c < o.start_component + o.num_components; ++c) {
      comps += "xyzw"[c & 3];
    }
    ctx.line("vgpu_so" + std::to_string(k) + " = uintBitsToFloat(" +
             output_bits(ctx, o.register_index, "") + ")." + comps + ";");
  }
}

const char* alpha_compare(uint8_t func) {
  switch (func) {
    case 0: return nullptr;  // NEVER
    case 1: return "<";
    case 2: return "==";
    case 3: return "<=";
    case 4: return ">";
    case 5: return "!=";
    case 6: return ">=";
    default: return "";  // ALWAYS
  }
}

}  // namespace

const IoRegister* find_register(Context& ctx, const std::map<uint32_t, IoRegister>& registers,
                                const char* file, uint32_t index) {
  const auto it = registers.find(index);
  if (it != registers.end()) return &it->second;
  ctx.fail({}, std::string(file) + "[" + std::to_string(index) + "] is not declared");
  return nullptr;
}

void declare_interface(Context& ctx) {
  collect_registers(ctx);
  for (const auto& [r, io] : ctx.inputs) declare_input(ctx, r, io);
  for (const auto& [r, io] : ctx.outputs) declare_output(ctx, r, io);
  redeclare_builtins(ctx);
  declare_color_broadcast(ctx);
  if (is_pre_raster(ctx)) declare_stream_output(ctx);
  if (ctx.shader.stage == tgsi::Stage::Fragment && ctx.key.alpha_func != 7) {
    ctx.info.uses_driver_state = true;
  }
}

void emit_epilogue(Context& ctx, bool at_emit) {
  (void)at_emit;
  if (ctx.shader.stage == tgsi::Stage::Fragment) {
    if (ctx.info.writes_color_broadcast) {
      ctx.line("vgpu_t = " + output_bits(ctx, ctx.outputs.begin()->first, "") + ";");
      for (const auto& [r, io] : ctx.outputs) {
        if (io.semantic == Semantic::COLOR && io.index != 0) store_output(ctx, r, "", 0xF, "vgpu_t");
      }
    }
    const bool float_color0 = (ctx.info.color_output_mask & 1) &&
                              !((ctx.key.color_int_mask | ctx.key.color_uint_mask) & 1);
    if (ctx.key.alpha_func != 7 && float_color0) {
      const char* op = alpha_compare(ctx.key.alpha_func);
      ctx.line(op ? std::string("if (!(vgpu_fragcolor0.a ") + op +
                        " vgpu_driver.alpha_ref)) discard;"
                  : std::string("discard;"));
    }
    return;
  }
  if (!is_pre_raster(ctx)) return;
  bool writes_clipdist = false;
  for (const auto& [r, io] : ctx.outputs) writes_clipdist |= io.semantic == Semantic::CLIPDIST;
  if (!writes_clipdist && ctx.key.clip_plane_enable) {
    const std::string position = ctx.writes_clip_vertex ? "vgpu_clipvertex" : "gl_Position";
    for (uint32_t i = 0; i < ctx.clip_count; ++i) {
      const std::string n = std::to_string(i);
      ctx.line("gl_ClipDistance[" + n + "] = " +
               ((ctx.key.clip_plane_enable >> i & 1)
                    ? "dot(vgpu_driver.clip_planes[" + n + "], " + position + ");"
                    : std::string("0.0;")));
    }
  }
  emit_stream_output_copies(ctx);
}

}  // namespace vgpu::shader
