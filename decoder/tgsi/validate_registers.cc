// Pass 2: every register an operand names is declared, and indirect accesses stay in bounds.
#include "decoder/decode_error.h"
#include "decoder/tgsi/register_map.h"
#include "decoder/tgsi/validate_passes.h"

namespace vgpu::tgsi {
namespace {

class RegisterCheck {
 public:
  explicit RegisterCheck(const Shader& shader) : shader_(shader), map_(shader) {}

  [[nodiscard]] std::optional<TgsiError> check(const RegisterRef& ref) const {
    if (ref.file == RegisterFile::Null) return error(ref.where, "the NULL file cannot be an operand");
    if (ref.dimension.present && ref.dimension.indirect) {
      if (auto e = check_address(ref.where, ref.dimension.address)) return e;
    }
    if (ref.indirect) return check_indirect(ref);
    if (ref.file == RegisterFile::Memory) return check_memory(ref);
    if (ref.file == RegisterFile::Immediate) {
      if (ref.index >= 0 && static_cast<size_t>(ref.index) < shader_.immediates.size()) return std::nullopt;
      return outside(ref.where, ref.file, ref.index);
    }
    if (ref.dimension.present && ref.dimension.indirect && map_.two_dimensional(ref.file)) {
      return within_declared_range(ref.where, ref.file, ref.index);  // any buffer of the array
    }
    const uint32_t dim =
        ref.dimension.present && ref.dimension.index >= 0 ? static_cast<uint32_t>(ref.dimension.index) : 0;
    if (map_.find(ref.file, dim, ref.index) != nullptr) return std::nullopt;
    if (ref.dimension.present) return undeclared_2d(ref.where, ref.file, dim, ref.index);
    return outside(ref.where, ref.file, ref.index);
  }

  [[nodiscard]] std::optional<TgsiError> check_offset(const TextureOffset& off, SourcePosition where) const {
    RegisterRef ref;
    ref.file = off.file;
    ref.index = off.index;
    ref.where = where;
    return check(ref);
  }

 private:
  static TgsiError error(SourcePosition where, std::string_view message) {
    return TgsiError{where, std::string(message)};
  }

  [[nodiscard]] TgsiError outside(SourcePosition where, RegisterFile file, int64_t index) const {
    TgsiError e{where, {}};
    append_register(e.message, file, index);
    const DeclaredRange& r = shader_.range_of(file);
    if (file == RegisterFile::Immediate) {
      if (shader_.immediates.empty()) {
        e.message += " names an immediate, but there is none";
      } else {
        virgl::append_message(e.message, " is outside the immediates IMM[0..", shader_.immediates.size() - 1, "]");
      }
    } else if (!r.any) {
      virgl::append_message(e.message, " is not declared (no ", file_name(file), " declaration)");
    } else {
      virgl::append_message(e.message, " is outside the declared ", file_name(file), "[", r.lowest, "..",
                            r.highest, "]");
    }
    return e;
  }

  // CONST[2][3] when CONST[2] has no register 3 (or is not declared): the file-wide range the
  // message of outside() gives would be misleading for one buffer of a 2D file.
  [[nodiscard]] static TgsiError undeclared_2d(SourcePosition where, RegisterFile file, uint32_t dim,
                                               int64_t index) {
    TgsiError e{where, {}};
    virgl::append_message(e.message, file_name(file), "[", dim, "][", index, "] is not declared");
    return e;
  }

  [[nodiscard]] std::optional<TgsiError> within_declared_range(SourcePosition where, RegisterFile file,
                                                               int64_t index) const {
    if (file == RegisterFile::Immediate) {
      if (index >= 0 && static_cast<size_t>(index) < shader_.immediates.size()) return std::nullopt;
      return outside(where, file, index);
    }
    const DeclaredRange& r = shader_.range_of(file);
    if (r.any && index >= r.lowest && index <= r.highest) return std::nullopt;
    return outside(where, file, index);
  }

  // A MEMORY declaration declares a memory space, not a register: Mesa writes DCL MEMORY[t], TYPE
  // with t the space's TGSI_MEMORY_TYPE_* number (SHARED is 1), while its NIR-to-TGSI pass names
  // shared memory MEMORY[0] in every instruction whatever was declared.  So a use is valid when
  // the shader declares some memory and names either index 0 or a declared space.
  [[nodiscard]] std::optional<TgsiError> check_memory(const RegisterRef& ref) const {
    if (shader_.range_of(ref.file).any &&
        (ref.index == 0 || map_.find(ref.file, 0, ref.index) != nullptr)) {
      return std::nullopt;
    }
    return outside(ref.where, ref.file, ref.index);
  }

  [[nodiscard]] std::optional<TgsiError> check_address(SourcePosition where, const IndirectAddress& a) const {
    if (a.file == RegisterFile::Immediate) return within_declared_range(where, a.file, a.index);
    if (map_.find(a.file, 0, a.index) != nullptr) return std::nullopt;
    TgsiError e = outside(where, a.file, a.index);
    e.message.insert(0, "address register ");
    return e;
  }

  [[nodiscard]] std::optional<TgsiError> check_indirect(const RegisterRef& ref) const {
    if (auto e = check_address(ref.where, ref.address)) return e;
    if (ref.address.array_id == 0) return within_declared_range(ref.where, ref.file, ref.index);
    const Declaration* array = shader_.find_array(ref.file, ref.address.array_id);
    if (array == nullptr) {
      TgsiError e{ref.where, {}};
      virgl::append_message(e.message, "indirect access to ", file_name(ref.file), " ARRAY(",
                            ref.address.array_id, "), which is not declared");
      return e;
    }
    const int64_t index = ref.index;
    if (index >= int64_t{array->first} && index <= int64_t{array->last}) return std::nullopt;
    TgsiError e{ref.where, {}};
    append_register(e.message, ref.file, ref.index);
    virgl::append_message(e.message, " is outside ARRAY(", array->array_id, ") ", file_name(ref.file), "[",
                          array->first, "..", array->last, "]");
    return e;
  }

  const Shader& shader_;
  RegisterMap map_;
};

}  // namespace

std::optional<TgsiError> validate_registers(const Shader& shader) {
  const RegisterCheck check(shader);
  for (const Instruction& inst : shader.instructions) {
    for (uint8_t i = 0; i < inst.dst_count; ++i) {
      if (auto e = check.check(inst.dst[i].reg)) return e;
    }
    for (uint8_t i = 0; i < inst.src_count; ++i) {
      if (auto e = check.check(inst.src[i].reg)) return e;
    }
    for (uint8_t i = 0; i < inst.offset_count; ++i) {
      if (auto e = check.check_offset(inst.offsets[i], inst.where)) return e;
    }
  }
  return std::nullopt;
}

}  // namespace vgpu::tgsi
