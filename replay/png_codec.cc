#include "replay/png_codec.h"

#include <png.h>

#include <cstring>
#include <fstream>

namespace vgpu::replay {
namespace {

// --reference images come from users: refuse sizes that would need more than this.
constexpr uint64_t kMaxPngPixels = 1ull << 28;

trace::Error png_error(trace::ErrorCode code, std::string message) {
  return trace::Error{code, std::move(message)};
}

png_image rgba_header(const RgbaImage& image) {
  png_image header;
  std::memset(&header, 0, sizeof header);
  header.version = PNG_IMAGE_VERSION;
  header.width = image.width;
  header.height = image.height;
  header.format = PNG_FORMAT_RGBA;
  return header;
}

}  // namespace

trace::Result<std::vector<uint8_t>> encode_png(const RgbaImage& image) {
  if (image.empty() || image.pixels.size() != uint64_t{image.width} * image.height * kRgbaBytes) {
    return png_error(trace::ErrorCode::InvalidArgument, "cannot encode an empty image as PNG");
  }
  png_image header = rgba_header(image);
  png_alloc_size_t size = 0;
  if (!png_image_write_to_memory(&header, nullptr, &size, 0, image.pixels.data(), 0, nullptr)) {
    return png_error(trace::ErrorCode::InvalidArgument,
                     std::string("PNG encoding failed: ") + header.message);
  }
  std::vector<uint8_t> out(size);
  if (!png_image_write_to_memory(&header, out.data(), &size, 0, image.pixels.data(), 0,
                                 nullptr)) {
    return png_error(trace::ErrorCode::InvalidArgument,
                     std::string("PNG encoding failed: ") + header.message);
  }
  out.resize(size);
  return out;
}

trace::Status write_png(const std::filesystem::path& path, const RgbaImage& image) {
  auto bytes = encode_png(image);
  if (!bytes) return bytes.error();
  std::ofstream file(path, std::ios::binary | std::ios::trunc);
  file.write(reinterpret_cast<const char*>(bytes->data()),
             static_cast<std::streamsize>(bytes->size()));
  if (!file) {
    return png_error(trace::ErrorCode::Io, path.string() + ": cannot write: " + std::strerror(errno));
  }
  return {};
}

trace::Result<RgbaImage> read_png(const std::filesystem::path& path) {
  png_image header;
  std::memset(&header, 0, sizeof header);
  header.version = PNG_IMAGE_VERSION;
  if (!png_image_begin_read_from_file(&header, path.c_str())) {
    return png_error(trace::ErrorCode::Io, path.string() + ": " + header.message);
  }
  if (uint64_t{header.width} * header.height > kMaxPngPixels) {
    png_image_free(&header);
    return png_error(trace::ErrorCode::TooLarge, path.string() + ": " +
                                                     std::to_string(header.width) + "x" +
                                                     std::to_string(header.height) +
                                                     " is larger than replay compares");
  }
  header.format = PNG_FORMAT_RGBA;
  RgbaImage image = make_image(header.width, header.height);
  if (!png_image_finish_read(&header, nullptr, image.pixels.data(), 0, nullptr)) {
    return png_error(trace::ErrorCode::Corrupt, path.string() + ": " + header.message);
  }
  return image;
}

}  // namespace vgpu::replay
