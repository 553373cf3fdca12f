// vgpu-compare-captures: checks that a vgpu-capture trace and an interposer trace of the same
// guest hold equivalent event streams (capture_equivalence.h says what is normalised).
//
//   vgpu-compare-captures PROXY.vtrc INTERPOSER.vtrc
//
// Exit status 0: equivalent; 1: they differ (the first difference is printed) or a trace cannot
// be read; 2: usage.
#include <cstdio>

#include "tests/interposer/capture_equivalence.h"

int main(int argc, char** argv) {
  if (argc != 3) {
    std::fprintf(stderr, "usage: vgpu-compare-captures PROXY.vtrc INTERPOSER.vtrc\n");
    return 2;
  }
  const auto proxy = vgpu::capture::testing::read_trace(argv[1]);
  const auto interposer = vgpu::capture::testing::read_trace(argv[2]);
  for (const auto* t : {&proxy, &interposer}) {
    if (!t->ok()) {
      std::fprintf(stderr, "vgpu-compare-captures: FAIL: %s: %s\n", argv[t == &proxy ? 1 : 2],
                   t->error().message.c_str());
      return 1;
    }
  }
  if (const auto diff = vgpu::interposer::testing::first_difference(proxy.value(), interposer.value())) {
    std::fprintf(stderr, "vgpu-compare-captures: FAIL: %s\n", diff->c_str());
    return 1;
  }
  std::printf("OK: %zu proxy events and %zu interposer events are equivalent (%zu after "
              "normalisation)\n",
              proxy.value().size(), interposer.value().size(),
              vgpu::interposer::testing::normalized(proxy.value()).size());
  return 0;
}
