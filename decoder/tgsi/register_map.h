// The declarations of a shader sorted per file by (dimension, first register), so that the
// declaration covering a register is a binary search away, and overlapping declarations are
// neighbours.  Built once per validation: O(d log d) for d declarations.
#pragma once

#include <array>
#include <cstdint>
#include <vector>

#include "decoder/tgsi/ir.h"

namespace vgpu::tgsi {

class RegisterMap {
 public:
  explicit RegisterMap(const Shader& shader);

  // The declaration covering `index` of `file` (2D files: in `dimension`), or nullptr.
  [[nodiscard]] const Declaration* find(RegisterFile file, uint32_t dimension, int64_t index) const;
  // Whether the file's declarations carry a dimension (CONST[1][0..3]): operands then name
  // one; otherwise an operand's first index is a vertex number (GEOM/TESS inputs).
  [[nodiscard]] bool two_dimensional(RegisterFile file) const {
    return two_d_[static_cast<uint8_t>(file)];
  }
  // The first pair of declarations of one file whose ranges overlap, or {nullptr, nullptr}.
  [[nodiscard]] std::pair<const Declaration*, const Declaration*> first_overlap() const;

 private:
  struct Entry {
    uint32_t dimension;
    uint32_t first;
    uint32_t last;
    const Declaration* decl;
  };
  std::array<std::vector<Entry>, kRegisterFileCount> by_file_;
  std::array<bool, kRegisterFileCount> two_d_ = {};
};

}  // namespace vgpu::tgsi
