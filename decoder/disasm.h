// The text form of a command stream: one line per command with every field named, and the same
// as JSON.  Built on decode(), so it shows exactly what the decoder accepts and rejects.
#pragma once

#include <cstdint>
#include <span>
#include <string>

#include <nlohmann/json_fwd.hpp>

namespace vgpu::virgl {

struct DecodeSummary;

// "@<offset> NAME field=value ...\n" per command.  A rejected command prints as
// "@<offset> ! <message>", and a stream error ends the listing with "! <message>".
// `summary`, when given, receives the decode summary (so callers need not decode twice).
[[nodiscard]] std::string disassemble(std::span<const uint32_t> stream,
                                      DecodeSummary* summary = nullptr);

// {"commands": [{"offset": N, "command": "NAME", "fields": {...}} | {"offset": N, "error": ...}],
//  "error": {...} (only on a stream error)}
[[nodiscard]] nlohmann::json disassemble_json(std::span<const uint32_t> stream,
                                              DecodeSummary* summary = nullptr);

}  // namespace vgpu::virgl
