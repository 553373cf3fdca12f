// The frame digest: XXH3-64 as xxhsum computes it (the known answers below were printed by
// Debian's `xxhsum -H3`, an implementation built apart from ours), the same with and without AVX2,
// and the pre-1.4 content hash unchanged.
#include "trace/frame_digest.h"

#include <gtest/gtest.h>

#include <cstdio>
#include <string>
#include <vector>

#include "trace/xxh3_kernels.h"

namespace vgpu::trace {
namespace {

// As `xxhsum -H3` prints it.  The second half of the stored digest is always zero.
std::string hex(const ContentHash& h) {
  EXPECT_EQ(h.hi, 0u);
  char text[17];
  std::snprintf(text, sizeof text, "%016llx", static_cast<unsigned long long>(h.lo));
  return text;
}

std::vector<uint8_t> pattern(size_t n) {
  std::vector<uint8_t> v(n);
  for (size_t i = 0; i < n; ++i) v[i] = static_cast<uint8_t>(i * 7 + 3);
  return v;
}

TEST(FrameDigest, Xxh3IsWhatXxhsumPrints) {
  EXPECT_EQ(hex(digest_of(DigestAlgorithm::Xxh3_64, {})), "2d06800538d394c2");
  const std::string text = "vgpu-tools";
  EXPECT_EQ(hex(digest_of(DigestAlgorithm::Xxh3_64,
                          {reinterpret_cast<const uint8_t*>(text.data()), text.size()})),
            "158a8dc0d96e61c5");
  // A 300x300 RGBA frame: the size capture hashes most.
  EXPECT_EQ(hex(digest_of(DigestAlgorithm::Xxh3_64, pattern(360000))),
            "4aa3cec1772e01cd");
}

TEST(FrameDigest, ContentHashAlgorithmIsTheContentHash) {
  const std::vector<uint8_t> v = pattern(4099);
  EXPECT_EQ(digest_of(DigestAlgorithm::ContentHash, v), content_hash(v));
  EXPECT_NE(digest_of(DigestAlgorithm::ContentHash, v), digest_of(DigestAlgorithm::Xxh3_64, v));
}

TEST(FrameDigest, OneChangedByteChangesTheDigest) {
  std::vector<uint8_t> v = pattern(360000);
  const ContentHash before = digest_of(DigestAlgorithm::Xxh3_64, v);
  v[123457] ^= 0x01;
  EXPECT_NE(digest_of(DigestAlgorithm::Xxh3_64, v), before);
}

#if defined(VGPU_XXH3_AVX2)
TEST(FrameDigest, Avx2AndBaselineKernelsAgreeOnEverySize) {
  if (!__builtin_cpu_supports("avx2")) GTEST_SKIP() << "this CPU has no AVX2";
  // Every size up to 2 KiB crosses each of XXH3's size classes and stripe/block edges.
  const std::vector<uint8_t> v = pattern(1 << 20);
  for (size_t n = 0; n <= 2048; ++n) {
    ASSERT_EQ(xxh3_64_avx2(v.data(), n), xxh3_64_baseline(v.data(), n)) << n << " bytes";
  }
  for (size_t n : {4095u, 65536u, 360000u, 1u << 20}) {
    ASSERT_EQ(xxh3_64_avx2(v.data() + 1, n - 1), xxh3_64_baseline(v.data() + 1, n - 1))
        << n - 1 << " bytes, unaligned";
  }
}
#endif

}  // namespace
}  // namespace vgpu::trace
