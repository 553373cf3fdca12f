// Events as text and JSON, for `vgpu-trace dump`, replay reports and test failure messages.
// Payloads are summarised (size, and the text of markers and names); the dumper adds the
// disassembly of Submit payloads itself.
#pragma once

#include <string>

#include <nlohmann/json.hpp>

#include "trace/events.h"

namespace vgpu::trace {

// "res=10 target=2 format=67 ...": every field of the event, payloads as their size.
[[nodiscard]] std::string event_fields_text(const EventBody& body);

// {"number": N, "kind": "ResourceCreate", "delta_ns": N, "res": 10, ...} in field order
[[nodiscard]] nlohmann::ordered_json event_to_json(const Event& event);

}  // namespace vgpu::trace
