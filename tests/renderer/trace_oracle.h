// Replays a .vtrc trace through the renderer and checks every TransferFromHost against
// read_resource(): the bytes virgl_test_server gave the guest against the bytes we give.
// vgpu-replay will do the same; this is the tests' small version of it.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "renderer/renderer.h"

namespace vgpu::renderer::testing {

struct ReadbackMismatch {
  uint64_t event = 0;
  uint32_t res_id = 0;
  uint64_t differing_bytes = 0;
  uint64_t first_offset = 0;       // byte offset in the transfer of the first difference
  uint32_t expected = 0, got = 0;  // the 4 bytes at that offset (little-endian)
  std::string error;               // read_resource failed
};

struct OracleReport {
  uint64_t events = 0;
  uint64_t readbacks = 0;
  uint64_t matching = 0;
  std::vector<ReadbackMismatch> mismatches;
  std::vector<Diagnostic> diagnostics;
  std::string error;  // the trace could not be read, or the renderer stopped
};

[[nodiscard]] OracleReport replay_and_compare(const std::filesystem::path& trace,
                                              const Options& options);

// "event 12 res 1: 4096 bytes differ, first at 0: expected 0x..., got 0x..."
[[nodiscard]] std::string describe(const OracleReport& report);

}  // namespace vgpu::renderer::testing
