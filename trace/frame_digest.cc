#include "trace/frame_digest.h"

#include "trace/xxh3_kernels.h"

namespace vgpu::trace {
namespace {

ContentHash xxh3_128(std::span<const uint8_t> bytes) {
  // XXH3 gives the same value with every vector unit; only the speed differs.
#if defined(VGPU_XXH3_AVX2)
  static const bool avx2 = __builtin_cpu_supports("avx2");
  if (avx2) {
    const Xxh3Digest d = xxh3_128_avx2(bytes.data(), bytes.size());
    return {d.lo, d.hi};
  }
#endif
  const Xxh3Digest d = xxh3_128_baseline(bytes.data(), bytes.size());
  return {d.lo, d.hi};
}

}  // namespace

ContentHash digest_of(DigestAlgorithm algorithm, std::span<const uint8_t> bytes) {
  switch (algorithm) {
    case DigestAlgorithm::ContentHash: return content_hash(bytes);
    case DigestAlgorithm::Xxh3_128: return xxh3_128(bytes);
  }
  return content_hash(bytes);
}

}  // namespace vgpu::trace
