// Test helper: fills any payload struct with random values inside each field's domain by
// walking its describe(), so tests can be derived from the protocol table for every command.
#pragma once

#include <bit>
#include <cstdint>
#include <deque>
#include <random>
#include <span>
#include <vector>

#include "decoder/formats.h"
#include "decoder/payloads.h"
#include "decoder/schema.h"

namespace vgpu::virgl::testing {

class PayloadRandomizer {
 public:
  PayloadRandomizer(uint32_t seed, LengthRule rule) : rng_(seed), rule_(rule) {}

  template <class Payload>
  Payload make() {
    Payload p{};
    describe(*this, p);
    return p;
  }

  // Plain numbers are small half of the time, so fields that meet a limit (slots, counts)
  // also take values that pass it.
  void u32(const char*, uint32_t& f) { f = value(); }
  void i32(const char*, int32_t& f) { f = static_cast<int32_t>(word()); }
  void f32(const char*, float& f) { f = static_cast<float>(static_cast<int32_t>(word() % 20001) - 10000) / 8.0f; }
  void u64(const char*, uint64_t& f) { f = uint64_t{word()} << 32 | word(); }
  void f64(const char*, double& f) { f = static_cast<double>(word() % 1000001) / 1000000.0; }
  void new_handle(const char*, uint32_t& f) { f = 1 + word() % 100000; }
  void handle(const char*, uint32_t& f, ObjectType) { f = word() % 100000; }
  void resource(const char*, uint32_t& f) { f = word() % 100000; }
  void format(const char*, uint32_t& f) {
    do {
      f = word() % kFormatLimit;
    } while (!is_known_format(f));
  }
  template <size_t N>
  void choice(const char*, uint32_t& f, const std::array<std::string_view, N>&) {
    f = word() % N;
  }
  template <size_t N>
  void flags(const char*, uint32_t& f, const std::array<FlagName, N>&) { f = word(); }
  void object_type(uint32_t& f) { f = 1 + word() % (kObjectTypeCount - 1); }
  struct Bits {
    PayloadRandomizer& r;
    void bits(const char*, uint32_t& f, unsigned, unsigned width) {
      f = width == 32 ? r.value() : r.value() & ((1u << width) - 1);
    }
  };
  template <class Fn>
  void packed(const char*, Fn&& fn) {
    Bits b{*this};
    fn(b);
  }
  template <class S>
  void group(const char*, S& s) { describe(*this, s); }
  template <class E, size_t N>
  void fixed(const char*, std::array<E, N>& a) { for (E& e : a) walk_element(*this, e); }
  template <class E, size_t N>
  void array(const char*, BoundedArray<E, N>& a) {
    const uint32_t lo = rule_.kind == LengthRule::Kind::Array ? rule_.min_count : 0;
    const uint32_t hi = rule_.kind == LengthRule::Kind::Array ? rule_.max_count : N;
    (void)a.resize(lo + word() % (hi - lo + 1));
    for (E& e : a) walk_element(*this, e);
  }
  template <class E, size_t N>
  void count(const char*, BoundedArray<E, N>& a) { (void)a.resize(word() % (N + 1)); }
  template <class E, size_t N>
  void items(const char*, BoundedArray<E, N>& a) { for (E& e : a) walk_element(*this, e); }
  bool present(bool& flag) { return flag = (word() & 1) != 0; }
  void tail_words(const char*, std::span<const uint32_t>& s) {
    auto& store = storage_.emplace_back(1 + word() % 8);
    for (auto& w : store) w = word();
    s = store;
  }
  void tail_bytes(const char*, std::span<const uint8_t>& s) {
    auto& store = storage_.emplace_back(2 + word() % 7);
    for (auto& w : store) w = word() | 0x01010101u;  // no NUL inside: texts stay whole
    s = {reinterpret_cast<const uint8_t*>(store.data()), store.size() * 4};
  }
  void counted_bytes(const char*, uint32_t& length, std::span<const uint8_t>& s) {
    length = 1 + word() % 40;
    auto& store = storage_.emplace_back((length + 3) / 4);
    for (auto& w : store) w = word();
    s = std::span<const uint8_t>(reinterpret_cast<const uint8_t*>(store.data()), length);
  }
  template <class Fn>
  void require(bool, ErrorKind, Fn&&) {}

  uint32_t word() { return static_cast<uint32_t>(rng_()); }
  uint32_t value() { return (word() & 1) ? word() % 8 : word(); }

 private:
  std::mt19937 rng_;
  LengthRule rule_;
  std::deque<std::vector<uint32_t>> storage_;  // backing for the span fields
};

}  // namespace vgpu::virgl::testing
