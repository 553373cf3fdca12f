// The frame digest: XXH3-128 as xxhsum computes it (the known answers below were printed by
// Debian's `xxhsum -H2`, an implementation built apart from ours), the same with and without AVX2,
// and the pre-1.4 content hash unchanged.
#include "trace/frame_digest.h"

#include <gtest/gtest.h>

#include <cstdio>
#include <string>
#include <vector>

#include "trace/xxh3_kernels.h"

namespace vgpu::trace {
namespace {

// As xxhsum prints it: the high half first.
std::string hex(const ContentHash& h) {
  char text[33];
  std::snprintf(text, sizeof text, "%016llx%016llx", static_cast<unsigned long long>(h.hi),
                static_cast<unsigned long long>(h.lo));
  return text;
}

std::vector<uint8_t> pattern(size_t n) {
  std::vector<uint8_t> v(n);
  for (size_t i = 0; i < n; ++i) v[i] = static_cast<uint8_t>(i * 7 + 3);
  return v;
}

TEST(FrameDigest, Xxh3IsWhatXxhsumPrints) {
  EXPECT_EQ(hex(digest_of(DigestAlgorithm::Xxh3_128, {})), "99aa06d3014798d86001c324468d497f");
  const std::string text = "vgpu-tools";
  EXPECT_EQ(hex(digest_of(DigestAlgorithm::Xxh3_128,
                          {reinterpret_cast<const uint8_t*>(text.data()), text.size()})),
            "37b7aa478b2d957356586c7bca6997a2");
  // A 300x300 RGBA frame: the size capture hashes most.
  EXPECT_EQ(hex(digest_of(DigestAlgorithm::Xxh3_128, pattern(360000))),
            "877ce09ff574bcb44aa3cec1772e01cd");
}

TEST(FrameDigest, ContentHashAlgorithmIsTheContentHash) {
  const std::vector<uint8_t> v = pattern(4099);
  EXPECT_EQ(digest_of(DigestAlgorithm::ContentHash, v), content_hash(v));
  EXPECT_NE(digest_of(DigestAlgorithm::ContentHash, v), digest_of(DigestAlgorithm::Xxh3_128, v));
}

TEST(FrameDigest, OneChangedByteChangesTheDigest) {
  std::vector<uint8_t> v = pattern(360000);
  const ContentHash before = digest_of(DigestAlgorithm::Xxh3_128, v);
  v[123457] ^= 0x01;
  EXPECT_NE(digest_of(DigestAlgorithm::Xxh3_128, v), before);
}

#if defined(VGPU_XXH3_AVX2)
TEST(FrameDigest, Avx2AndBaselineKernelsAgreeOnEverySize) {
  if (!__builtin_cpu_supports("avx2")) GTEST_SKIP() << "this CPU has no AVX2";
  // Every size up to 2 KiB crosses each of XXH3's size classes and stripe/block edges.
  const std::vector<uint8_t> v = pattern(1 << 20);
  for (size_t n = 0; n <= 2048; ++n) {
    const Xxh3Digest a = xxh3_128_avx2(v.data(), n), b = xxh3_128_baseline(v.data(), n);
    ASSERT_TRUE(a.lo == b.lo && a.hi == b.hi) << n << " bytes";
  }
  for (size_t n : {4095u, 65536u, 360000u, 1u << 20}) {
    const Xxh3Digest a = xxh3_128_avx2(v.data() + 1, n - 1), b = xxh3_128_baseline(v.data() + 1, n - 1);
    ASSERT_TRUE(a.lo == b.lo && a.hi == b.hi) << n - 1 << " bytes, unaligned";
  }
}
#endif

}  // namespace
}  // namespace vgpu::trace
