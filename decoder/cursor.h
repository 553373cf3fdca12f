// The one cursor every decode goes through: position and remaining size move together, and no
// read can pass the end.  A read past the end returns 0 and sets a sticky flag that the caller
// must check (finish()) before anything read is used; decode() never hands a payload whose cursor
// overran to a visitor, which is what keeps "0 on a short read that nobody checks" out.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>

namespace vgpu::virgl {

class Cursor {
 public:
  explicit Cursor(std::span<const uint32_t> words)
      : begin_(words.data()), pos_(words.data()), remaining_(words.size()) {}

  [[nodiscard]] size_t position() const { return static_cast<size_t>(pos_ - begin_); }
  [[nodiscard]] size_t remaining() const { return remaining_; }
  [[nodiscard]] bool empty() const { return remaining_ == 0; }
  [[nodiscard]] bool overrun() const { return overrun_; }

  uint32_t read() {
    if (remaining_ == 0) {
      overrun_ = true;
      return 0;
    }
    --remaining_;
    return *pos_++;
  }

  // The next n words as a view; an empty view (and the overrun flag) if fewer remain.
  std::span<const uint32_t> take(size_t n) {
    if (n > remaining_) {
      overrun_ = true;
      return {};
    }
    std::span<const uint32_t> out{pos_, n};
    pos_ += n;
    remaining_ -= n;
    return out;
  }

  std::span<const uint32_t> take_rest() { return take(remaining_); }

 private:
  const uint32_t* begin_;
  const uint32_t* pos_;
  size_t remaining_;
  bool overrun_ = false;
};

}  // namespace vgpu::virgl
