// One pass over a trace that gathers what `vgpu-trace info` reports and `verify` checks: counts
// per event kind, the virgl command histogram (through the decoder), sizes, duration, contexts,
// resources, and every inconsistency found on the way (index, payload hashes, undecodable
// submits).  The pass stops at the first reader error; what was gathered until then is kept.
#pragma once

#include <array>
#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "trace/events.h"
#include "trace/result.h"
#include "trace/trace_reader.h"

namespace vgpu::trace {

struct SummaryOptions {
  bool decode_submits = true;     // run every Submit through the decoder
  bool check_payload_hashes = false;  // recompute the content hash of large payloads
  size_t max_problems = 100;      // problems listed (all are counted)
};

struct TraceSummary {
  uint64_t events = 0;
  uint64_t frames = 0;  // FrameEnd events
  std::array<uint64_t, kEventKindCount> per_kind{};
  std::map<uint32_t, uint64_t> commands;  // virgl command id -> count, over every Submit
  uint64_t raw_bytes = 0;           // the events with every payload inline, as records
  uint64_t uncompressed_bytes = 0;  // as stored in blocks (after dedup), before zstd
  uint64_t file_bytes = 0;
  uint64_t payload_refs = 0;        // payloads stored as references
  uint64_t duration_ns = 0;         // sum of the events' delta_ns
  std::set<uint32_t> contexts;      // ids of ContextCreate
  std::set<uint64_t> resources;     // ids of ResourceCreate / ResourceCreateBlob
  uint64_t submits_rejected = 0;    // submits with a stream error or a rejected command
  uint64_t problem_count = 0;
  std::vector<std::string> problems;  // index mismatches, hash mismatches, undecodable submits
  std::optional<Error> error;       // the reader error that stopped the pass
};

// Reads `reader` from its current position to the end.
[[nodiscard]] TraceSummary summarize(TraceReader& reader, const SummaryOptions& options = {});

}  // namespace vgpu::trace
