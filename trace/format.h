// The .vtrc on-disk layout, in one place (spec: trace/docs/vtrc-format.md).  Every struct here is
// written to disk byte for byte, little-endian, with natural alignment and no implicit padding, so
// a static_assert on each size catches any accidental layout change.
//
// Compatibility rule: a record id, once released, keeps its meaning and layout forever.  A changed
// event gets a new id (the old one stays readable); readers skip record ids they do not know.
#pragma once

#include <bit>
#include <cstdint>

namespace vgpu::trace::format {

static_assert(std::endian::native == std::endian::little,
              "the .vtrc structs are stored in host order, which must be little-endian");

// "VTRC\r\n\x1a\n": the \r\n and \x1a catch text-mode transfers, like PNG's signature.
inline constexpr uint8_t kMagic[8] = {'V', 'T', 'R', 'C', '\r', '\n', 0x1a, '\n'};
inline constexpr uint16_t kVersionMajor = 1;  // readers refuse another major
// Additions only: readers accept any minor (1: BackingWrite, 2: ReadbackDigest, 3: filtered
// blocks and a zstd index, 4: ReadbackDigestXxh3 and relative bases, 5: the microsecond column).
inline constexpr uint16_t kVersionMinor = 5;

inline constexpr uint32_t kBlockMagic = 0x4b4c4256;    // "VBLK"
inline constexpr uint32_t kTrailerMagic = 0x444e4556;  // "VEND"

// Hard limits of the format: readers refuse anything larger before allocating.
inline constexpr uint32_t kMaxHeaderSize = 1u << 20;
inline constexpr uint32_t kMaxBlockSize = 256u << 20;  // compressed or uncompressed
inline constexpr uint32_t kRecordAlignment = 8;

// ---- file header: at offset 0, followed by `metadata_size` bytes of metadata fields ----------
struct FileHeader {
  uint8_t magic[8];
  uint16_t version_major;
  uint16_t version_minor;
  uint32_t header_size;    // sizeof(FileHeader) + metadata_size: where the first block starts
  uint32_t metadata_size;
  uint32_t flags;          // none defined; readers ignore unknown bits
  uint32_t reserved;
  uint32_t checksum;       // CRC32C of the header with this field zero, then the metadata
};
static_assert(sizeof(FileHeader) == 32);

// Metadata is a list of fields: MetadataField, then `size` bytes, then zero padding to 8.
// Unknown ids are skipped, so new fields can be added in a minor version.
enum class MetadataId : uint16_t {
  ToolVersion = 1,      // UTF-8 text, e.g. "vgpu-capture 0.1.0"
  CaptureTimeNs = 2,    // uint64: nanoseconds since the Unix epoch when capture started
  GuestProcess = 3,     // UTF-8 text: the guest process name
  Transport = 4,        // UTF-8 text: "vtest", "virglrenderer", ...
  ProtocolVersion = 5,  // uint32: version of that transport's protocol
  Capset = 6,           // CapsetMetadata, one field per capset the guest saw
};
struct MetadataField {
  uint16_t id;
  uint16_t reserved;
  uint32_t size;
};
static_assert(sizeof(MetadataField) == 8);
struct CapsetMetadata {
  uint32_t capset_id;
  uint32_t max_version;
};
static_assert(sizeof(CapsetMetadata) == 8);

// ---- blocks ------------------------------------------------------------------------------------
enum class BlockKind : uint16_t {
  Events = 1,  // records, zstd-compressed
  Index = 2,   // IndexHeader + entries, stored raw; written once, after the last events block
};
enum class Codec : uint16_t {
  Raw = 0,
  Zstd = 1,
  ZstdFiltered = 2,  // zstd of the block's *filtered* records (block_filter.h); format 1.3
  ZstdFiltered2 = 3,  // the same with relative bases (SubmitDelta); format 1.4
  ZstdFiltered3 = 4,  // the same with the delta_ns column in microseconds; format 1.5
};
struct BlockHeader {
  uint32_t magic;              // kBlockMagic
  uint16_t kind;               // BlockKind
  uint16_t codec;              // Codec
  uint32_t stored_size;        // bytes following this header
  uint32_t uncompressed_size;  // bytes after decompression (== stored_size for Raw)
  uint64_t first_event;        // number of the first record in the block (0-based, file-wide)
  uint32_t event_count;        // records in the block
  uint32_t checksum;           // CRC32C of this header with this field zero, then the stored bytes
};
static_assert(sizeof(BlockHeader) == 32);

// ---- records: the content of an Events block -----------------------------------------------
// Each record: RecordHeader, `body_size` bytes of body, zero padding to kRecordAlignment.
// The body is the kind's fixed struct, then (for kinds with bytes) a PayloadDesc and, if the
// payload is inline, its bytes.
enum class RecordId : uint16_t {
  CapsetInfo = 1,
  ContextCreate = 2,
  ContextDestroy = 3,
  ResourceCreate = 4,
  ResourceCreateBlob = 5,
  ResourceUnref = 6,
  AttachResource = 7,
  DetachResource = 8,
  TransferToHost = 9,
  TransferFromHost = 10,
  Submit = 11,
  FenceCreate = 12,
  SyncCreate = 13,
  SyncWrite = 14,
  SyncWait = 15,
  SyncUnref = 16,
  SetScanout = 17,
  ResourceFlush = 18,
  FrameEnd = 19,
  Marker = 20,
  BackingWrite = 21,
  ReadbackDigest = 22,       // digest is content_hash() of the bytes
  ReadbackDigestXxh3 = 23,   // the same record; digest[0] is XXH3-64, digest[1] zero (frame_digest.h)
};
inline constexpr uint16_t kMaxKnownRecordId = 23;

struct RecordHeader {
  uint16_t id;         // RecordId
  uint16_t flags;      // none defined
  uint32_t body_size;  // bytes of body (padding excluded)
  uint64_t delta_ns;   // time since the previous event of the trace
};
static_assert(sizeof(RecordHeader) == 16);

enum class PayloadStorage : uint32_t {
  Inline = 0,  // `size` bytes follow the descriptor
  Ref = 1,     // the bytes are those of an inline payload earlier in the trace, at
               // (ref_block, ref_offset): block number and byte offset in its uncompressed data
};
struct PayloadDesc {
  uint32_t storage;     // PayloadStorage
  uint32_t ref_block;   // Ref only
  uint64_t size;        // payload bytes
  uint32_t ref_offset;  // Ref only
  uint32_t reserved;
  uint64_t hash[2];     // content hash (content_hash.h) of large payloads, zero for small ones
};
static_assert(sizeof(PayloadDesc) == 40);

// Fixed parts, one per record id; multiples of 8 bytes so payloads stay 8-byte aligned.
struct CapsetInfoRecord { uint32_t capset_id, version; };
struct ContextCreateRecord { uint32_t ctx_id, capset_id; };
struct ContextDestroyRecord { uint32_t ctx_id, reserved; };
struct ResourceCreateRecord {
  uint32_t res_id, target, format, bind, width, height, depth, array_size, last_level, nr_samples,
      flags, reserved;
};
struct ResourceCreateBlobRecord {
  uint32_t res_id, ctx_id, blob_mem, blob_flags;
  uint64_t blob_id, size;
};
struct ResourceUnrefRecord { uint32_t res_id, reserved; };
struct AttachRecord { uint32_t ctx_id, res_id; };  // AttachResource and DetachResource
struct TransferRecord {                           // TransferToHost and TransferFromHost
  uint32_t ctx_id, res_id, level, stride, layer_stride;
  uint32_t x, y, z, width, height, depth, reserved;
  uint64_t offset;
};
struct SubmitRecord { uint32_t ctx_id, reserved; };
struct FenceCreateRecord {
  uint64_t fence_id;
  uint32_t ctx_id, ring_idx, flags, reserved;
};
struct SyncValueRecord { uint64_t sync_id, value; };  // SyncCreate and SyncWrite
struct SyncWaitRecord {                              // payload: SyncPoint[], 16 bytes each
  uint64_t timeout_ns;
  uint32_t flags, reserved;
};
struct SyncUnrefRecord { uint64_t sync_id; };
struct SetScanoutRecord { uint32_t scanout_id, res_id, x, y, width, height; };
struct ResourceFlushRecord { uint32_t res_id, x, y, width, height, reserved; };
struct FrameEndRecord { uint64_t frame; };
// Marker: no fixed part, the payload is the text.
struct BackingWriteRecord {
  uint32_t ctx_id, res_id;
  uint64_t offset;
};
struct ReadbackDigestRecord {  // no payload; records 22 and 23
  TransferRecord region;
  uint64_t size;
  uint64_t digest[2];  // lo, hi
};

static_assert(sizeof(CapsetInfoRecord) == 8);
static_assert(sizeof(ContextCreateRecord) == 8);
static_assert(sizeof(ContextDestroyRecord) == 8);
static_assert(sizeof(ResourceCreateRecord) == 48);
static_assert(sizeof(ResourceCreateBlobRecord) == 32);
static_assert(sizeof(ResourceUnrefRecord) == 8);
static_assert(sizeof(AttachRecord) == 8);
static_assert(sizeof(TransferRecord) == 56);
static_assert(sizeof(SubmitRecord) == 8);
static_assert(sizeof(FenceCreateRecord) == 24);
static_assert(sizeof(SyncValueRecord) == 16);
static_assert(sizeof(SyncWaitRecord) == 16);
static_assert(sizeof(SyncUnrefRecord) == 8);
static_assert(sizeof(SetScanoutRecord) == 24);
static_assert(sizeof(ResourceFlushRecord) == 24);
static_assert(sizeof(FrameEndRecord) == 8);
static_assert(sizeof(BackingWriteRecord) == 16);
static_assert(sizeof(ReadbackDigestRecord) == 80);

// ---- filtered blocks (codecs 2, 3 and 4): what the zstd frame holds ------------------------
// The block's records with every delta_ns zero and some Submit payloads delta-coded, then the
// delta_ns column, zero-padded to a multiple of 8:
// - codecs 2 and 3: 8 byte planes of event_count bytes (plane b = byte b of each record's
//   delta_ns, in record order);
// - codec 4: 8 planes of delta_ns / 1000, then 2 planes of delta_ns % 1000.  Capture stamps whole
//   microseconds (capture_sink.h), and a multiple of 1000 spreads a small number over two or three
//   busy planes where its quotient fills one; the remainder planes are then all zero.  Unfiltering yields exactly the
// uncompressed_size bytes of plain records the header announces.  References never leave the
// block, so a filtered block is decodable from itself alone, like any other block.
inline constexpr uint16_t kFilteredDelta = 1u << 0;  // RecordHeader.flags: payload delta-coded
inline constexpr uint16_t kFilteredHashed = 1u << 1;  // its plain PayloadDesc carries the hash
// A delta-coded Submit: RecordHeader (flags kFilteredDelta [| kFilteredHashed]), SubmitRecord,
// SubmitDelta, u32 index[changed] (strictly increasing word numbers), then the residuals of
// those words as 4 byte planes of `changed` bytes (plane b = byte b of each zigzag residual).
// Word i is predicted as base[i] (no base2) or 2*base[i] - base2[i] (mod 2^32); the words not
// listed equal their prediction.
// Codec 2 names the bases by their record number in the block; codecs 3 and 4 by how many
// records back they are (1: the record before).  A steady app's frames have the same number of records, so
// the relative numbers repeat frame after frame, where the absolute ones grew by that number
// each frame and cost zstd 2-3 bytes a Submit (docs/benchmarks.md).
struct SubmitDelta {
  uint32_t base;     // an earlier Submit of `words` words in this block
  uint32_t base2;    // an earlier one still, of `words` words, or kNoBase2
  uint32_t words;    // payload dwords (the plain PayloadDesc.size is 4 * words)
  uint32_t changed;  // words stored
};
static_assert(sizeof(SubmitDelta) == 16);
inline constexpr uint32_t kNoBase2 = 0xffffffffu;
// A moving word is predicted from an earlier word that moved the same way (the same base and base2
// values): only the first kMaxMovingPairs distinct (base, base2) pairs of a payload count.
inline constexpr uint32_t kMaxMovingPairs = 4096;

// ---- index: the content of the Index block ------------------------------------------------
struct IndexHeader {
  uint32_t block_count;  // BlockEntry[block_count] follow, then FrameEntry[frame_count]
  uint32_t frame_count;
  uint64_t event_count;  // records in the whole trace
};
static_assert(sizeof(IndexHeader) == 16);
struct BlockEntry {
  uint64_t file_offset;  // of the BlockHeader
  uint64_t first_event;
  uint32_t event_count;
  uint32_t uncompressed_size;
};
static_assert(sizeof(BlockEntry) == 24);
// Frame k is the events after the k-th FrameEnd record (frame 0 starts at event 0).
struct FrameEntry {
  uint64_t first_event;
  uint32_t block;         // block number holding that event
  uint32_t block_offset;  // byte offset of its record in the block's uncompressed data
};
static_assert(sizeof(FrameEntry) == 16);

// ---- trailer: the last 32 bytes of a finalized file ----------------------------------------
struct Trailer {
  uint64_t index_offset;  // of the Index block's BlockHeader
  uint64_t event_count;
  uint32_t index_size;    // BlockHeader + stored bytes of the Index block
  uint32_t magic;         // kTrailerMagic
  uint32_t reserved;
  uint32_t checksum;      // CRC32C of the trailer with this field zero
};
static_assert(sizeof(Trailer) == 32);

}  // namespace vgpu::trace::format
