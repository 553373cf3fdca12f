// XXH3-64 compiled twice: for the baseline x86-64 (SSE2) and for AVX2 (xxh3_avx2.cc, built with
// -mavx2 and called only when the CPU has AVX2).  Plain C types only: nothing inline from a
// shared header may be compiled with AVX2, or the linker could keep that copy for every caller.
#pragma once

#include <cstddef>
#include <cstdint>

namespace vgpu::trace {

uint64_t xxh3_64_baseline(const void* data, size_t size);
uint64_t xxh3_64_avx2(const void* data, size_t size);

}  // namespace vgpu::trace
