// Results of the vtest codec.  Nothing in the codec asserts or throws on input: every problem is a
// VtestError whose message names the message and what is wrong with it
// ("TRANSFER_PUT: length 12 does not match data_size 9 (expected 11 + 3 dwords)").
#pragma once

#include <string>
#include <utility>
#include <variant>

namespace vgpu::vtest {

struct VtestError {
  std::string message;
};

template <class T>
class [[nodiscard]] Parsed {
 public:
  Parsed(T value) : v_(std::move(value)) {}            // NOLINT: implicit on purpose
  Parsed(VtestError error) : v_(std::move(error)) {}   // NOLINT
  [[nodiscard]] bool ok() const { return v_.index() == 0; }
  explicit operator bool() const { return ok(); }
  [[nodiscard]] T& value() { return std::get<0>(v_); }
  [[nodiscard]] const T& value() const { return std::get<0>(v_); }
  [[nodiscard]] T* operator->() { return &value(); }
  [[nodiscard]] const T* operator->() const { return &value(); }
  [[nodiscard]] const VtestError& error() const { return std::get<1>(v_); }

 private:
  std::variant<T, VtestError> v_;
};

// How much of a stream one message takes: the answer of the framing functions, which are fed the
// bytes received so far.  Sized: the message is `bytes` long (it is whole once that many bytes are
// there; the size is known as soon as the parts that decide it are).  NeedMore: `bytes` must be
// received before the size can be known.  Invalid: the stream is broken, `error` says why.
struct Frame {
  enum class State { Sized, NeedMore, Invalid };
  State state = State::NeedMore;
  size_t bytes = 0;
  std::string error;    // Invalid: why
  static Frame sized(size_t n) { return {State::Sized, n, {}}; }
  static Frame need(size_t n) { return {State::NeedMore, n, {}}; }
  static Frame invalid(std::string why) { return {State::Invalid, 0, std::move(why)}; }
};

}  // namespace vgpu::vtest
