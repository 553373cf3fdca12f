// Shader buffers (BUFFER[n]) and shared memory (MEMORY[n], SHARED): LOAD/STORE/ATOM*/RESQ on
// byte addresses, as uint arrays.
#include <string>

#include "renderer/shader/instruction_emit.h"
#include "renderer/shader/operands.h"

namespace vgpu::shader {
namespace {

using tgsi::Opcode;
using tgsi::OperandType;
using tgsi::RegisterFile;

// Compute shared memory when CREATE_OBJECT gave no size: GL_MAX_COMPUTE_SHARED_MEMORY_SIZE.
constexpr uint32_t kDefaultSharedBytes = 32768;

std::string memory_array(Context& ctx, const tgsi::RegisterRef& reg) {
  if (reg.file == RegisterFile::Buffer) return "vgpu_ssbo" + std::to_string(reg.index) + ".data";
  if (reg.file == RegisterFile::Memory) {
    // Whatever its index (the validator's note on MEMORY), an access is to shared memory: the
    // other spaces (GLOBAL, PRIVATE, INPUT) have no GLSL counterpart here.
    if (ctx.info.shared_memory_bytes == 0) {
      ctx.fail(reg.where, "MEMORY access without a SHARED memory declaration is not supported");
    }
    return "vgpu_shared";
  }
  ctx.fail(reg.where, std::string(tgsi::file_name(reg.file)) + " memory access is not supported");
  return "vgpu_shared";
}

const char* atomic_function(Opcode op) {
  switch (op) {
    case Opcode::ATOMUADD: return "atomicAdd";
    case Opcode::ATOMXCHG: return "atomicExchange";
    case Opcode::ATOMCAS: return "atomicCompSwap";
    case Opcode::ATOMAND: return "atomicAnd";
    case Opcode::ATOMOR: return "atomicOr";
    case Opcode::ATOMXOR: return "atomicXor";
    case Opcode::ATOMUMIN: return "atomicMin";
    case Opcode::ATOMUMAX: return "atomicMax";
    case Opcode::ATOMIMIN: return "atomicMin";
    case Opcode::ATOMIMAX: return "atomicMax";
    default: return nullptr;
  }
}

}  // namespace

void declare_memory(Context& ctx) {
  for (const tgsi::Declaration& d : ctx.shader.declarations) {
    if (d.file == RegisterFile::Buffer) {
      for (uint32_t n = d.first; n <= d.last && ctx.ok(); ++n) {
        if (n >= max_shader_buffers(ctx.info.stage)) {
          ctx.fail(d.where, "BUFFER index over the per-stage maximum");
          return;
        }
        ctx.declarations += "layout(std430, binding = " +
                            std::to_string(shader_buffer_binding(ctx.info.stage, n)) +
                            ") buffer vgpu_" + std::string(ctx.stage_prefix()) + "_ssbo" +
                            std::to_string(n) + " { uint data[]; } vgpu_ssbo" +
                            std::to_string(n) + ";\n";
        ctx.info.shader_buffer_mask |= 1u << n;
      }
    } else if (d.file == RegisterFile::Memory && d.memory_type == tgsi::MemoryType::Shared) {
      const uint32_t bytes = ctx.stream_output && ctx.stream_output->shared_memory_bytes
                                 ? ctx.stream_output->shared_memory_bytes
                                 : kDefaultSharedBytes;
      if (ctx.declarations.find("vgpu_shared[") == std::string::npos) {
        ctx.declarations += "shared uint vgpu_shared[" + std::to_string((bytes + 3) / 4) + "];\n";
        ctx.info.shared_memory_bytes = bytes;
      }
    }
  }
  declare_images(ctx);
  declare_atomic_counters(ctx);
}

namespace {

// The instruction on `arr` (vgpu_ssboN.data or vgpu_shared).
void emit_access(Context& ctx, const tgsi::Instruction& inst, const tgsi::OpcodeInfo* info,
                 const std::string& arr) {
  if (inst.opcode == Opcode::RESQ) {
    ctx.line("vgpu_t = uvec4(uint(" + arr + ".length()) * 4u);");
    store(ctx, inst.dst[0], "vgpu_t");
    return;
  }
  if (inst.opcode == Opcode::STORE) {
    // STORE BUFFER[n].mask, address, value: one word per written component.
    const std::string addr = fetch(ctx, inst.src[0], OperandType::U, 4) + ".x";
    const std::string value = fetch(ctx, inst.src[1], OperandType::U, 4);
    ctx.line("vgpu_a = " + addr + " >> 2;");
    for (uint32_t c = 0; c < 4; ++c) {
      if (inst.dst[0].write_mask >> c & 1) {
        ctx.line(arr + "[vgpu_a + " + std::to_string(c) + "u] = " + value + "." + "xyzw"[c] + ";");
      }
    }
    return;
  }
  const std::string addr = fetch(ctx, inst.src[1], OperandType::U, 4) + ".x";
  ctx.line("vgpu_a = " + addr + " >> 2;");
  if (inst.opcode == Opcode::LOAD) {
    ctx.line("vgpu_t = uvec4(" + arr + "[vgpu_a], " + arr + "[vgpu_a + 1u], " + arr +
             "[vgpu_a + 2u], " + arr + "[vgpu_a + 3u]);");
    // Reads past the written components are harmless only inside the array: mask them off.
    store(ctx, inst.dst[0], "vgpu_t");
    return;
  }
  const char* fn = atomic_function(inst.opcode);
  if (!fn) {
    ctx.fail(inst.where, std::string(info->name) + " is not supported");
    return;
  }
  const bool is_signed = inst.opcode == Opcode::ATOMIMIN || inst.opcode == Opcode::ATOMIMAX;
  std::string value = fetch(ctx, inst.src[2], OperandType::U, 4) + ".x";
  if (inst.opcode == Opcode::ATOMCAS) {
    value += ", " + fetch(ctx, inst.src[3], OperandType::U, 4) + ".x";
  }
  if (is_signed) {
    // GLSL's signed atomics need an int array: compare as ints through a CAS loop.
    ctx.line("{ uint vgpu_old = " + arr + "[vgpu_a]; uint vgpu_seen;");
    ctx.line("  do { vgpu_seen = vgpu_old; vgpu_old = atomicCompSwap(" + arr +
             "[vgpu_a], vgpu_seen, uint(" +
             (inst.opcode == Opcode::ATOMIMIN ? "min" : "max") + "(int(vgpu_seen), int(" + value +
             ")))); } while (vgpu_old != vgpu_seen);");
    ctx.line("  vgpu_t = uvec4(vgpu_old); }");
  } else {
    ctx.line("vgpu_t = uvec4(" + std::string(fn) + "(" + arr + "[vgpu_a], " + value + "));");
  }
  store(ctx, inst.dst[0], "vgpu_t");
}

}  // namespace

bool emit_memory(Context& ctx, const tgsi::Instruction& inst) {
  const tgsi::OpcodeInfo* info = tgsi::opcode_info(inst.opcode);
  if (!info || (info->kind != tgsi::OpcodeKind::memory && inst.opcode != Opcode::RESQ)) {
    return false;
  }
  const tgsi::RegisterRef& memory = inst.opcode == Opcode::STORE ? inst.dst[0].reg
                                                                 : inst.src[0].reg;
  if (memory.file == RegisterFile::Image) {
    emit_image_access(ctx, inst);
  } else if (memory.file == RegisterFile::HwAtomic) {
    emit_atomic_counter_access(ctx, inst);
  } else if (memory.file == RegisterFile::Buffer && memory.indirect) {
    // BUFFER[ADDR[0].x]: GLSL blocks are separate variables, so the access is repeated for
    // each declared buffer under a test of the (clamped) index.
    const std::string index = index_expr(ctx, memory);
    for (uint32_t n = 0; n < max_shader_buffers(ctx.info.stage); ++n) {
      if ((ctx.info.shader_buffer_mask >> n & 1) == 0) continue;
      ctx.line("if (" + index + " == " + std::to_string(n) + ") {");
      ++ctx.indent;
      emit_access(ctx, inst, info, "vgpu_ssbo" + std::to_string(n) + ".data");
      --ctx.indent;
      ctx.line("}");
    }
  } else {
    emit_access(ctx, inst, info, memory_array(ctx, memory));
  }
  return true;
}

}  // namespace vgpu::shader
