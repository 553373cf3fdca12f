// How long a command's payload may be.  The protocol table (commands.def, objects.def) gives one
// rule per command; decode() checks it once, before any payload field is read.
#pragma once

#include <cstdint>
#include <string>

namespace vgpu::virgl {

struct LengthRule {
  enum class Kind : uint8_t { Exact, AtLeast, OneOf, Array, Any, ByObjectType };
  Kind kind = Kind::Any;
  uint32_t a = 0, b = 0, c = 0;  // Exact/AtLeast: a.  OneOf: a, b, c (0 = unused).
  uint32_t base = 0, stride = 0, max_count = 0, min_count = 0;  // Array

  [[nodiscard]] constexpr bool accepts(uint32_t len) const {
    switch (kind) {
      case Kind::Exact: return len == a;
      case Kind::AtLeast: return len >= a;
      case Kind::OneOf: return len == a || len == b || (c != 0 && len == c);
      case Kind::Array: {
        if (len < base || (len - base) % stride != 0) return false;
        const uint32_t count = (len - base) / stride;
        return count >= min_count && count <= max_count;
      }
      case Kind::Any:
      case Kind::ByObjectType: return true;
    }
    return false;
  }
  // Number of array elements a payload of `len` dwords holds (Array rules only).
  [[nodiscard]] constexpr uint32_t array_count(uint32_t len) const {
    return kind == Kind::Array && len >= base ? (len - base) / stride : 0;
  }
  // The smallest length this rule accepts (the "too short" boundary).
  [[nodiscard]] constexpr uint32_t min_length() const {
    switch (kind) {
      case Kind::Exact:
      case Kind::AtLeast: return a;
      case Kind::OneOf: return a;
      case Kind::Array: return base + stride * min_count;
      default: return 0;
    }
  }
  // "exactly 8", "at least 12", "12, 14 or 20", "1 + 6*n (n <= 16)", "any".
  [[nodiscard]] std::string describe() const;
  void describe_to(std::string& out) const;  // the same, appended
};

// The lengths a rule accepts, precomputed from LengthRule::accepts at compile time so the
// per-command check in decode() is one table lookup (no switch, no division).  Every length
// below kSmall is a bit; beyond it only "at least" and "any" rules accept anything (the table's
// arrays all end far below it; tests/decoder/protocol_test.cc checks every row).
class LengthSet {
 public:
  static constexpr uint32_t kSmall = 256;
  constexpr explicit LengthSet(const LengthRule& rule) {
    for (uint32_t len = 0; len < kSmall; ++len)
      if (rule.accepts(len)) bits_[len / 64] |= uint64_t{1} << (len % 64);
    large_ = rule.accepts(kSmall) && rule.accepts(0xffff);
  }
  [[nodiscard]] constexpr bool contains(uint32_t len) const {
    return len < kSmall ? (bits_[len / 64] >> (len % 64)) & 1 : large_;
  }
  // True when the rule and this set agree on every length up to the 16-bit maximum.
  [[nodiscard]] constexpr bool matches(const LengthRule& rule) const {
    for (uint32_t len = 0; len <= 0xffff; ++len)
      if (contains(len) != rule.accepts(len)) return false;
    return true;
  }

 private:
  uint64_t bits_[kSmall / 64] = {};
  bool large_ = false;
};

constexpr LengthRule exact(uint32_t n) { return {LengthRule::Kind::Exact, n}; }
constexpr LengthRule at_least(uint32_t n) { return {LengthRule::Kind::AtLeast, n}; }
constexpr LengthRule one_of(uint32_t a, uint32_t b, uint32_t c = 0) {
  return {LengthRule::Kind::OneOf, a, b, c};
}
constexpr LengthRule array(uint32_t base, uint32_t stride, uint32_t max_count,
                           uint32_t min_count = 0) {
  return {LengthRule::Kind::Array, 0, 0, 0, base, stride, max_count, min_count};
}
constexpr LengthRule any() { return {LengthRule::Kind::Any}; }
constexpr LengthRule by_object_type() { return {LengthRule::Kind::ByObjectType}; }

}  // namespace vgpu::virgl
