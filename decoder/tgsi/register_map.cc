#include "decoder/tgsi/register_map.h"

#include <algorithm>
#include <tuple>

namespace vgpu::tgsi {

RegisterMap::RegisterMap(const Shader& shader) {
  for (const Declaration& d : shader.declarations) {
    const auto f = static_cast<uint8_t>(d.file);
    by_file_[f].push_back({d.has_dimension ? d.dimension : 0, d.first, d.last, &d});
    if (d.has_dimension) two_d_[f] = true;
  }
  for (auto& entries : by_file_) {
    std::sort(entries.begin(), entries.end(), [](const Entry& a, const Entry& b) {
      return std::tie(a.dimension, a.first) < std::tie(b.dimension, b.first);
    });
  }
}

const Declaration* RegisterMap::find(RegisterFile file, uint32_t dimension, int64_t index) const {
  const auto f = static_cast<uint8_t>(file);
  if (f >= kRegisterFileCount || index < 0 || index > UINT32_MAX) return nullptr;
  const auto& entries = by_file_[f];
  const uint32_t dim = two_d_[f] ? dimension : 0;
  const auto reg = static_cast<uint32_t>(index);
  // The last entry at or before (dim, reg).
  auto it = std::upper_bound(entries.begin(), entries.end(), std::make_pair(dim, reg),
                             [](const std::pair<uint32_t, uint32_t>& key, const Entry& e) {
                               return key < std::make_pair(e.dimension, e.first);
                             });
  if (it == entries.begin()) return nullptr;
  --it;
  if (it->dimension != dim || reg > it->last) return nullptr;
  return it->decl;
}

std::pair<const Declaration*, const Declaration*> RegisterMap::first_overlap() const {
  std::pair<const Declaration*, const Declaration*> found{nullptr, nullptr};
  for (const auto& entries : by_file_) {
    for (size_t i = 1; i < entries.size(); ++i) {
      const Entry& a = entries[i - 1];
      const Entry& b = entries[i];
      if (a.dimension != b.dimension || b.first > a.last) continue;
      // Report the pair whose later declaration comes first in the text.
      const Declaration* later = a.decl < b.decl ? b.decl : a.decl;
      const Declaration* earlier = a.decl < b.decl ? a.decl : b.decl;
      if (found.second == nullptr || later < found.second) found = {earlier, later};
    }
  }
  return found;
}

}  // namespace vgpu::tgsi
