// Events <-> records (format.h): the only code that knows how each event kind is laid out inside
// an Events block.  The writer appends records to its block in progress; the reader parses them
// out of a decompressed block, handing out payload views into it.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <vector>

#include "trace/content_hash.h"
#include "trace/events.h"
#include "trace/result.h"

namespace vgpu::trace {

// The variable-length part of an event (bytes, dwords, text, sync points) as bytes; empty for
// kinds without one.
[[nodiscard]] std::span<const uint8_t> event_payload(const EventBody& body);

// Where an earlier inline payload lives: block number and byte offset in its uncompressed data.
struct PayloadLocation {
  uint32_t block = 0;
  uint32_t offset = 0;
};

// Bytes the record of `event` takes (header, body, padding), with its payload inline or as a ref.
[[nodiscard]] size_t record_size(const Event& event, bool payload_as_ref);

// Appends the record of `event` to `out`.  With `ref`, the payload is stored as a reference to
// that location; otherwise inline.  `hash` (if any) is stored in the descriptor.  Returns the
// offset in `out` of the inline payload bytes (meaningless when stored as a ref).
size_t append_record(std::vector<uint8_t>& out, const Event& event, const ContentHash* hash,
                     const std::optional<PayloadLocation>& ref);

// Resolves payload references while parsing: returns the `size` bytes at `where`, or an Error.
class PayloadResolver {
 public:
  virtual ~PayloadResolver() = default;
  [[nodiscard]] virtual Result<std::span<const uint8_t>> resolve(PayloadLocation where,
                                                                 uint64_t size) = 0;
};

struct ParsedRecord {
  bool known = true;     // false: a record id of a later version, skipped (event untouched)
  size_t size = 0;       // bytes consumed, padding included
  bool was_ref = false;  // its payload was a reference
  PayloadLocation ref;   // when was_ref
  ContentHash hash;      // as stored (zero for small payloads)
};

// Parses the record at the start of `bytes` (which must be 8-byte aligned) into `event`.
// Every size is checked against `bytes` before use; errors describe the record, the caller adds
// the block and file offset.
[[nodiscard]] Result<ParsedRecord> parse_record(std::span<const uint8_t> bytes, Event& event,
                                                PayloadResolver& resolver);

}  // namespace vgpu::trace
