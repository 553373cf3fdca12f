// The field vocabulary every payload struct is described in.
//
// Each payload struct P (payloads_*.h) has one function
//     template <class V> void describe(V& v, P& p);
// that lists its fields in wire order with a name and a meaning.  That single description is
// walked by every consumer, each a different V:
//   PayloadReader  (decode)      reads and validates the fields from a Cursor,
//   PayloadWriter  (encoder)     writes them,
//   TextPrinter / JsonPrinter    (disassembler) print them by name,
//   the tests' randomiser        fills them for the per-command round-trip tests.
// So a field added once is decoded, encoded, printed and tested; nothing repeats the layout.
//
// The operations a V provides (name is a string literal):
//   u32 / i32 / f32 (name, field)            one dword
//   u64 / f64 (name, field)                  two dwords, low first
//   new_handle(name, field)                  a handle being created: must not be 0
//   handle(name, field, ObjectType)          a reference to an object of that kind (0 = none)
//   resource(name, field)                    a resource id (0 = none)
//   format(name, field)                      a pipe format: must be a known virgl format
//   choice(name, field, names)               an enum: must index `names`
//   flags(name, field, FlagName list)        a bit set, printed by flag name
//   object_type(field)                       the header's object type (BIND/DESTROY_OBJECT)
//   packed(name, fn)                         one dword of bit fields: fn(bits) calls
//                                            bits.bits(name, field, shift, width)
//   group(name, S)                           a nested described struct, printed as name.field
//   fixed(name, std::array<E, N>)            N elements (scalars or described structs)
//   array(name, BoundedArray)                elements filling the rest of the payload; the
//                                            length rule guarantees a whole number of them
//   count(name, BoundedArray) + items(...)   a count dword, checked against the capacity,
//                                            then that many elements
//   present(flag)                            an optional trailing group: reading, true when
//                                            payload remains; writing, the flag's value
//   tail_words / tail_bytes (name, span)     the rest of the payload, as a view (no copy)
//   counted_bytes(name, length, span)        a byte-length dword, then that many bytes padded
//                                            to whole dwords
//   require(ok, kind, message_fn)            a validity rule; the reader rejects the command
//                                            (ErrorTier::Command) when false, and only then
//                                            calls message_fn(std::string& m) to append why
//
// Writers and printers take the payload as const and do not modify it; describe() is written
// once for both and the consumers cast const away around the call (see PayloadWriter).
#pragma once

#include <array>
#include <cstdint>
#include <span>
#include <string>
#include <type_traits>

#include "decoder/bounded_array.h"
#include "decoder/decode_error.h"
#include "decoder/protocol.h"

namespace vgpu::virgl {

// Dwords one element of an array occupies: 1 for scalars, P::kDwords for described structs.
template <class E>
constexpr uint32_t element_dwords() {
  if constexpr (std::is_arithmetic_v<E>) {
    return sizeof(E) / 4;
  } else {
    return E::kDwords;
  }
}

// One element of a fixed or bounded array, through the walker's own field operations: scalars
// as u32/f32, described structs through their describe().  Every walker uses this.
template <class V, class E>
void walk_element(V& v, E& e) {
  if constexpr (std::is_same_v<E, float>) {
    v.f32("", e);
  } else if constexpr (std::is_same_v<E, uint32_t>) {
    v.u32("", e);
  } else {
    describe(v, e);
  }
}

}  // namespace vgpu::virgl
