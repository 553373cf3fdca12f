// XXH3-64 for the baseline instruction set (xxh3_kernels.h).  XXH_INLINE_ALL makes every xxhash
// function static to this file: no library to link, no symbol shared with the AVX2 copy.
#include "trace/xxh3_kernels.h"

#define XXH_INLINE_ALL
#include <xxhash.h>

namespace vgpu::trace {

uint64_t xxh3_64_baseline(const void* data, size_t size) { return XXH3_64bits(data, size); }

}  // namespace vgpu::trace
