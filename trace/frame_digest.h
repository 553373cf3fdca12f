// The digest of a readback stored by content only (ReadbackDigest): capture hashes every
// presented frame that it does not keep in full, and replay hashes its own readback the same way.
//
// Two algorithms, each with its own record id so that a trace says which it used:
//  - ContentHash (record 22, format 1.2-1.3): content_hash.h, the payload-dedup hash.  Its two
//    multiply chains are serial, ~8 GB/s: 46 us for a 300x300 frame, which at glxgears' ~1,200
//    frames a second was 5% of the host's time on the capture path.
//  - Xxh3_64 (record 23, format 1.4, what capture writes now): XXH3's 64-bit hash from the
//    system's xxhash.h, vectorized (AVX2 where the CPU has it, chosen at run time; SSE2
//    otherwise): ~8 us for the same frame.  It is the value `xxhsum -H3` prints for a file
//    holding those bytes, so a user can check a digest against a dumped frame by hand.
//    64 bits, not 128: this digest checks one replayed frame against one recorded frame, so a
//    wrong frame passes with probability 2^-64; nothing is looked up by it (payload dedup keeps
//    the 128-bit content hash).  The 8 bytes saved are 8 of a 1,000-FPS trace's ~60 per frame.
#pragma once

#include <cstdint>
#include <span>

#include "trace/content_hash.h"

namespace vgpu::trace {

enum class DigestAlgorithm : uint8_t { ContentHash, Xxh3_64 };

// The digest as ReadbackDigest stores it: for Xxh3_64, {the hash, 0}.
[[nodiscard]] ContentHash digest_of(DigestAlgorithm algorithm, std::span<const uint8_t> bytes);

}  // namespace vgpu::trace
