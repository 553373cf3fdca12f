// vgpu-check-vmm-trace TRACE: the interposer's trace of vgpu-vmm-like-host holds its calls, in
// order, with the pattern as the bytes of both transfers (gathered from three iovecs).
#include <cstdio>
#include <string>
#include <vector>

#include "tests/capture/event_recorder.h"
#include "tests/interposer/vmm_like_host.h"

using namespace vgpu::interposer::testing;

int main(int argc, char** argv) {
  if (argc != 2) {
    std::fprintf(stderr, "usage: vgpu-check-vmm-trace TRACE\n");
    return 2;
  }
  const auto events = vgpu::capture::testing::read_trace(argv[1]);
  if (!events.ok()) {
    std::fprintf(stderr, "vgpu-check-vmm-trace: FAIL: %s\n", events.error().message.c_str());
    return 1;
  }
  const std::vector<std::string> expected = {
      "CapsetInfo",       "ContextCreate", "ResourceCreate", "AttachResource", "TransferToHost",
      "TransferFromHost", "FrameEnd",      "FenceCreate",    "DetachResource", "ResourceUnref",
      "ContextDestroy"};
  const auto kinds = vgpu::capture::testing::kinds_of(events.value());
  int failures = 0;
  if (kinds != expected) {
    std::string got;
    for (const auto& k : kinds) got += k + " ";
    std::fprintf(stderr, "vgpu-check-vmm-trace: FAIL: events are: %s\n", got.c_str());
    return 1;
  }
  std::vector<uint8_t> pattern(kVmmBytes);
  for (size_t i = 0; i < pattern.size(); ++i) pattern[i] = vmm_pattern_byte(i);
  for (size_t i : {size_t{4}, size_t{5}}) {
    if (events.value()[i].payload != pattern) {
      std::fprintf(stderr, "vgpu-check-vmm-trace: FAIL: %s does not carry the pattern (%zu bytes)\n",
                   kinds[i].c_str(), events.value()[i].payload.size());
      ++failures;
    }
  }
  if (failures == 0) std::printf("OK: %zu events as expected, both transfers carry the pattern\n", kinds.size());
  return failures == 0 ? 0 : 1;
}
