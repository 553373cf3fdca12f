// Typed results of the trace module.  Nothing here throws or asserts on file content: every
// problem is an Error whose message names the file, the block or byte offset, and what is wrong.
#pragma once

#include <string>
#include <utility>
#include <variant>

namespace vgpu::trace {

enum class ErrorCode {
  Io,            // open/read/write/seek failed (the message carries strerror)
  NotATrace,     // wrong magic
  Unsupported,   // another major version
  Corrupt,       // checksum mismatch, impossible size, bad record: the file is damaged
  TooLarge,      // a size over a configured limit (reader budget, writer limits)
  InvalidArgument,
  Closed,        // the writer was finalized or failed before
};

struct Error {
  ErrorCode code = ErrorCode::Corrupt;
  std::string message;
};

// Success or an Error.
class [[nodiscard]] Status {
 public:
  Status() = default;
  Status(Error error) : error_(std::move(error)), failed_(true) {}  // NOLINT: implicit on purpose
  [[nodiscard]] bool ok() const { return !failed_; }
  [[nodiscard]] const Error& error() const { return error_; }
  explicit operator bool() const { return ok(); }

 private:
  Error error_;
  bool failed_ = false;
};

// A value or an Error.
template <class T>
class [[nodiscard]] Result {
 public:
  Result(T value) : v_(std::move(value)) {}   // NOLINT: implicit on purpose
  Result(Error error) : v_(std::move(error)) {}  // NOLINT
  [[nodiscard]] bool ok() const { return v_.index() == 0; }
  explicit operator bool() const { return ok(); }
  [[nodiscard]] T& value() { return std::get<0>(v_); }
  [[nodiscard]] const T& value() const { return std::get<0>(v_); }
  [[nodiscard]] T& operator*() { return value(); }
  [[nodiscard]] T* operator->() { return &value(); }
  [[nodiscard]] const Error& error() const { return std::get<1>(v_); }

 private:
  std::variant<T, Error> v_;
};

}  // namespace vgpu::trace
