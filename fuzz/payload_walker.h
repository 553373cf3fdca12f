// The structural half of a describe() visitor (decoder/schema.h) for harnesses that only look at
// leaf fields: descend into groups, fixed and bounded arrays and present optional tails; ignore
// validity rules (the decoder has already applied them).  A harness derives from
// PayloadWalker<Itself> and provides the leaf operations (u32, handle, resource, ...) and count.
#pragma once

#include "decoder/schema.h"

namespace vgpu::fuzz {

template <class Derived>
class PayloadWalker {
 public:
  template <class S>
  void group(const char*, S& s) { describe(self(), s); }
  template <class A>
  void fixed(const char*, A& a) { for (auto& e : a) virgl::walk_element(self(), e); }
  template <class A>
  void array(const char*, A& a) { for (auto& e : a) virgl::walk_element(self(), e); }
  template <class A>
  void items(const char* n, A& a) { array(n, a); }
  bool present(bool& flag) { return flag; }
  template <class Fn>
  void require(bool, virgl::ErrorKind, Fn&&) {}

 private:
  Derived& self() { return static_cast<Derived&>(*this); }
};

}  // namespace vgpu::fuzz
