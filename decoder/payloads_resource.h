// Payloads of the commands that move data into, out of and between resources, and create or
// retype them from inside the command stream.
#pragma once

#include <array>
#include <cstdint>
#include <span>
#include <string>

#include "decoder/bounded_array.h"
#include "decoder/checked_math.h"
#include "decoder/formats.h"
#include "decoder/protocol.h"
#include "decoder/schema.h"

namespace vgpu::virgl {

// The 11 dwords RESOURCE_INLINE_WRITE, TRANSFER3D and COPY_TRANSFER3D start with
// (VIRGL_RESOURCE_IW_*).  A box whose end wraps around 2^32 is rejected here already
// (CVE-2019-18389 was an inline write with such a box); the renderer checks it against the
// resource's real size.
struct TransferRegion {
  static constexpr uint32_t kDwords = 11;
  uint32_t resource = 0, level = 0, usage = 0, stride = 0, layer_stride = 0;
  uint32_t x = 0, y = 0, z = 0, w = 0, h = 0, d = 0;
  bool operator==(const TransferRegion&) const = default;
};
template <class V>
void describe(V& v, TransferRegion& s) {
  v.resource("resource", s.resource);
  v.u32("level", s.level);
  v.u32("usage", s.usage);
  v.u32("stride", s.stride);
  v.u32("layer_stride", s.layer_stride);
  v.u32("x", s.x);
  v.u32("y", s.y);
  v.u32("z", s.z);
  v.u32("w", s.w);
  v.u32("h", s.h);
  v.u32("d", s.d);
  v.require(range_fits(s.x, s.w, UINT32_MAX) && range_fits(s.y, s.h, UINT32_MAX) &&
                range_fits(s.z, s.d, UINT32_MAX),
            ErrorKind::InvalidValue, [&](std::string& m) {
              append_message(m, "box (", s.x, ",", s.y, ",", s.z, ")+(", s.w, ",", s.h, ",", s.d,
                             ") wraps around");
            });
}

struct ResourceInlineWrite {
  TransferRegion region;
  std::span<const uint32_t> data;
  bool operator==(const ResourceInlineWrite& o) const {
    return region == o.region &&
           std::equal(data.begin(), data.end(), o.data.begin(), o.data.end());
  }
};
template <class V>
void describe(V& v, ResourceInlineWrite& s) {
  describe(v, s.region);
  v.tail_words("data", s.data);
}

// Transfers between a resource and its guest backing (vtest/blob shared memory) at `offset`.
struct Transfer3d {
  TransferRegion region;
  uint32_t offset = 0;
  uint32_t direction = 0;  // kTransferDirectionNames: 1 to host, 2 from host
  bool operator==(const Transfer3d&) const = default;
};
template <class V>
void describe(V& v, Transfer3d& s) {
  describe(v, s.region);
  v.u32("offset", s.offset);
  v.choice("direction", s.direction, kTransferDirectionNames);
  v.require(s.direction != 0, ErrorKind::InvalidValue,
            [](std::string& m) { m += "direction 0 is neither TO_HOST nor FROM_HOST"; });
}

// A copy between a resource and a staging buffer resource.
struct CopyTransfer3d {
  TransferRegion region;
  uint32_t src_resource = 0, src_offset = 0;
  uint32_t synchronized = 0, read_from_host = 0;
  bool operator==(const CopyTransfer3d&) const = default;
};
template <class V>
void describe(V& v, CopyTransfer3d& s) {
  describe(v, s.region);
  v.resource("src_resource", s.src_resource);
  v.u32("src_offset", s.src_offset);
  v.packed("flags", [&](auto& b) {
    b.bits("synchronized", s.synchronized, 0, 1);
    b.bits("read_from_host", s.read_from_host, 1, 1);
  });
}

struct EndTransfers {
  std::span<const uint32_t> ignored;  // the payload has no meaning; kept for the text form
  bool operator==(const EndTransfers& o) const {
    return std::equal(ignored.begin(), ignored.end(), o.ignored.begin(), o.ignored.end());
  }
};
template <class V>
void describe(V& v, EndTransfers& s) {
  v.tail_words("ignored", s.ignored);
}

struct PipeResourceCreate {
  uint32_t target = 0, format = 0, bind = 0, width = 0, height = 0, depth = 0;
  uint32_t array_size = 0, last_level = 0, nr_samples = 0, flags = 0, blob_id = 0;
  bool operator==(const PipeResourceCreate&) const = default;
};
template <class V>
void describe(V& v, PipeResourceCreate& s) {
  v.choice("target", s.target, kTextureTargetNames);
  v.format("format", s.format);
  v.flags("bind", s.bind, kBindFlags);
  v.u32("width", s.width);
  v.u32("height", s.height);
  v.u32("depth", s.depth);
  v.u32("array_size", s.array_size);
  v.u32("last_level", s.last_level);
  v.u32("nr_samples", s.nr_samples);
  v.u32("flags", s.flags);
  v.u32("blob_id", s.blob_id);
}

struct PlaneLayout {
  static constexpr uint32_t kDwords = 2;
  uint32_t stride = 0, offset = 0;
  bool operator==(const PlaneLayout&) const = default;
};
template <class V>
void describe(V& v, PlaneLayout& s) {
  v.u32("stride", s.stride);
  v.u32("offset", s.offset);
}
struct PipeResourceSetType {
  uint32_t resource = 0, format = 0, bind = 0, width = 0, height = 0, usage = 0;
  uint64_t modifier = 0;
  BoundedArray<PlaneLayout, kMaxPlanes> planes;
  bool operator==(const PipeResourceSetType&) const = default;
};
template <class V>
void describe(V& v, PipeResourceSetType& s) {
  v.resource("resource", s.resource);
  v.format("format", s.format);
  v.flags("bind", s.bind, kBindFlags);
  v.u32("width", s.width);
  v.u32("height", s.height);
  v.u32("usage", s.usage);
  v.u64("modifier", s.modifier);
  v.array("planes", s.planes);
}

struct GetMemoryInfo {
  uint32_t resource = 0;  // where the virgl_memory_info is written for the guest
  bool operator==(const GetMemoryInfo&) const = default;
};
template <class V>
void describe(V& v, GetMemoryInfo& s) {
  v.resource("resource", s.resource);
}

struct GetPipeResourceLayout {
  uint32_t resource = 0, buffer_resource = 0;  // the layout is written into buffer_resource
  bool operator==(const GetPipeResourceLayout&) const = default;
};
template <class V>
void describe(V& v, GetPipeResourceLayout& s) {
  v.resource("resource", s.resource);
  v.resource("buffer_resource", s.buffer_resource);
}

}  // namespace vgpu::virgl
