#include "renderer/resource_table.h"

#include <algorithm>
#include <bit>

#include "renderer/transfer_layout.h"

namespace vgpu::renderer {
namespace {

// pipe_texture_target values.
enum Target : uint32_t { kBuffer, k1d, k2d, k3d, kCube, kRect, k1dArray, k2dArray, kCubeArray };
constexpr uint32_t kMaxSamples = 8;

std::string check_shape(const trace::ResourceCreate& a) {
  if (a.target > kCubeArray) return "target " + std::to_string(a.target) + " is unknown";
  if (a.width == 0 || a.height == 0 || a.depth == 0) return "a size is zero";
  if (a.target == kBuffer) {
    if (a.height != 1 || a.depth != 1 || a.array_size > 1 || a.last_level != 0 ||
        a.nr_samples > 1) {
      return "a buffer must be width x 1 x 1, one layer, one level, one sample";
    }
    return {};
  }
  const uint32_t max_size = a.target == k3d ? kMaxSize3d : kMaxSize2d;
  if (a.width > max_size || a.height > max_size || a.depth > max_size) {
    return "size " + std::to_string(a.width) + "x" + std::to_string(a.height) + "x" +
           std::to_string(a.depth) + " exceeds the limit " + std::to_string(max_size);
  }
  const bool one_d = a.target == k1d || a.target == k1dArray;
  if (one_d && a.height != 1) return "a 1D texture must have height 1";
  if (a.target != k3d && a.depth != 1) return "only 3D textures have a depth";
  const bool arrayed = a.target == k1dArray || a.target == k2dArray || a.target == kCubeArray;
  if (a.array_size > kMaxLayers) return "array_size exceeds " + std::to_string(kMaxLayers);
  if (!arrayed && a.target != kCube && a.array_size > 1) return "array_size on a non-array target";
  if (a.target == kCube && (a.width != a.height || (a.array_size != 1 && a.array_size != 6))) {
    return "a cube map must be square with 6 faces";
  }
  if (a.target == kCubeArray && (a.width != a.height || a.array_size % 6 != 0 ||
                                 a.array_size == 0)) {
    return "a cube map array must be square with a multiple of 6 faces";
  }
  const uint32_t largest = std::max({a.width, one_d ? 1u : a.height, a.target == k3d ? a.depth : 1u});
  const uint32_t levels = static_cast<uint32_t>(std::bit_width(largest));
  if (a.last_level >= levels) {
    return "last_level " + std::to_string(a.last_level) + " needs more than " +
           std::to_string(levels) + " levels";
  }
  if (a.nr_samples > 1) {
    if (a.target != k2d && a.target != k2dArray) return "only 2D textures can be multisampled";
    if (a.nr_samples > kMaxSamples || a.last_level != 0) {
      return "nr_samples " + std::to_string(a.nr_samples) + " is unsupported";
    }
  }
  if (a.target == kRect && a.last_level != 0) return "a rectangle texture has one level";
  return {};
}

}  // namespace

Resource::Resource(const trace::ResourceCreate& a, const GlFormat* f, uint64_t b,
                   MemoryAccount& acc)
    : args(a), format(f), bytes(b), account(acc) {
  account.used += bytes;
}

Resource::~Resource() {
  release_storage(*this);
  account.used -= bytes + mirror.size();
}

std::string ResourceTable::create(const trace::ResourceCreate& args) {
  if (args.res_id == 0) return "resource id 0 is reserved";
  if (resources_.count(args.res_id) != 0) {
    return "resource " + std::to_string(args.res_id) + " already exists";
  }
  if (resources_.size() >= budgets_.max_resources) {
    return "the resource budget (" + std::to_string(budgets_.max_resources) + ") is spent";
  }
  if (std::string why = check_shape(args); !why.empty()) return why;
  const GlFormat* format = find_gl_format(args.format);
  if (args.target != kBuffer && format == nullptr) {
    return "format " + std::to_string(args.format) + " is not supported";
  }
  // GL keeps block-compressed images in 2D slices only (no 1D, 3D, rectangle or samples).
  if (args.target != kBuffer && format->has(kCompressed) &&
      ((args.target != k2d && args.target != k2dArray && args.target != kCube &&
        args.target != kCubeArray) ||
       args.nr_samples > 1)) {
    return "compressed format " + std::to_string(args.format) + " needs a 2D, 2D array or cube target";
  }
  if (format != nullptr) {
    if (std::string why = host_refusal(args, *format); !why.empty()) return why;
  }
  const uint64_t bytes = storage_bytes(args, format ? format->block() : TexelBlock{1, 1, 1});
  if (bytes > budgets_.max_resource_bytes) {
    return std::to_string(bytes) + " bytes exceed the per-resource budget";
  }
  if (bytes > budgets_.max_total_bytes - std::min(budgets_.max_total_bytes, account_.used)) {
    return std::to_string(bytes) + " more bytes exceed the total memory budget";
  }
  auto res = std::make_shared<Resource>(args, args.target == kBuffer ? nullptr : format, bytes,
                                        account_);
  if (!allocate_storage(*res)) return "the host could not allocate the storage";
  resources_.emplace(args.res_id, std::move(res));
  return {};
}

std::string ResourceTable::unref(uint32_t res_id) {
  if (resources_.erase(res_id) == 0) {
    return "resource " + std::to_string(res_id) + " does not exist";
  }
  return {};
}

std::shared_ptr<Resource> ResourceTable::find(uint32_t res_id) const {
  auto it = resources_.find(res_id);
  return it == resources_.end() ? nullptr : it->second;
}

std::string ResourceTable::reserve_mirror(Resource& res, uint64_t offset, uint64_t size) {
  uint64_t end = 0;
  if (__builtin_add_overflow(offset, size, &end)) return "the backing range overflows";
  if (end <= res.mirror.size()) return {};
  const uint64_t growth = end - res.mirror.size();
  if (end > budgets_.max_resource_bytes ||
      growth > budgets_.max_total_bytes - std::min(budgets_.max_total_bytes, account_.used)) {
    return "a backing of " + std::to_string(end) + " bytes exceeds the memory budget";
  }
  res.mirror.resize(end, 0);
  account_.used += growth;
  return {};
}

}  // namespace vgpu::renderer
