// translate(): the pipeline.  Declarations first (interface, registers, resources), then one
// pass over the instructions, each handed to the family emitter that knows its opcode, then
// the pieces are put together behind the #version and #extension lines they turned out to need.
#include "renderer/shader/glsl_translator.h"

#include <string>

#include "renderer/shader/instruction_emit.h"
#include "renderer/shader/linkage.h"
#include "renderer/shader/stage_layout.h"
#include "renderer/shader/translator_context.h"

namespace vgpu::shader {
namespace {

using tgsi::RegisterFile;

// Functions the ALU table's templates call: GLSL has them only with out parameters, or per
// scalar.
constexpr const char* kHelpers = R"(ivec4 vgpu_sel(bvec4 c, ivec4 a, ivec4 b) {
  return ivec4(c.x ? a.x : b.x, c.y ? a.y : b.y, c.z ? a.z : b.z, c.w ? a.w : b.w);
}
uvec4 vgpu_sel(bvec4 c, uvec4 a, uvec4 b) {
  return uvec4(c.x ? a.x : b.x, c.y ? a.y : b.y, c.z ? a.z : b.z, c.w ? a.w : b.w);
}
uvec4 vgpu_bits_d(dvec2 v) {
  return uvec4(unpackDouble2x32(v.x), unpackDouble2x32(v.y));
}
ivec4 vgpu_imul_hi(ivec4 a, ivec4 b) { ivec4 hi, lo; imulExtended(a, b, hi, lo); return hi; }
uvec4 vgpu_umul_hi(uvec4 a, uvec4 b) { uvec4 hi, lo; umulExtended(a, b, hi, lo); return hi; }
ivec4 vgpu_ibfe(ivec4 v, ivec4 o, ivec4 b) {
  return ivec4(bitfieldExtract(v.x, o.x, b.x), bitfieldExtract(v.y, o.y, b.y),
               bitfieldExtract(v.z, o.z, b.z), bitfieldExtract(v.w, o.w, b.w));
}
uvec4 vgpu_ubfe(uvec4 v, uvec4 o, uvec4 b) {
  ivec4 io = ivec4(o), ib = ivec4(b);
  return uvec4(bitfieldExtract(v.x, io.x, ib.x), bitfieldExtract(v.y, io.y, ib.y),
               bitfieldExtract(v.z, io.z, ib.z), bitfieldExtract(v.w, io.w, ib.w));
}
uvec4 vgpu_bfi(uvec4 base, uvec4 ins, uvec4 o, uvec4 b) {
  ivec4 io = ivec4(o), ib = ivec4(b);
  return uvec4(bitfieldInsert(base.x, ins.x, io.x, ib.x), bitfieldInsert(base.y, ins.y, io.y, ib.y),
               bitfieldInsert(base.z, ins.z, io.z, ib.z), bitfieldInsert(base.w, ins.w, io.w, ib.w));
}
)";
constexpr const char* kInt64Helpers = R"(i64vec2 vgpu_sel(bvec2 c, i64vec2 a, i64vec2 b) {
  return i64vec2(c.x ? a.x : b.x, c.y ? a.y : b.y);
}
u64vec2 vgpu_sel(bvec2 c, u64vec2 a, u64vec2 b) {
  return u64vec2(c.x ? a.x : b.x, c.y ? a.y : b.y);
}
uvec4 vgpu_bits_i64(i64vec2 v) {
  return uvec4(uvec2(unpackInt2x32(v.x)), uvec2(unpackInt2x32(v.y)));
}
uvec4 vgpu_bits_u64(u64vec2 v) { return uvec4(unpackUint2x32(v.x), unpackUint2x32(v.y)); }
)";

std::string uvec4_literal(const std::array<uint32_t, 4>& w) {
  return "uvec4(" + std::to_string(w[0]) + "u, " + std::to_string(w[1]) + "u, " +
         std::to_string(w[2]) + "u, " + std::to_string(w[3]) + "u)";
}

void declare_registers(Context& ctx) {
  const tgsi::Shader& s = ctx.shader;
  if (const auto& t = s.range_of(RegisterFile::Temporary); t.any) {
    ctx.declarations += "uvec4 T[" + std::to_string(t.highest + 1) + "];\n";
  }
  if (const auto& a = s.range_of(RegisterFile::Address); a.any) {
    ctx.declarations += "ivec4 A[" + std::to_string(a.highest + 1) + "];\n";
  }
  if (!s.immediates.empty()) {
    std::string list;
    for (const tgsi::Immediate& imm : s.immediates) {
      list += (list.empty() ? "\n  " : ",\n  ") + uvec4_literal(imm.words);
    }
    ctx.declarations += "const uvec4 IMM[" + std::to_string(s.immediates.size()) + "] = uvec4[](" +
                        list + ");\n";
  }
}

