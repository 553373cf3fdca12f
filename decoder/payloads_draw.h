// Payloads of the commands that draw, clear, copy, dispatch, synchronise and query.
#pragma once

#include <array>
#include <cstdint>
#include <string>

#include "decoder/checked_math.h"
#include "decoder/formats.h"
#include "decoder/protocol.h"
#include "decoder/schema.h"

namespace vgpu::virgl {

struct Clear {
  uint32_t buffers = 0;  // PIPE_CLEAR_DEPTH 1, STENCIL 2, COLOR0 4 << i
  std::array<uint32_t, 4> color{};  // float, int or uint by the colour buffer's format
  double depth = 0;
  uint32_t stencil = 0;
  bool operator==(const Clear&) const = default;
};
template <class V>
void describe(V& v, Clear& s) {
  v.u32("buffers", s.buffers);
  v.fixed("color", s.color);
  v.f64("depth", s.depth);
  v.u32("stencil", s.stencil);
}

// DRAW_VBO comes in three forms: 12 dwords, 14 with the tessellation pair, 20 with indirect.
struct DrawVbo {
  uint32_t start = 0, count = 0, mode = 0, indexed = 0, instance_count = 0;
  int32_t index_bias = 0;
  uint32_t start_instance = 0, primitive_restart = 0, restart_index = 0;
  uint32_t min_index = 0, max_index = 0;
  uint32_t count_from_so = 0;  // stream-out target handle, 0 = use count
  bool has_tess = false;
  uint32_t vertices_per_patch = 0, drawid = 0;
  bool has_indirect = false;
  uint32_t indirect_resource = 0, indirect_offset = 0, indirect_stride = 0;
  uint32_t indirect_draw_count = 0, indirect_draw_count_offset = 0;
  uint32_t indirect_draw_count_resource = 0;
  bool operator==(const DrawVbo&) const = default;
};
template <class V>
void describe(V& v, DrawVbo& s) {
  v.u32("start", s.start);
  v.u32("count", s.count);
  v.choice("mode", s.mode, kPrimitiveNames);
  v.u32("indexed", s.indexed);
  v.u32("instance_count", s.instance_count);
  v.i32("index_bias", s.index_bias);
  v.u32("start_instance", s.start_instance);
  v.u32("primitive_restart", s.primitive_restart);
  v.u32("restart_index", s.restart_index);
  v.u32("min_index", s.min_index);
  v.u32("max_index", s.max_index);
  v.handle("count_from_so", s.count_from_so, ObjectType::STREAMOUT_TARGET);
  if (v.present(s.has_tess)) {
    v.u32("vertices_per_patch", s.vertices_per_patch);
    v.u32("drawid", s.drawid);
    if (v.present(s.has_indirect)) {
      v.resource("indirect_resource", s.indirect_resource);
      v.u32("indirect_offset", s.indirect_offset);
      v.u32("indirect_stride", s.indirect_stride);
      v.u32("indirect_draw_count", s.indirect_draw_count);
      v.u32("indirect_draw_count_offset", s.indirect_draw_count_offset);
      v.resource("indirect_draw_count_resource", s.indirect_draw_count_resource);
    }
  }
}

// A box as blits carry it: signed, since a negative width or height mirrors the copy.
struct BlitBox {
  static constexpr uint32_t kDwords = 6;
  int32_t x = 0, y = 0, z = 0, w = 0, h = 0, d = 0;
  bool operator==(const BlitBox&) const = default;
};
template <class V>
void describe(V& v, BlitBox& b) {
  v.i32("x", b.x);
  v.i32("y", b.y);
  v.i32("z", b.z);
  v.i32("w", b.w);
  v.i32("h", b.h);
  v.i32("d", b.d);
}
struct BlitSide {
  static constexpr uint32_t kDwords = 9;
  uint32_t resource = 0, level = 0, format = 0;
  BlitBox box;
  bool operator==(const BlitSide&) const = default;
};
template <class V>
void describe(V& v, BlitSide& s) {
  v.resource("resource", s.resource);
  v.u32("level", s.level);
  v.format("format", s.format);
  describe(v, s.box);
}
struct Blit {
  uint32_t mask = 0, filter = 0, scissor_enable = 0, render_condition_enable = 0;
  uint32_t alpha_blend = 0;
  uint32_t scissor_minx = 0, scissor_miny = 0, scissor_maxx = 0, scissor_maxy = 0;
  BlitSide dst, src;
  bool operator==(const Blit&) const = default;
};
template <class V>
void describe(V& v, Blit& s) {
  v.packed("s0", [&](auto& b) {
    b.bits("mask", s.mask, 0, 8);
    b.bits("filter", s.filter, 8, 2);
    b.bits("scissor_enable", s.scissor_enable, 10, 1);
    b.bits("render_condition_enable", s.render_condition_enable, 11, 1);
    b.bits("alpha_blend", s.alpha_blend, 12, 1);
  });
  v.packed("scissor_min", [&](auto& b) {
    b.bits("scissor_minx", s.scissor_minx, 0, 16);
    b.bits("scissor_miny", s.scissor_miny, 16, 16);
  });
  v.packed("scissor_max", [&](auto& b) {
    b.bits("scissor_maxx", s.scissor_maxx, 0, 16);
    b.bits("scissor_maxy", s.scissor_maxy, 16, 16);
  });
  v.group("dst", s.dst);
  v.group("src", s.src);
}

struct ResourceCopyRegion {
  uint32_t dst_resource = 0, dst_level = 0, dst_x = 0, dst_y = 0, dst_z = 0;
  uint32_t src_resource = 0, src_level = 0;
  uint32_t src_x = 0, src_y = 0, src_z = 0, src_w = 0, src_h = 0, src_d = 0;
  bool operator==(const ResourceCopyRegion&) const = default;
};
template <class V>
void describe(V& v, ResourceCopyRegion& s) {
  v.resource("dst_resource", s.dst_resource);
  v.u32("dst_level", s.dst_level);
  v.u32("dst_x", s.dst_x);
  v.u32("dst_y", s.dst_y);
  v.u32("dst_z", s.dst_z);
  v.resource("src_resource", s.src_resource);
  v.u32("src_level", s.src_level);
  v.u32("src_x", s.src_x);
  v.u32("src_y", s.src_y);
  v.u32("src_z", s.src_z);
  v.u32("src_w", s.src_w);
  v.u32("src_h", s.src_h);
  v.u32("src_d", s.src_d);
}

struct ClearTexture {
  uint32_t resource = 0, level = 0;
  uint32_t x = 0, y = 0, z = 0, w = 0, h = 0, d = 0;
  std::array<uint32_t, 4> data{};  // the clear value in the texture's format
  bool operator==(const ClearTexture&) const = default;
};
template <class V>
void describe(V& v, ClearTexture& s) {
  v.resource("resource", s.resource);
  v.u32("level", s.level);
  v.u32("x", s.x);
  v.u32("y", s.y);
  v.u32("z", s.z);
  v.u32("w", s.w);
  v.u32("h", s.h);
  v.u32("d", s.d);
  v.fixed("data", s.data);
}

struct ClearSurface {
  uint32_t render_condition = 0, buffers = 0;
  uint32_t surface = 0;
  std::array<uint32_t, 4> color{};  // colour, or depth (f64) + stencil for depth surfaces
  uint32_t dst_x = 0, dst_y = 0, width = 0, height = 0;
  bool operator==(const ClearSurface&) const = default;
};
template <class V>
void describe(V& v, ClearSurface& s) {
  v.packed("s0", [&](auto& b) {
    b.bits("render_condition", s.render_condition, 0, 1);
    b.bits("buffers", s.buffers, 1, 3);
  });
  v.handle("surface", s.surface, ObjectType::SURFACE);
  v.fixed("color", s.color);
  v.u32("dst_x", s.dst_x);
  v.u32("dst_y", s.dst_y);
  v.u32("width", s.width);
  v.u32("height", s.height);
}

struct LaunchGrid {
  std::array<uint32_t, 3> block{}, grid{};
  uint32_t indirect_resource = 0, indirect_offset = 0;
  bool operator==(const LaunchGrid&) const = default;
};
template <class V>
void describe(V& v, LaunchGrid& s) {
  v.fixed("block", s.block);
  v.fixed("grid", s.grid);
  v.resource("indirect_resource", s.indirect_resource);
  v.u32("indirect_offset", s.indirect_offset);
}

struct MemoryBarrier {
  uint32_t flags = 0;
  bool operator==(const MemoryBarrier&) const = default;
};
template <class V>
void describe(V& v, MemoryBarrier& s) {
  v.u32("flags", s.flags);
}

struct TextureBarrier {
  uint32_t flags = 0;
  bool operator==(const TextureBarrier&) const = default;
};
template <class V>
void describe(V& v, TextureBarrier& s) {
  v.u32("flags", s.flags);
}

// BEGIN_QUERY and END_QUERY carry one query handle.
struct QueryHandle {
  uint32_t query = 0;
  bool operator==(const QueryHandle&) const = default;
};
template <class V>
void describe(V& v, QueryHandle& s) {
  v.handle("query", s.query, ObjectType::QUERY);
}
struct BeginQuery : QueryHandle {};
struct EndQuery : QueryHandle {};

struct GetQueryResult {
  uint32_t query = 0, wait = 0;
  bool operator==(const GetQueryResult&) const = default;
};
template <class V>
void describe(V& v, GetQueryResult& s) {
  v.handle("query", s.query, ObjectType::QUERY);
  v.u32("wait", s.wait);
}

struct GetQueryResultQbo {
  uint32_t query = 0, qbo_resource = 0, wait = 0, result_type = 0, offset = 0;
  int32_t index = 0;  // -1 = availability
  bool operator==(const GetQueryResultQbo&) const = default;
};
template <class V>
void describe(V& v, GetQueryResultQbo& s) {
  v.handle("query", s.query, ObjectType::QUERY);
  v.resource("qbo_resource", s.qbo_resource);
  v.u32("wait", s.wait);
  v.choice("result_type", s.result_type, kQueryValueTypeNames);
  v.u32("offset", s.offset);
  v.i32("index", s.index);
}

}  // namespace vgpu::virgl
