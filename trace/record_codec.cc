#include "trace/record_codec.h"

#include <array>
#include <cstring>
#include <string>
#include <type_traits>
#include <utility>
#include <variant>

#include "trace/format.h"

namespace vgpu::trace {
namespace {

namespace f = format;
using f::RecordId;

Bytes as_bytes_of(std::string_view s) {
  return {reinterpret_cast<const uint8_t*>(s.data()), s.size()};
}
template <class T>
Bytes as_bytes_of(std::span<const T> s) {
  return {reinterpret_cast<const uint8_t*>(s.data()), s.size_bytes()};
}
std::string_view as_text(Bytes b) { return {reinterpret_cast<const char*>(b.data()), b.size()}; }

// A payload as an array of T, when its size and address allow it.
template <class T>
std::optional<std::span<const T>> as_array(Bytes b) {
  if (b.size() % sizeof(T) != 0 || reinterpret_cast<uintptr_t>(b.data()) % alignof(T) != 0) {
    return std::nullopt;
  }
  return std::span<const T>(reinterpret_cast<const T*>(b.data()), b.size() / sizeof(T));
}

// One Codec per event kind: its record id, its fixed struct, and the two conversions.  Kinds
// without a payload have kHasPayload = false and ignore the Bytes argument.
template <class E>
struct Codec;

#define VGPU_NO_PAYLOAD                             \
  static constexpr bool kHasPayload = false;        \
  static Bytes payload(const Event_&) { return {}; }

template <>
struct Codec<CapsetInfo> {
  using Event_ = CapsetInfo;
  static constexpr RecordId kId = RecordId::CapsetInfo;
  using Fixed = f::CapsetInfoRecord;
  static constexpr bool kHasPayload = true;
  static Bytes payload(const Event_& e) { return e.data; }
  static Fixed to(const Event_& e) { return {e.capset_id, e.version}; }
  static bool from(const Fixed& r, Bytes p, Event_& e) {
    e = {r.capset_id, r.version, p};
    return true;
  }
};
template <>
struct Codec<ContextCreate> {
  using Event_ = ContextCreate;
  static constexpr RecordId kId = RecordId::ContextCreate;
  using Fixed = f::ContextCreateRecord;
  static constexpr bool kHasPayload = true;
  static Bytes payload(const Event_& e) { return as_bytes_of(e.name); }
  static Fixed to(const Event_& e) { return {e.ctx_id, e.capset_id}; }
  static bool from(const Fixed& r, Bytes p, Event_& e) {
    e = {r.ctx_id, r.capset_id, as_text(p)};
    return true;
  }
};
template <>
struct Codec<ContextDestroy> {
  using Event_ = ContextDestroy;
  static constexpr RecordId kId = RecordId::ContextDestroy;
  using Fixed = f::ContextDestroyRecord;
  VGPU_NO_PAYLOAD
  static Fixed to(const Event_& e) { return {e.ctx_id, 0}; }
  static bool from(const Fixed& r, Bytes, Event_& e) {
    e = {r.ctx_id};
    return true;
  }
};
template <>
struct Codec<ResourceCreate> {
  using Event_ = ResourceCreate;
  static constexpr RecordId kId = RecordId::ResourceCreate;
  using Fixed = f::ResourceCreateRecord;
  VGPU_NO_PAYLOAD
  static Fixed to(const Event_& e) {
    return {e.res_id, e.target,     e.format,     e.bind,       e.width, e.height,
            e.depth,  e.array_size, e.last_level, e.nr_samples, e.flags, 0};
  }
  static bool from(const Fixed& r, Bytes, Event_& e) {
    e = {r.res_id, r.target,     r.format,     r.bind,       r.width, r.height,
         r.depth,  r.array_size, r.last_level, r.nr_samples, r.flags};
    return true;
  }
};
template <>
struct Codec<ResourceCreateBlob> {
  using Event_ = ResourceCreateBlob;
  static constexpr RecordId kId = RecordId::ResourceCreateBlob;
  using Fixed = f::ResourceCreateBlobRecord;
  VGPU_NO_PAYLOAD
  static Fixed to(const Event_& e) {
    return {e.res_id, e.ctx_id, e.blob_mem, e.blob_flags, e.blob_id, e.size};
  }
  static bool from(const Fixed& r, Bytes, Event_& e) {
    e = {r.res_id, r.ctx_id, r.blob_mem, r.blob_flags, r.blob_id, r.size};
    return true;
  }
};
template <>
struct Codec<ResourceUnref> {
  using Event_ = ResourceUnref;
  static constexpr RecordId kId = RecordId::ResourceUnref;
  using Fixed = f::ResourceUnrefRecord;
  VGPU_NO_PAYLOAD
  static Fixed to(const Event_& e) { return {e.res_id, 0}; }
  static bool from(const Fixed& r, Bytes, Event_& e) {
    e = {r.res_id};
    return true;
  }
};
template <class E, RecordId Id>
struct AttachCodec {
  using Event_ = E;
  static constexpr RecordId kId = Id;
  using Fixed = f::AttachRecord;
  VGPU_NO_PAYLOAD
  static Fixed to(const Event_& e) { return {e.ctx_id, e.res_id}; }
  static bool from(const Fixed& r, Bytes, Event_& e) {
    e = {r.ctx_id, r.res_id};
    return true;
  }
};
template <>
struct Codec<AttachResource> : AttachCodec<AttachResource, RecordId::AttachResource> {};
template <>
struct Codec<DetachResource> : AttachCodec<DetachResource, RecordId::DetachResource> {};

template <class E, RecordId Id>
struct TransferCodec {
  using Event_ = E;
  static constexpr RecordId kId = Id;
  using Fixed = f::TransferRecord;
  static constexpr bool kHasPayload = true;
  static Bytes payload(const Event_& e) { return e.data; }
  static Fixed to(const Event_& e) {
    return {e.ctx_id,    e.res_id,     e.level,        e.stride,       e.layer_stride,
            e.box.x,     e.box.y,      e.box.z,        e.box.width,    e.box.height,
            e.box.depth, 0,            e.offset};
  }
  static bool from(const Fixed& r, Bytes p, Event_& e) {
    e = {};
    e.ctx_id = r.ctx_id;
    e.res_id = r.res_id;
    e.level = r.level;
    e.box = {r.x, r.y, r.z, r.width, r.height, r.depth};
    e.stride = r.stride;
    e.layer_stride = r.layer_stride;
    e.offset = r.offset;
    e.data = p;
    return true;
  }
};
template <>
struct Codec<TransferToHost> : TransferCodec<TransferToHost, RecordId::TransferToHost> {};
template <>
struct Codec<ReadbackDigest> {
  using Event_ = ReadbackDigest;
  static constexpr RecordId kId = RecordId::ReadbackDigest;
  using Fixed = f::ReadbackDigestRecord;
  VGPU_NO_PAYLOAD
  static Fixed to(const Event_& e) {
    return {TransferCodec<ReadbackDigest, kId>::to(e), e.size, {e.digest.lo, e.digest.hi}};
  }
  static bool from(const Fixed& r, Bytes, Event_& e) {
    TransferCodec<ReadbackDigest, kId>::from(r.region, {}, e);
    e.size = r.size;
    e.digest = {r.digest[0], r.digest[1]};
    return true;
  }
};
template <>
struct Codec<TransferFromHost> : TransferCodec<TransferFromHost, RecordId::TransferFromHost> {};

template <>
struct Codec<Submit> {
  using Event_ = Submit;
  static constexpr RecordId kId = RecordId::Submit;
  using Fixed = f::SubmitRecord;
  static constexpr bool kHasPayload = true;
  static Bytes payload(const Event_& e) { return as_bytes_of(e.dwords); }
  static Fixed to(const Event_& e) { return {e.ctx_id, 0}; }
  static bool from(const Fixed& r, Bytes p, Event_& e) {
    auto dwords = as_array<uint32_t>(p);
    if (!dwords) return false;
    e = {r.ctx_id, *dwords};
    return true;
  }
};
template <>
struct Codec<FenceCreate> {
  using Event_ = FenceCreate;
  static constexpr RecordId kId = RecordId::FenceCreate;
  using Fixed = f::FenceCreateRecord;
  VGPU_NO_PAYLOAD
  static Fixed to(const Event_& e) { return {e.fence_id, e.ctx_id, e.ring_idx, e.flags, 0}; }
  static bool from(const Fixed& r, Bytes, Event_& e) {
    e = {r.ctx_id, r.ring_idx, r.flags, r.fence_id};
    return true;
  }
};
template <class E, RecordId Id>
struct SyncValueCodec {
  using Event_ = E;
  static constexpr RecordId kId = Id;
  using Fixed = f::SyncValueRecord;
  VGPU_NO_PAYLOAD
  static Fixed to(const Event_& e) { return {e.sync_id, e.value}; }
  static bool from(const Fixed& r, Bytes, Event_& e) {
    e = {r.sync_id, r.value};
    return true;
  }
};
template <>
struct Codec<SyncCreate> : SyncValueCodec<SyncCreate, RecordId::SyncCreate> {};
template <>
struct Codec<SyncWrite> : SyncValueCodec<SyncWrite, RecordId::SyncWrite> {};
template <>
struct Codec<SyncWait> {
  using Event_ = SyncWait;
  static constexpr RecordId kId = RecordId::SyncWait;
  using Fixed = f::SyncWaitRecord;
  static constexpr bool kHasPayload = true;
  static Bytes payload(const Event_& e) { return as_bytes_of(e.points); }
  static Fixed to(const Event_& e) { return {e.timeout_ns, e.flags, 0}; }
  static bool from(const Fixed& r, Bytes p, Event_& e) {
    auto points = as_array<SyncPoint>(p);
    if (!points) return false;
    e = {r.flags, r.timeout_ns, *points};
    return true;
  }
};
template <>
struct Codec<SyncUnref> {
  using Event_ = SyncUnref;
  static constexpr RecordId kId = RecordId::SyncUnref;
  using Fixed = f::SyncUnrefRecord;
  VGPU_NO_PAYLOAD
  static Fixed to(const Event_& e) { return {e.sync_id}; }
  static bool from(const Fixed& r, Bytes, Event_& e) {
    e = {r.sync_id};
    return true;
  }
};
template <>
struct Codec<SetScanout> {
  using Event_ = SetScanout;
  static constexpr RecordId kId = RecordId::SetScanout;
  using Fixed = f::SetScanoutRecord;
  VGPU_NO_PAYLOAD
  static Fixed to(const Event_& e) {
    return {e.scanout_id, e.res_id, e.x, e.y, e.width, e.height};
  }
  static bool from(const Fixed& r, Bytes, Event_& e) {
    e = {r.scanout_id, r.res_id, r.x, r.y, r.width, r.height};
    return true;
  }
};
template <>
struct Codec<ResourceFlush> {
  using Event_ = ResourceFlush;
  static constexpr RecordId kId = RecordId::ResourceFlush;
  using Fixed = f::ResourceFlushRecord;
  VGPU_NO_PAYLOAD
  static Fixed to(const Event_& e) { return {e.res_id, e.x, e.y, e.width, e.height, 0}; }
  static bool from(const Fixed& r, Bytes, Event_& e) {
    e = {r.res_id, r.x, r.y, r.width, r.height};
    return true;
  }
};
template <>
struct Codec<FrameEnd> {
  using Event_ = FrameEnd;
  static constexpr RecordId kId = RecordId::FrameEnd;
  using Fixed = f::FrameEndRecord;
  VGPU_NO_PAYLOAD
  static Fixed to(const Event_& e) { return {e.frame}; }
  static bool from(const Fixed& r, Bytes, Event_& e) {
    e = {r.frame};
    return true;
  }
};
// Marker has no fixed part; an empty struct would add a byte, so it gets a zero-size stand-in.
struct NoFixed {};
template <>
struct Codec<Marker> {
  using Event_ = Marker;
  static constexpr RecordId kId = RecordId::Marker;
  using Fixed = NoFixed;
  static constexpr bool kHasPayload = true;
  static Bytes payload(const Event_& e) { return as_bytes_of(e.text); }
  static Fixed to(const Event_&) { return {}; }
  static bool from(const Fixed&, Bytes p, Event_& e) {
    e = {as_text(p)};
    return true;
  }
};
template <>
struct Codec<BackingWrite> {
  using Event_ = BackingWrite;
  static constexpr RecordId kId = RecordId::BackingWrite;
  using Fixed = f::BackingWriteRecord;
  static constexpr bool kHasPayload = true;
  static Bytes payload(const Event_& e) { return e.data; }
  static Fixed to(const Event_& e) { return {e.ctx_id, e.res_id, e.offset}; }
  static bool from(const Fixed& r, Bytes p, Event_& e) {
    e = {r.ctx_id, r.res_id, r.offset, p};
    return true;
  }
};
#undef VGPU_NO_PAYLOAD

template <class C>
constexpr size_t fixed_size() {
  return std::is_same_v<typename C::Fixed, NoFixed> ? 0 : sizeof(typename C::Fixed);
}

constexpr size_t pad8(size_t n) { return (n + 7) & ~size_t{7}; }

// Record id -> variant index, built from the Codecs so the two can never disagree.
template <size_t... I>
constexpr auto make_id_table(std::index_sequence<I...>) {
  std::array<int, f::kMaxKnownRecordId + 1> t{};
  for (auto& v : t) v = -1;
  ((t[static_cast<size_t>(Codec<std::variant_alternative_t<I, EventBody>>::kId)] =
        static_cast<int>(I)),
   ...);
  return t;
}
// Record 23 is record 22 with another digest algorithm: one event, two ids.
constexpr auto kIdToIndex = [] {
  auto t = make_id_table(std::make_index_sequence<kEventKindCount>{});
  t[static_cast<size_t>(RecordId::ReadbackDigestXxh3)] =
      t[static_cast<size_t>(RecordId::ReadbackDigest)];
  return t;
}();

// The id an event is written with: its Codec's, except for the digest algorithm's second id.
template <class E>
constexpr RecordId record_id_of(const E&) {
  return Codec<E>::kId;
}
template <>
constexpr RecordId record_id_of(const ReadbackDigest& e) {
  return e.algorithm == DigestAlgorithm::Xxh3_64 ? RecordId::ReadbackDigestXxh3
                                                  : RecordId::ReadbackDigest;
}

template <class E>
Result<ParsedRecord> parse_as(Bytes body, uint64_t delta_ns, Event& event,
                              PayloadResolver& resolver, ParsedRecord parsed) {
  using C = Codec<E>;
  constexpr size_t kFixed = fixed_size<C>();
  const char* name = nullptr;
  (void)name;
  typename C::Fixed fixed{};
  if (body.size() < kFixed) {
    return Error{ErrorCode::Corrupt, "record body of " + std::to_string(body.size()) +
                                         " bytes is shorter than its fixed part (" +
                                         std::to_string(kFixed) + ")"};
  }
  if constexpr (kFixed > 0) std::memcpy(&fixed, body.data(), kFixed);
  Bytes payload;
  if constexpr (C::kHasPayload) {
    f::PayloadDesc desc;
    if (body.size() - kFixed < sizeof desc) {
      return Error{ErrorCode::Corrupt, "record body has no room for its payload descriptor"};
    }
    std::memcpy(&desc, body.data() + kFixed, sizeof desc);
    parsed.hash = {desc.hash[0], desc.hash[1]};
    const size_t after = kFixed + sizeof desc;
    if (desc.storage == static_cast<uint32_t>(f::PayloadStorage::Inline)) {
      if (desc.size != body.size() - after) {
        return Error{ErrorCode::Corrupt, "inline payload of " + std::to_string(desc.size) +
                                             " bytes does not match its record body"};
      }
      payload = body.subspan(after);
    } else if (desc.storage == static_cast<uint32_t>(f::PayloadStorage::Ref)) {
      if (body.size() != after) {
        return Error{ErrorCode::Corrupt, "payload reference record has trailing bytes"};
      }
      if (desc.ref_offset % f::kRecordAlignment != 0) {
        return Error{ErrorCode::Corrupt, "payload reference to unaligned offset " +
                                             std::to_string(desc.ref_offset)};
      }
      parsed.was_ref = true;
      parsed.ref = {desc.ref_block, desc.ref_offset};
      auto resolved = resolver.resolve(parsed.ref, desc.size);
      if (!resolved) return resolved.error();
      payload = resolved.value();
    } else {
      return Error{ErrorCode::Corrupt,
                   "unknown payload storage " + std::to_string(desc.storage)};
    }
  } else if (body.size() != kFixed) {
    return Error{ErrorCode::Corrupt, "record body of " + std::to_string(body.size()) +
                                         " bytes, expected " + std::to_string(kFixed)};
  }
  E e;
  if (!C::from(fixed, payload, e)) {
    return Error{ErrorCode::Corrupt, "payload of " + std::to_string(payload.size()) +
                                         " bytes is not a whole array of its element type"};
  }
  event.delta_ns = delta_ns;
  event.body = e;
  return parsed;
}

template <size_t... I>
Result<ParsedRecord> parse_index(size_t index, Bytes body, uint64_t delta_ns, Event& event,
                                 PayloadResolver& resolver, ParsedRecord parsed,
                                 std::index_sequence<I...>) {
  using Fn = Result<ParsedRecord> (*)(Bytes, uint64_t, Event&, PayloadResolver&, ParsedRecord);
  static constexpr Fn kTable[] = {&parse_as<std::variant_alternative_t<I, EventBody>>...};
  return kTable[index](body, delta_ns, event, resolver, parsed);
}

}  // namespace

Bytes event_payload(const EventBody& body) {
  return std::visit([](const auto& e) { return Codec<std::decay_t<decltype(e)>>::payload(e); },
                    body);
}

size_t record_size(const Event& event, bool payload_as_ref) {
  return std::visit(
      [&](const auto& e) {
        using C = Codec<std::decay_t<decltype(e)>>;
        size_t n = sizeof(f::RecordHeader) + fixed_size<C>();
        if constexpr (C::kHasPayload) {
          n += sizeof(f::PayloadDesc) + (payload_as_ref ? 0 : C::payload(e).size());
        }
        return pad8(n);
      },
      event.body);
}

size_t append_record(std::vector<uint8_t>& out, const Event& event, const ContentHash* hash,
                     const std::optional<PayloadLocation>& ref) {
  return std::visit(
      [&](const auto& e) -> size_t {
        using C = Codec<std::decay_t<decltype(e)>>;
        constexpr size_t kFixed = fixed_size<C>();
        const Bytes payload = C::payload(e);
        const bool inline_bytes = C::kHasPayload && !ref;
        size_t body = kFixed;
        if constexpr (C::kHasPayload) body += sizeof(f::PayloadDesc);
        if (inline_bytes) body += payload.size();
        const size_t at = out.size();
        out.resize(at + pad8(sizeof(f::RecordHeader) + body));  // zero-fills the padding
        uint8_t* p = out.data() + at;
        const f::RecordHeader h{static_cast<uint16_t>(record_id_of(e)), 0,
                                static_cast<uint32_t>(body), event.delta_ns};
        std::memcpy(p, &h, sizeof h);
        p += sizeof h;
        if constexpr (kFixed > 0) {
          const typename C::Fixed fixed = C::to(e);
          std::memcpy(p, &fixed, kFixed);
          p += kFixed;
        }
        if constexpr (C::kHasPayload) {
          f::PayloadDesc d{};
          d.storage = static_cast<uint32_t>(ref ? f::PayloadStorage::Ref : f::PayloadStorage::Inline);
          d.size = payload.size();
          if (ref) {
            d.ref_block = ref->block;
            d.ref_offset = ref->offset;
          }
          if (hash) {
            d.hash[0] = hash->lo;
            d.hash[1] = hash->hi;
          }
          std::memcpy(p, &d, sizeof d);
          p += sizeof d;
          if (inline_bytes && !payload.empty()) std::memcpy(p, payload.data(), payload.size());
        }
        return static_cast<size_t>(p - out.data());
      },
      event.body);
}

Result<ParsedRecord> parse_record(std::span<const uint8_t> bytes, Event& event,
                                  PayloadResolver& resolver) {
  f::RecordHeader h;
  if (bytes.size() < sizeof h) {
    return Error{ErrorCode::Corrupt, "record header is cut (" + std::to_string(bytes.size()) +
                                         " bytes left in the block)"};
  }
  std::memcpy(&h, bytes.data(), sizeof h);
  if (h.body_size > bytes.size() - sizeof h) {
    return Error{ErrorCode::Corrupt, "record body of " + std::to_string(h.body_size) +
                                         " bytes overruns the block"};
  }
  ParsedRecord parsed;
  parsed.size = std::min(pad8(sizeof h + h.body_size), bytes.size());
  const Bytes body = bytes.subspan(sizeof h, h.body_size);
  if (h.id == 0 || h.id > f::kMaxKnownRecordId || kIdToIndex[h.id] < 0) {
    parsed.known = false;  // a later version's record: skip it, its size is known
    return parsed;
  }
  auto result = parse_index(static_cast<size_t>(kIdToIndex[h.id]), body, h.delta_ns, event,
                            resolver, parsed, std::make_index_sequence<kEventKindCount>{});
  if (auto* digest = std::get_if<ReadbackDigest>(&event.body); result.ok() && digest) {
    digest->algorithm = h.id == static_cast<uint16_t>(RecordId::ReadbackDigestXxh3)
                            ? DigestAlgorithm::Xxh3_64
                            : DigestAlgorithm::ContentHash;
    // A 64-bit digest has no second word: one that does was not written by a writer.
    if (digest->algorithm == DigestAlgorithm::Xxh3_64 && digest->digest.hi != 0) {
      return Error{ErrorCode::Corrupt, "ReadbackDigestXxh3 record with a nonzero second digest word"};
    }
  }
  return result;
}

}  // namespace vgpu::trace
