// MD5, for one purpose: the frame checksums Mesa CI's trace checks use (piglit's replayer hashes
// a frame's decoded RGBA pixels with MD5), so that our checksum files read like theirs.  Not for
// anything where collisions matter.
#pragma once

#include <array>
#include <cstdint>
#include <span>
#include <string>

#include "replay/rgba_image.h"

namespace vgpu::replay {

using Md5Digest = std::array<uint8_t, 16>;

[[nodiscard]] Md5Digest md5(std::span<const uint8_t> data);
[[nodiscard]] std::string md5_hex(std::span<const uint8_t> data);

// The md5 of an image as Mesa CI computes it: the RGBA8 bytes, rows top first, with alpha set
// to 255 (its replayer forces the alpha of each screenshot opaque before hashing).
[[nodiscard]] std::string image_md5(const RgbaImage& image);

}  // namespace vgpu::replay
