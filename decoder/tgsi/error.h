// The one error type of the TGSI parser and validator: where (line:column) and why.
#pragma once

#include <string>

#include "decoder/tgsi/ir.h"

namespace vgpu::tgsi {

struct TgsiError {
  SourcePosition where;
  std::string message;  // "TEMP[9] is outside the declared TEMP[0..4]"

  // "3:17: TEMP[9] is outside the declared TEMP[0..4]"
  [[nodiscard]] std::string to_string() const;
};

}  // namespace vgpu::tgsi
