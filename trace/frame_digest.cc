#include "trace/frame_digest.h"

#include "trace/xxh3_kernels.h"

namespace vgpu::trace {
namespace {

uint64_t xxh3_64(std::span<const uint8_t> bytes) {
  // XXH3 gives the same value with every vector unit; only the speed differs.
#if defined(VGPU_XXH3_AVX2)
  static const bool avx2 = __builtin_cpu_supports("avx2");
  if (avx2) return xxh3_64_avx2(bytes.data(), bytes.size());
#endif
  return xxh3_64_baseline(bytes.data(), bytes.size());
}

}  // namespace

ContentHash digest_of(DigestAlgorithm algorithm, std::span<const uint8_t> bytes) {
  switch (algorithm) {
    case DigestAlgorithm::ContentHash: return content_hash(bytes);
    case DigestAlgorithm::Xxh3_64: return {xxh3_64(bytes), 0};
  }
  return content_hash(bytes);
}

}  // namespace vgpu::trace
