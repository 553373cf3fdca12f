// XXH3-64 with AVX2 (xxh3_kernels.h); this file alone is compiled with -mavx2, and is called
// only after the CPU said it has AVX2.
#include "trace/xxh3_kernels.h"

#define XXH_INLINE_ALL
#define XXH_VECTOR XXH_AVX2
#include <xxhash.h>

namespace vgpu::trace {

uint64_t xxh3_64_avx2(const void* data, size_t size) { return XXH3_64bits(data, size); }

}  // namespace vgpu::trace
