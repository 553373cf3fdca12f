// Shader-buffer and shared-memory opcodes run in a compute shader on llvmpipe: every atomic
// against a C++ model of its definition (old value returned, new value stored), LOAD/STORE
// through BUFFER and shared MEMORY with MEMBAR and BARRIER between them, and RESQ's size.
#include <gtest/gtest.h>

#include <algorithm>
#include <bit>
#include <string>
#include <vector>

#include "tests/shader/opcode_coverage.h"
#include "tests/shader/shader_test_util.h"

namespace vgpu::shader::testing {
namespace {

// Word 0 holds kInitial; the atomic applies `operand` (and `swap` for CAS); the old value is
// stored at word 1.  Signed and unsigned orders disagree on kInitial (-16 or 4294967280).
constexpr uint32_t kInitial = 0xfffffff0u;
constexpr uint32_t kOperand = 5u;

struct AtomicRow {
  const char* opcode;
  uint32_t operand, swap;
  uint32_t (*apply)(uint32_t memory, uint32_t operand, uint32_t swap);
};

int32_t as_int(uint32_t v) { return std::bit_cast<int32_t>(v); }

const AtomicRow kAtomicRows[] = {
    {"ATOMUADD", kOperand, 0, [](uint32_t m, uint32_t v, uint32_t) { return m + v; }},
    {"ATOMXCHG", kOperand, 0, [](uint32_t, uint32_t v, uint32_t) { return v; }},
    // compare equal: swapped; then a compare that differs leaves memory alone
    {"ATOMCAS", kInitial, 9u, [](uint32_t m, uint32_t c, uint32_t s) { return m == c ? s : m; }},
    {"ATOMCAS", 1u, 9u, [](uint32_t m, uint32_t c, uint32_t s) { return m == c ? s : m; }},
    {"ATOMAND", 0x0000ff35u, 0, [](uint32_t m, uint32_t v, uint32_t) { return m & v; }},
    {"ATOMOR", 0x0000ff35u, 0, [](uint32_t m, uint32_t v, uint32_t) { return m | v; }},
    {"ATOMXOR", 0x0000ff35u, 0, [](uint32_t m, uint32_t v, uint32_t) { return m ^ v; }},
    {"ATOMUMIN", kOperand, 0, [](uint32_t m, uint32_t v, uint32_t) { return std::min(m, v); }},
    {"ATOMUMAX", kOperand, 0, [](uint32_t m, uint32_t v, uint32_t) { return std::max(m, v); }},
    {"ATOMIMIN", kOperand, 0,
     [](uint32_t m, uint32_t v, uint32_t) { return std::bit_cast<uint32_t>(std::min(as_int(m), as_int(v))); }},
    {"ATOMIMAX", kOperand, 0,
     [](uint32_t m, uint32_t v, uint32_t) { return std::bit_cast<uint32_t>(std::max(as_int(m), as_int(v))); }},
};

std::string atomic_shader(const AtomicRow& row) {
  const std::string cas = std::string(row.opcode) == "ATOMCAS" ? ", IMM[1].yyyy" : "";
  return compute_shader("DCL TEMP[0]\nIMM[0] UINT32 {0, 4, 8, 12}\nIMM[1] UINT32 {" +
                            std::to_string(row.operand) + ", " + std::to_string(row.swap) +
                            ", 0, 0}\n",
                        std::string(row.opcode) + " TEMP[0].x, BUFFER[0], IMM[0].xxxx, IMM[1].xxxx" +
                            cas + "\nSTORE BUFFER[0].x, IMM[0].yyyy, TEMP[0].xxxx\n");
}

void PrintTo(const AtomicRow& row, std::ostream* os) { *os << row.opcode << " " << row.operand; }

class AtomicOpcode : public ::testing::TestWithParam<AtomicRow> {};

TEST_P(AtomicOpcode, ReturnsTheOldValueAndStoresTheNewOne) {
  const AtomicRow& row = GetParam();
  std::string error;
  const TranslatedShader t = translate_text(atomic_shader(row), &error);
  ASSERT_FALSE(t.glsl.empty()) << error;
  const auto out = run_compute(t.glsl, {kInitial, 0, 0, 0}, &error);
  ASSERT_EQ(out.size(), 4u) << error;
  EXPECT_EQ(out[0], row.apply(kInitial, row.operand, row.swap));
  EXPECT_EQ(out[1], kInitial);
}

INSTANTIATE_TEST_SUITE_P(EveryAtomicOpcode, AtomicOpcode, ::testing::ValuesIn(kAtomicRows));

// Words 0..3 are loaded as one vector and stored back rotated to words 4..7 with a write mask
// that skips word 6; shared memory gets word 0 + 1 through an atomic after a barrier.  The
// shared space is declared as MEMORY[1] by Mesa (the index is the memory type) and named
// MEMORY[0] in its instructions; MEMORY[0] declared works the same.
constexpr const char* kLoadStoreDecls =
    "DCL TEMP[0..2]\nIMM[0] UINT32 {0, 16, 32, 1}\n";
constexpr const char* kLoadStoreBody =
    "LOAD TEMP[0], BUFFER[0], IMM[0].xxxx\n"
    "STORE BUFFER[0].xyw, IMM[0].yyyy, TEMP[0].yzwx\n"
    "STORE MEMORY[0].x, IMM[0].xxxx, TEMP[0].xxxx\n"
    "MEMBAR IMM[0].wwww\n"
    "BARRIER\n"
    "ATOMUADD TEMP[1].x, MEMORY[0], IMM[0].xxxx, IMM[0].wwww\n"
    "LOAD TEMP[2], MEMORY[0], IMM[0].xxxx\n"
    "STORE BUFFER[0].x, IMM[0].zzzz, TEMP[2].xxxx\n";

TEST(MemoryOpcodes, LoadStoreThroughBufferAndSharedMemory) {
  for (const char* shared : {"DCL MEMORY[1], SHARED\n", "DCL MEMORY[0], SHARED\n"}) {
    std::string error;
    const TranslatedShader t = translate_text(
        compute_shader(std::string(shared) + kLoadStoreDecls, kLoadStoreBody), &error);
    ASSERT_FALSE(t.glsl.empty()) << shared << error;
    EXPECT_GT(t.shared_memory_bytes, 0u);
    const std::vector<uint32_t> in = {11, 22, 33, 44, 0, 0, 0xaaaa, 0, 0};
    const auto out = run_compute(t.glsl, in, &error);
    ASSERT_EQ(out.size(), in.size()) << shared << error;
    EXPECT_EQ(out[4], 22u);
    EXPECT_EQ(out[5], 33u);
    EXPECT_EQ(out[6], 0xaaaau) << "z is not in the write mask";
    EXPECT_EQ(out[7], 11u);
    EXPECT_EQ(out[8], 12u) << shared;
  }
}

// Only shared memory has a GLSL counterpart: an access to another space is refused by line.
TEST(MemoryOpcodes, MemoryOtherThanSharedIsRefused) {
  std::string error;
  const TranslatedShader t = translate_text(
      compute_shader("DCL MEMORY[2], PRIVATE\nDCL TEMP[0]\nIMM[0] UINT32 {0, 0, 0, 0}\n",
                     "LOAD TEMP[0].x, MEMORY[2], IMM[0].xxxx\n"),
      &error);
  EXPECT_TRUE(t.glsl.empty());
  EXPECT_EQ(error,
            "translate: 9:17: MEMORY access without a SHARED memory declaration is not supported");
}

constexpr const char* kResqDecls = "DCL TEMP[0]\nIMM[0] UINT32 {0, 0, 0, 0}\n";
constexpr const char* kResqBody =
    "RESQ TEMP[0].x, BUFFER[0]\nSTORE BUFFER[0].x, IMM[0].xxxx, TEMP[0].xxxx\n";

TEST(MemoryOpcodes, ResqGivesTheBufferSizeInBytes) {
  std::string error;
  const TranslatedShader t = translate_text(compute_shader(kResqDecls, kResqBody), &error);
  ASSERT_FALSE(t.glsl.empty()) << error;
  for (size_t words : {4u, 12u}) {
    const auto out = run_compute(t.glsl, std::vector<uint32_t>(words, 0), &error);
    ASSERT_EQ(out.size(), words) << error;
    EXPECT_EQ(out[0], words * 4);
  }
}

}  // namespace

std::vector<CoveredOpcodes> memory_opcode_coverage() {
  std::vector<CoveredOpcodes> out;
  for (const AtomicRow& row : kAtomicRows) out.push_back({row.opcode, Coverage::Runs, atomic_shader(row)});
  out.push_back({"LOAD STORE MEMBAR BARRIER", Coverage::Runs,
                 compute_shader(std::string("DCL MEMORY[1], SHARED\n") + kLoadStoreDecls,
                                kLoadStoreBody)});
  out.push_back({"RESQ", Coverage::Runs, compute_shader(kResqDecls, kResqBody)});
  return out;
}

}  // namespace vgpu::shader::testing
