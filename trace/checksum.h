// CRC32C (Castagnoli), the checksum of every byte of a .vtrc file.  Chosen over a bespoke hash
// because it is a standard (iSCSI, ext4, zstd-less tooling can verify it), it detects every
// single-bit and burst error up to 32 bits, and x86's SSE4.2 `crc32` instruction computes it at
// several GB/s, so verification never bounds reading speed.
#pragma once

#include <cstdint>
#include <span>

namespace vgpu::trace {

// Extends `crc` (0 to start) over `data`; crc32c(b, crc32c(a)) == crc32c(a ++ b).
[[nodiscard]] uint32_t crc32c(std::span<const uint8_t> data, uint32_t crc = 0);

}  // namespace vgpu::trace
