// Pass 3: operands of the right kind for their opcode (opcodes.def gives the counts, which the
// parser already enforced; here: which files, and the texture target).
#include "decoder/decode_error.h"
#include "decoder/tgsi/validate_passes.h"

namespace vgpu::tgsi {
namespace {

bool is_resource(RegisterFile f) {
  return f == RegisterFile::Buffer || f == RegisterFile::Image || f == RegisterFile::Memory ||
         f == RegisterFile::HwAtomic || f == RegisterFile::ConstBuffer;
}

bool is_writable(RegisterFile f) {
  return f == RegisterFile::Output || f == RegisterFile::Temporary || f == RegisterFile::Address;
}

TgsiError operand_error(const Instruction& inst, const RegisterRef& reg, std::string_view what) {
  TgsiError e{reg.where, {}};
  virgl::append_message(e.message, opcode_info(inst.opcode)->name, ": ");
  append_register(e.message, reg.file, reg.index);
  virgl::append_message(e.message, " ", what);
  return e;
}

std::optional<TgsiError> check_destinations(const Instruction& inst) {
  for (uint8_t i = 0; i < inst.dst_count; ++i) {
    const RegisterRef& reg = inst.dst[i].reg;
    // STORE and atomics write through a resource operand; everything else writes registers.
    const bool resource_store = inst.opcode == Opcode::STORE && is_resource(reg.file);
    if (!is_writable(reg.file) && !resource_store) {
      return operand_error(inst, reg, "cannot be written");
    }
  }
  return std::nullopt;
}

std::optional<TgsiError> check_sampling(const Instruction& inst, const OpcodeInfo& info) {
  if (info.kind == OpcodeKind::tex) {
    if (!inst.has_texture) {
      TgsiError e{inst.where, {}};
      virgl::append_message(e.message, info.name, " needs a texture target after its operands");
      return e;
    }
    // The sampler is the last source of every texture opcode (TEX coord, SAMP; TXD ..., SAMP).
    const RegisterRef& sampler = inst.src[inst.src_count - 1].reg;
    if (sampler.file != RegisterFile::Sampler) return operand_error(inst, sampler, "is not a sampler (SAMP)");
  }
  if (info.kind == OpcodeKind::sample) {
    // SAMPLE_* and GATHER4: coordinate, sampler view, then (except SAMPLE_I*) a sampler.
    const RegisterRef& view = inst.src[1].reg;
    if (view.file != RegisterFile::SamplerView) return operand_error(inst, view, "is not a sampler view (SVIEW)");
    const bool takes_sampler = inst.opcode != Opcode::SAMPLE_I && inst.opcode != Opcode::SAMPLE_I_MS;
    if (takes_sampler && inst.src[2].reg.file != RegisterFile::Sampler) {
      return operand_error(inst, inst.src[2].reg, "is not a sampler (SAMP)");
    }
  }
  return std::nullopt;
}

std::optional<TgsiError> check_memory(const Instruction& inst, const OpcodeInfo& info) {
  if (info.kind != OpcodeKind::memory) return std::nullopt;
  // LOAD and atomics read the resource in src0; STORE writes it through dst0.
  const RegisterRef& resource = inst.opcode == Opcode::STORE ? inst.dst[0].reg : inst.src[0].reg;
  if (!is_resource(resource.file)) {
    return operand_error(inst, resource, "is not a BUFFER, IMAGE, MEMORY, CONSTBUF or HWATOMIC register");
  }
  return std::nullopt;
}

}  // namespace

std::optional<TgsiError> validate_operands(const Shader& shader) {
  for (const Instruction& inst : shader.instructions) {
    const OpcodeInfo* info = opcode_info(inst.opcode);
    if (info == nullptr) return TgsiError{inst.where, "opcode outside the table"};
    if (auto e = check_destinations(inst)) return e;
    if (auto e = check_sampling(inst, *info)) return e;
    if (auto e = check_memory(inst, *info)) return e;
  }
  return std::nullopt;
}

}  // namespace vgpu::tgsi
