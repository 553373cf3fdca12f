// Explicit caps on what one shader may hold.  Guest text is hostile: each cap bounds memory
// or work independently of the others, and every one is checked before the thing it counts is
// stored, so a shader over a cap costs no more than one at the cap.
#pragma once

#include <cstdint>

namespace vgpu::tgsi {

struct Limits {
  uint32_t max_text_bytes = 4u << 20;        // ShaderBudget's max_shader_bytes
  uint32_t max_declarations = 4096;
  uint32_t max_immediates = 4096;
  uint32_t max_properties = 64;
  uint32_t max_instructions = 65536;
  uint32_t max_register_index = 65535;       // Mesa's tokens hold 16-bit indices
  uint32_t max_array_id = 1023;              // 10-bit ArrayID in Mesa's tokens
  uint32_t max_nesting_depth = 64;           // IF/LOOP/SWITCH/SUB open at once
  uint32_t max_registers_per_file = 65536;   // sum of declared sizes in one file
};

}  // namespace vgpu::tgsi
