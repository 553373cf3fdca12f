#include "renderer/draw_limits.h"

#include <algorithm>
#include <limits>

namespace vgpu::renderer {

std::string add_draw_invocations(uint64_t count, uint64_t instances, uint64_t budget,
                                 uint64_t& invocations) {
  constexpr uint64_t kMaxGlSizei = std::numeric_limits<int32_t>::max();
  if (count > kMaxGlSizei || instances > kMaxGlSizei) {
    return "count " + std::to_string(count) + " or instance count " + std::to_string(instances) +
           " exceeds GL's limit of " + std::to_string(kMaxGlSizei);
  }
  // Both factors are below 2^31: the product and the sum stay far below 2^64.
  invocations += count * std::max<uint64_t>(instances, 1);
  if (invocations > budget) {
    return std::to_string(invocations) + " vertex invocations exceed the per-draw budget of " +
           std::to_string(budget);
  }
  return {};
}

}  // namespace vgpu::renderer
