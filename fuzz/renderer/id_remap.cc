#include "fuzz/renderer/id_remap.h"

#include <algorithm>
#include <string_view>

#include "decoder/decode.h"
#include "decoder/encoder.h"
#include "fuzz/payload_walker.h"

namespace vgpu::fuzz {
namespace {

using namespace vgpu::virgl;

// Walks a decoded payload through describe() and folds every handle and resource field.  The
// other operations only descend into nested fields.
class IdFolder : public PayloadWalker<IdFolder> {
 public:
  template <class T>
  void u32(const char*, T&) {}
  void i32(const char*, int32_t&) {}
  void f32(const char*, float&) {}
  void u64(const char*, uint64_t&) {}
  void f64(const char*, double&) {}
  void new_handle(const char*, uint32_t& f) { f = fold_new_handle(f); }
  void handle(const char*, uint32_t& f, ObjectType) { f = fold_id(f, kHandleSpace); }
  void resource(const char*, uint32_t& f) { f = fold_id(f, kResourceSpace); }
  void format(const char*, uint32_t&) {}
  template <class Names>
  void choice(const char*, uint32_t&, const Names&) {}
  template <class Names>
  void flags(const char*, uint32_t&, const Names&) {}
  void object_type(uint32_t&) {}
  struct Bits {
    void bits(const char*, uint32_t&, unsigned, unsigned) {}
  };
  template <class Fn>
  void packed(const char*, Fn&& fn) {
    Bits b;
    fn(b);
  }
  template <class A>
  void count(const char*, A&) {}
  template <class T>
  void tail_words(const char*, std::span<const T>&) {}
  template <class T>
  void tail_bytes(const char*, std::span<const T>&) {}
  void counted_bytes(const char*, uint32_t&, std::span<const uint8_t>&) {}
};

class Remapper : public CommandVisitor {
 public:
  Remapper(std::span<const uint32_t> words, std::vector<uint32_t>& out)
      : words_(words), out_(out) {}

  void on_rejected(const DecodeError&, const CommandLocation& where) override {
    copy_raw(where);
  }
#define VGPU_REMAP(Payload) \
  void on(const Payload& p, const CommandLocation&) override { fold(p); }
#define VGPU_COMMAND(id, NAME, Payload, rule, status) VGPU_REMAP(Payload)
#define VGPU_OBJECT(id, NAME, Payload, rule, bindable) VGPU_REMAP(Payload)
#include "decoder/commands.def"
#include "decoder/objects.def"
#undef VGPU_COMMAND
#undef VGPU_OBJECT
#undef VGPU_REMAP

 private:
  template <class P>
  void fold(const P& p) {
    P copy = p;
    IdFolder folder;
    describe(folder, copy);
    Encoder enc;
    enc.add(copy);
    const auto w = enc.words();
    out_.insert(out_.end(), w.begin(), w.end());
  }
  void copy_raw(const CommandLocation& where) {
    const size_t end = std::min(words_.size(), size_t{where.offset} + 1 + where.payload.size());
    out_.insert(out_.end(), words_.begin() + where.offset, words_.begin() + static_cast<long>(end));
  }
  std::span<const uint32_t> words_;
  std::vector<uint32_t>& out_;
};

}  // namespace

void remap_ids(std::span<const uint32_t> words, std::vector<uint32_t>& out) {
  Remapper remapper(words, out);
  const DecodeSummary summary = decode(words, remapper);
  // A malformed command ends decoding: the rest goes through unchanged so the renderer's own
  // stream checks see it too.
  if (summary.stream_error && summary.stream_error->offset < words.size()) {
    out.insert(out.end(), words.begin() + summary.stream_error->offset, words.end());
  }
}

}  // namespace vgpu::fuzz
