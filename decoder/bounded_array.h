// A fixed-capacity array for the protocol's bounded lists (vertex elements, viewports, slots).
// Decoding fills it without heap allocation, and the capacity is the protocol limit itself, so
// a count over the limit cannot be stored (the decoder rejects it before reading).
#pragma once

#include <algorithm>
#include <array>
#include <cstddef>
#include <cstdint>
#include <span>
#include <type_traits>

namespace vgpu::virgl {

template <class T, size_t N>
class BoundedArray {
 public:
  static constexpr size_t kCapacity = N;

  BoundedArray() {}  // elements past size() stay uninitialised: decoding fills what it uses
  BoundedArray(std::initializer_list<T> init) {
    for (const T& v : init) push_back(v);
  }
  // Copies move only the elements in use, not the whole capacity (a shader's stream-output
  // list is 64 x 24 bytes, almost always empty).
  BoundedArray(const BoundedArray& other) : size_(other.size_) {
    std::copy(other.begin(), other.end(), begin());
  }
  BoundedArray& operator=(const BoundedArray& other) {
    if (this != &other) {
      size_ = other.size_;
      std::copy(other.begin(), other.end(), begin());
    }
    return *this;
  }

  [[nodiscard]] size_t size() const { return size_; }
  [[nodiscard]] bool empty() const { return size_ == 0; }
  // Returns false (and leaves the array unchanged) if n is over the capacity.
  [[nodiscard]] bool resize(size_t n) {
    if (n > N) return false;
    for (size_t i = size_; i < n; ++i) store_.items[i] = T{};
    size_ = n;
    return true;
  }
  // As resize(), but elements in [size(), n) are left uninitialised: for a caller that assigns
  // every one of them next (the decoder's array reader), where the zeroing would be a memset
  // per command.
  [[nodiscard]] bool resize_for_overwrite(size_t n) {
    if (n > N) return false;
    size_ = n;
    return true;
  }
  bool push_back(const T& v) {
    if (size_ == N) return false;
    store_.items[size_++] = v;
    return true;
  }
  T& operator[](size_t i) { return store_.items[i]; }
  const T& operator[](size_t i) const { return store_.items[i]; }
  T* begin() { return store_.items.data(); }
  T* end() { return store_.items.data() + size_; }
  const T* begin() const { return store_.items.data(); }
  const T* end() const { return store_.items.data() + size_; }
  [[nodiscard]] std::span<const T> span() const { return {begin(), size_}; }

  friend bool operator==(const BoundedArray& a, const BoundedArray& b) {
    return a.size_ == b.size_ && std::equal(a.begin(), a.end(), b.begin());
  }

 private:
  // A union member is not initialised by the union's constructor, so a decoded payload does not
  // pay for zeroing capacity it does not use (a vertex-buffer list is 32 x 3 dwords).
  static_assert(std::is_trivially_copyable_v<T> && std::is_trivially_destructible_v<T>);
  union Store {
    Store() {}
    std::array<T, N> items;
  } store_;
  size_t size_ = 0;
};

}  // namespace vgpu::virgl
