// XXH3-128 for the baseline instruction set (xxh3_kernels.h).  XXH_INLINE_ALL makes every xxhash
// function static to this file: no library to link, no symbol shared with the AVX2 copy.
#include "trace/xxh3_kernels.h"

#define XXH_INLINE_ALL
#include <xxhash.h>

namespace vgpu::trace {

Xxh3Digest xxh3_128_baseline(const void* data, size_t size) {
  const XXH128_hash_t h = XXH3_128bits(data, size);
  return {h.low64, h.high64};
}

}  // namespace vgpu::trace
