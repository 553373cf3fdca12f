#include "replay/md5.h"

#include <gtest/gtest.h>

#include <string_view>

namespace vgpu::replay {
namespace {

std::string md5_of(std::string_view text) {
  return md5_hex({reinterpret_cast<const uint8_t*>(text.data()), text.size()});
}

// RFC 1321 appendix A.5 test suite (55, 56 and 64 bytes cross the padding boundaries).
TEST(Md5, Rfc1321Vectors) {
  EXPECT_EQ(md5_of(""), "d41d8cd98f00b204e9800998ecf8427e");
  EXPECT_EQ(md5_of("abc"), "900150983cd24fb0d6963f7d28e17f72");
  EXPECT_EQ(md5_of("message digest"), "f96b697d7cb7938d525a2f31aaf161d0");
  EXPECT_EQ(md5_of("12345678901234567890123456789012345678901234567890123456789012345678901234567890"),
            "57edf4a22be3c955ac49da2e2107b67a");
  EXPECT_EQ(md5_of(std::string(56, 'a')), "3b0c8ac703f828b04c6c197006d17218");
  EXPECT_EQ(md5_of(std::string(64, 'a')), "014842d480b571495a4a0363793f7367");
}

TEST(Md5, ImageAlphaIsForcedOpaque) {
  RgbaImage a = make_image(2, 1), b = make_image(2, 1);
  a.pixels = {1, 2, 3, 0, 4, 5, 6, 7};
  b.pixels = {1, 2, 3, 255, 4, 5, 6, 255};
  EXPECT_EQ(image_md5(a), image_md5(b));
  EXPECT_EQ(image_md5(b), md5_hex(b.pixels));
}

}  // namespace
}  // namespace vgpu::replay
