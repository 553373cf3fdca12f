// The one cursor every decode goes through: position and remaining size move together, and no
// read can pass the end.  A read past the end returns 0 and sets a sticky flag that the caller
// must check (overrun()) before anything read is used; decode() never hands a payload whose cursor
// overran to a visitor, which is what keeps "0 on a short read that nobody checks" out.
//
// A cursor can be told how many leading words its owner has already proven present (`known`):
// decode() checks every payload against its length rule before reading it, so the fixed fields
// of a payload need no second check.  Reads inside the known words skip the end test, and when
// `known` is a compile-time constant the compiler drops those tests entirely: for a fixed-size
// payload the length check is then the one bounds check, and its fields are plain loads.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>

namespace vgpu::virgl {

class Cursor {
 public:
  explicit Cursor(std::span<const uint32_t> words) : Cursor(words, 0) {}
  // `known` words beyond the span's size are not trusted: the cursor then checks every read.
  Cursor(std::span<const uint32_t> words, size_t known)
      : words_(words.data()), size_(words.size()), known_(known <= words.size() ? known : 0) {}

  [[nodiscard]] size_t position() const { return pos_; }
  [[nodiscard]] size_t remaining() const { return size_ - pos_; }
  [[nodiscard]] bool empty() const { return pos_ == size_; }
  [[nodiscard]] bool overrun() const { return overrun_; }

  // Positions are indices, not pointers: along a payload's fixed fields the position is then a
  // plain constant (0, 1, 2...) that the compiler compares with a constant `known` and folds.
  // Always inlined: clang's flatten does not reach through describe(), and an out-of-line read
  // keeps the cursor in memory and every check in place.
  [[gnu::always_inline]] uint32_t read() {
    // known_ <= size_, so the first test only ever saves the second.
    if (pos_ < known_) [[likely]] return words_[pos_++];
    if (pos_ < size_) return words_[pos_++];
    overrun_ = true;
    return 0;
  }

  // The owner has proven that the next n words are present: reads inside them then take one
  // comparison instead of two.  Ignored if n is over what remains.
  [[gnu::always_inline]] void know(size_t n) {
    if (n <= remaining()) known_ = pos_ + n;
  }

  // The next n words as a view; an empty view (and the overrun flag) if fewer remain.
  [[gnu::always_inline]] std::span<const uint32_t> take(size_t n) {
    if (n > remaining()) [[unlikely]] {
      overrun_ = true;
      return {};
    }
    std::span<const uint32_t> out{words_ + pos_, n};
    pos_ += n;
    return out;
  }

  std::span<const uint32_t> take_rest() { return take(remaining()); }

 private:
  const uint32_t* words_;
  size_t size_;
  size_t known_;  // reads below this index need no check (known_ <= size_)
  size_t pos_ = 0;
  bool overrun_ = false;
};

}  // namespace vgpu::virgl
