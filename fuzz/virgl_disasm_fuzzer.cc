// Fuzzes the disassemblers (decoder/disasm.h), which turn whatever the guest sent into text and
// JSON.  Input: the virgl_decode format (virgl_fuzz_input.h), so either corpus seeds the other:
// one config byte, then the command buffer as little-endian dwords.
//   config bit 0: text disassembler      bit 1: JSON disassembler (serialised with dump())
//   neither bit: both
// Kept apart from virgl_decode because building a string or JSON node per field is far slower
// under ASan than decoding, and would starve the decoder harness of executions.
#include <cstddef>
#include <cstdint>
#include <span>
#include <string>

#include <nlohmann/json.hpp>

#include "decoder/decode.h"
#include "decoder/disasm.h"
#include "fuzz/virgl_fuzz_input.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace vgpu::virgl;
  if (size < 1) return 0;
  const vgpu::fuzz::VirglInput input = vgpu::fuzz::virgl_input(data, size);
  const uint8_t config = (input.config & 3) != 0 ? input.config : 3;
  const std::span<const uint32_t> stream = input.words;

  if (config & 1) {
    DecodeSummary summary;
    const std::string text = disassemble(stream, &summary);
    // Every listed command and the stream error each end a line.
    if (!text.empty() && text.back() != '\n') __builtin_trap();
    if (summary.stream_error && text.find(summary.stream_error->message) == std::string::npos)
      __builtin_trap();
  }
  if (config & 2) {
    const nlohmann::json json = disassemble_json(stream);
    // Serialising must not throw whatever bytes the guest sent (text fields are made UTF-8).
    (void)json.dump().size();
  }
  return 0;
}
