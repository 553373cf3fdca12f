// Fuzzes the virgl command decoder.  Input (virgl_fuzz_input.h): one config byte, then the
// command buffer as little-endian dwords.
//   config bit 2: feed CREATE_OBJECT(SHADER) packets to the long-shader assembler
//   (bits 0 and 1 select the disassemblers in virgl_disasm_fuzzer.cc; ignored here)
// Every delivered payload is walked field by field (FieldToucher), including the views into the
// buffer, so a field the decoder pointed outside the input is caught by ASan.  The harness
// itself allocates nothing per input, so the fuzzer's time goes to the decoder; the
// string-heavy disassemblers have their own harness.
#include <cstddef>
#include <cstdint>
#include <span>
#include <type_traits>

#include "decoder/decode.h"
#include "decoder/shader_assembler.h"
#include "fuzz/payload_walker.h"
#include "fuzz/virgl_fuzz_input.h"

namespace {

using namespace vgpu::virgl;

class FieldToucher : public vgpu::fuzz::PayloadWalker<FieldToucher> {
 public:
  uint64_t sum = 0;
  template <class T>
  void u32(const char*, T& f) { mix(static_cast<uint64_t>(f)); }
  void i32(const char*, int32_t& f) { mix(static_cast<uint64_t>(f)); }
  void f32(const char*, float& f) { mix(static_cast<uint64_t>(f != f)); }
  void u64(const char*, uint64_t& f) { mix(f); }
  void f64(const char*, double& f) { mix(static_cast<uint64_t>(f != f)); }
  void new_handle(const char* n, uint32_t& f) { u32(n, f); }
  void handle(const char* n, uint32_t& f, ObjectType) { u32(n, f); }
  void resource(const char* n, uint32_t& f) { u32(n, f); }
  void format(const char* n, uint32_t& f) { u32(n, f); }
  template <class Names>
  void choice(const char* n, uint32_t& f, const Names&) { u32(n, f); }
  template <class Names>
  void flags(const char* n, uint32_t& f, const Names&) { u32(n, f); }
  void object_type(uint32_t& f) { mix(f); }
  struct Bits {
    FieldToucher& t;
    void bits(const char*, uint32_t& f, unsigned, unsigned) { t.mix(f); }
  };
  template <class Fn>
  void packed(const char*, Fn&& fn) {
    Bits b{*this};
    fn(b);
  }
  template <class A>
  void count(const char*, A& a) { mix(a.size()); }
  template <class T>
  void tail_words(const char*, std::span<const T>& s) { for (auto w : s) mix(w); }
  template <class T>
  void tail_bytes(const char* n, std::span<const T>& s) { tail_words(n, s); }
  void counted_bytes(const char* n, uint32_t& length, std::span<const uint8_t>& s) {
    mix(length);
    tail_words(n, s);
  }
  void mix(uint64_t v) { sum = sum * 1099511628211ull + v; }
};

class TouchingVisitor : public CommandVisitor {
 public:
  explicit TouchingVisitor(bool assemble) : assemble_(assemble) {}
  FieldToucher toucher;
  uint32_t sub_ctx = 0;

  void on_rejected(const DecodeError& e, const CommandLocation&) override {
    if (e.message.empty()) __builtin_trap();  // every error says what is wrong
    toucher.mix(e.message.size());
  }
#define VGPU_TOUCH(Payload) \
  void on(const Payload& p, const CommandLocation&) override { handle(p); }
#define VGPU_COMMAND(id, NAME, Payload, rule, status) VGPU_TOUCH(Payload)
#define VGPU_OBJECT(id, NAME, Payload, rule, bindable) VGPU_TOUCH(Payload)
#include "decoder/commands.def"
#include "decoder/objects.def"
#undef VGPU_COMMAND
#undef VGPU_OBJECT
#undef VGPU_TOUCH

 private:
  template <class P>
  void handle(const P& p) {
    describe(toucher, const_cast<P&>(p));
    if constexpr (std::is_same_v<P, SetSubCtx>) sub_ctx = p.sub_ctx;
    if constexpr (std::is_same_v<P, DestroySubCtx>) {
      if (assemble_) assembler_.forget_sub_context(p.sub_ctx);
    }
    if constexpr (std::is_same_v<P, CreateShader>) {
      if (assemble_) {
        const AssembledShader r = assembler_.add(sub_ctx, p);
        toucher.mix(r.text.size() + r.error.size());
      }
    }
  }
  bool assemble_;
  ShaderAssembler assembler_;
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size < 1) return 0;
  const vgpu::fuzz::VirglInput input = vgpu::fuzz::virgl_input(data, size);
  TouchingVisitor visitor((input.config & 4) != 0);
  const DecodeSummary summary = decode(input.words, visitor);
  if (summary.stream_error && summary.stream_error->message.empty()) __builtin_trap();
  if (summary.rejected > summary.commands) __builtin_trap();
  return 0;
}
