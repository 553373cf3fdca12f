// XXH3-128 with AVX2 (xxh3_kernels.h); this file alone is compiled with -mavx2, and is called
// only after the CPU said it has AVX2.
#include "trace/xxh3_kernels.h"

#define XXH_INLINE_ALL
#define XXH_VECTOR XXH_AVX2
#include <xxhash.h>

namespace vgpu::trace {

Xxh3Digest xxh3_128_avx2(const void* data, size_t size) {
  const XXH128_hash_t h = XXH3_128bits(data, size);
  return {h.low64, h.high64};
}

}  // namespace vgpu::trace