// CONST[n] (CONST[0] without a dimension) -> one std140 block of uvec4 per buffer.
void declare_constants(Context& ctx) {
  std::array<uint32_t, kMaxConstBuffersPerStage> size{};
  for (const tgsi::Declaration& d : ctx.shader.declarations) {
    if (d.file != RegisterFile::Constant) continue;
    const uint32_t cb = d.has_dimension ? d.dimension : 0;
    if (cb >= kMaxConstBuffersPerStage || d.last >= kMaxConstBufferBytes / 16) {
      ctx.fail(d.where, "constant buffer " + std::to_string(cb) + " or register " +
                            std::to_string(d.last) + " is over the limits of bindings.h");
      return;
    }
    size[cb] = std::max(size[cb], d.last + 1);
  }
  for (uint32_t cb = 0; cb < size.size(); ++cb) {
    if (!size[cb]) continue;
    ctx.declarations += "layout(std140, binding = " +
                        std::to_string(uniform_block_binding(ctx.info.stage, cb)) +
                        ") uniform vgpu_" + std::string(ctx.stage_prefix()) + "_cb" +
                        std::to_string(cb) + " { uvec4 c[" + std::to_string(size[cb]) + "]; } cb" +
                        std::to_string(cb) + ";\n";
    ctx.info.const_buffer_mask |= 1u << cb;
    ctx.info.const_buffer_sizes[cb] = size[cb] * 16;
  }
}

void emit_instructions(Context& ctx) {
  for (const tgsi::Instruction& inst : ctx.shader.instructions) {
    if (!ctx.ok() || ctx.ended) return;
    if (emit_control_flow(ctx, inst) || emit_alu(ctx, inst) || emit_texture(ctx, inst) ||
        emit_memory(ctx, inst) || emit_interpolate(ctx, inst)) {
      continue;
    }
    const tgsi::OpcodeInfo* info = tgsi::opcode_info(inst.opcode);
    ctx.fail(inst.where, std::string(info ? info->name : "opcode") + " is not supported");
  }
}

std::string assemble(Context& ctx) {
  std::string out = ctx.is_es() ? "#version 320 es\n" : "#version 430 core\n";
  if (ctx.uses_int64) ctx.extensions.insert("GL_ARB_gpu_shader_int64");
  for (const std::string& e : ctx.extensions) out += "#extension " + e + " : require\n";
  if (ctx.is_es()) out += "precision highp float;\nprecision highp int;\n";
  out += stage_layout(ctx);
  if (ctx.info.uses_driver_state) {
    out += "layout(std140, binding = " + std::to_string(kDriverStateBinding) + ") uniform " +
           kDriverStateBlockName +
           " { vec4 clip_planes[8]; float alpha_ref; float framebuffer_height; vec2 padding; } "
           "vgpu_driver;\n";
  }
  out += ctx.declarations;
  out += kHelpers;
  if (ctx.uses_int64) out += kInt64Helpers;
  out += ctx.helpers;
  out += "void main() {\n  uvec4 vgpu_t;\n  uint vgpu_a;\n" + ctx.body + "}\n";
  return out;
}

}  // namespace

Result<TranslatedShader> translate(const tgsi::Shader& shader, const ShaderKey& key,
                                   const StreamOutputInfo& stream_output,
                                   const TranslateTarget& target) {
  Context ctx(shader, key, target);
  ctx.info.stage = virgl_stage(shader.stage);
  ctx.stream_output = &stream_output;
  declare_interface(ctx);
  declare_registers(ctx);
  declare_constants(ctx);
  declare_samplers(ctx);
  declare_memory(ctx);
  declare_stage(ctx);
  emit_instructions(ctx);
  if (ctx.ok() && !ctx.ended) emit_epilogue(ctx, false);
  if (!ctx.ok()) return Error{trace::ErrorCode::InvalidArgument, ctx.error};
  ctx.info.glsl = assemble(ctx);
  return std::move(ctx.info);
}

}  // namespace vgpu::shader
