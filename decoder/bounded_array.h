// A fixed-capacity array for the protocol's bounded lists (vertex elements, viewports, slots).
// Decoding fills it without heap allocation, and the capacity is the protocol limit itself, so
// a count over the limit cannot be stored (the decoder rejects it before reading).
#pragma once

#include <algorithm>
#include <array>
#include <cstddef>
#include <cstdint>
#include <span>

namespace vgpu::virgl {

template <class T, size_t N>
class BoundedArray {
 public:
  static constexpr size_t kCapacity = N;

  BoundedArray() = default;
  BoundedArray(std::initializer_list<T> init) {
    for (const T& v : init) push_back(v);
  }

  [[nodiscard]] size_t size() const { return size_; }
  [[nodiscard]] bool empty() const { return size_ == 0; }
  // Returns false (and leaves the array unchanged) if n is over the capacity.
  [[nodiscard]] bool resize(size_t n) {
    if (n > N) return false;
    for (size_t i = size_; i < n; ++i) items_[i] = T{};
    size_ = n;
    return true;
  }
  bool push_back(const T& v) {
    if (size_ == N) return false;
    items_[size_++] = v;
    return true;
  }
  T& operator[](size_t i) { return items_[i]; }
  const T& operator[](size_t i) const { return items_[i]; }
  T* begin() { return items_.data(); }
  T* end() { return items_.data() + size_; }
  const T* begin() const { return items_.data(); }
  const T* end() const { return items_.data() + size_; }
  [[nodiscard]] std::span<const T> span() const { return {items_.data(), size_}; }

  friend bool operator==(const BoundedArray& a, const BoundedArray& b) {
    return a.size_ == b.size_ && std::equal(a.begin(), a.end(), b.begin());
  }

 private:
  std::array<T, N> items_;  // only the first size_ are meaningful
  size_t size_ = 0;
};

}  // namespace vgpu::virgl
