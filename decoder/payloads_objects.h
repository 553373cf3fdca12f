// Payloads of CREATE_OBJECT (one struct per object kind of objects.def), BIND_OBJECT and
// DESTROY_OBJECT.  Field layouts follow virgl_protocol.h's VIRGL_OBJ_* offsets; bit fields use
// the same shifts and widths as its VIRGL_OBJ_*_S* macros.
#pragma once

#include <array>
#include <cstdint>
#include <span>

#include <algorithm>
#include <string>

#include "decoder/bounded_array.h"
#include "decoder/formats.h"
#include "decoder/protocol.h"
#include "decoder/schema.h"

namespace vgpu::virgl {

// ---- BLEND (11 dwords) ---------------------------------------------------------------------
struct BlendTarget {
  static constexpr uint32_t kDwords = 1;
  uint32_t blend_enable = 0, rgb_func = 0, rgb_src_factor = 0, rgb_dst_factor = 0;
  uint32_t alpha_func = 0, alpha_src_factor = 0, alpha_dst_factor = 0, colormask = 0;
  bool operator==(const BlendTarget&) const = default;
};
template <class V>
void describe(V& v, BlendTarget& t) {
  v.packed("rt", [&](auto& b) {
    b.bits("blend_enable", t.blend_enable, 0, 1);
    b.bits("rgb_func", t.rgb_func, 1, 3);
    b.bits("rgb_src_factor", t.rgb_src_factor, 4, 5);
    b.bits("rgb_dst_factor", t.rgb_dst_factor, 9, 5);
    b.bits("alpha_func", t.alpha_func, 14, 3);
    b.bits("alpha_src_factor", t.alpha_src_factor, 17, 5);
    b.bits("alpha_dst_factor", t.alpha_dst_factor, 22, 5);
    b.bits("colormask", t.colormask, 27, 4);
  });
}

struct CreateBlend {
  uint32_t handle = 0;
  uint32_t independent_blend_enable = 0, logicop_enable = 0, dither = 0;
  uint32_t alpha_to_coverage = 0, alpha_to_one = 0;
  uint32_t logicop_func = 0;
  std::array<BlendTarget, kMaxColorBuffers> rt{};
  bool operator==(const CreateBlend&) const = default;
};
template <class V>
void describe(V& v, CreateBlend& s) {
  v.new_handle("handle", s.handle);
  v.packed("s0", [&](auto& b) {
    b.bits("independent_blend_enable", s.independent_blend_enable, 0, 1);
    b.bits("logicop_enable", s.logicop_enable, 1, 1);
    b.bits("dither", s.dither, 2, 1);
    b.bits("alpha_to_coverage", s.alpha_to_coverage, 3, 1);
    b.bits("alpha_to_one", s.alpha_to_one, 4, 1);
  });
  v.packed("s1", [&](auto& b) { b.bits("logicop_func", s.logicop_func, 0, 4); });
  v.fixed("rt", s.rt);
}

// ---- RASTERIZER (9 dwords) -----------------------------------------------------------------
struct CreateRasterizer {
  uint32_t handle = 0;
  uint32_t flatshade = 0, depth_clip = 0, clip_halfz = 0, rasterizer_discard = 0;
  uint32_t flatshade_first = 0, light_twoside = 0, sprite_coord_mode = 0;
  uint32_t point_quad_rasterization = 0, cull_face = 0, fill_front = 0, fill_back = 0;
  uint32_t scissor = 0, front_ccw = 0, clamp_vertex_color = 0, clamp_fragment_color = 0;
  uint32_t offset_line = 0, offset_point = 0, offset_tri = 0, poly_smooth = 0;
  uint32_t poly_stipple_enable = 0, point_smooth = 0, point_size_per_vertex = 0;
  uint32_t multisample = 0, line_smooth = 0, line_stipple_enable = 0, line_last_pixel = 0;
  uint32_t half_pixel_center = 0, bottom_edge_rule = 0, force_persample_interp = 0;
  float point_size = 0;
  uint32_t sprite_coord_enable = 0;
  uint32_t line_stipple_pattern = 0, line_stipple_factor = 0, clip_plane_enable = 0;
  float line_width = 0, offset_units = 0, offset_scale = 0, offset_clamp = 0;
  bool operator==(const CreateRasterizer&) const = default;
};
template <class V>
void describe(V& v, CreateRasterizer& s) {
  v.new_handle("handle", s.handle);
  v.packed("s0", [&](auto& b) {
    b.bits("flatshade", s.flatshade, 0, 1);
    b.bits("depth_clip", s.depth_clip, 1, 1);
    b.bits("clip_halfz", s.clip_halfz, 2, 1);
    b.bits("rasterizer_discard", s.rasterizer_discard, 3, 1);
    b.bits("flatshade_first", s.flatshade_first, 4, 1);
    b.bits("light_twoside", s.light_twoside, 5, 1);
    b.bits("sprite_coord_mode", s.sprite_coord_mode, 6, 1);
    b.bits("point_quad_rasterization", s.point_quad_rasterization, 7, 1);
    b.bits("cull_face", s.cull_face, 8, 2);
    b.bits("fill_front", s.fill_front, 10, 2);
    b.bits("fill_back", s.fill_back, 12, 2);
    b.bits("scissor", s.scissor, 14, 1);
    b.bits("front_ccw", s.front_ccw, 15, 1);
    b.bits("clamp_vertex_color", s.clamp_vertex_color, 16, 1);
    b.bits("clamp_fragment_color", s.clamp_fragment_color, 17, 1);
    b.bits("offset_line", s.offset_line, 18, 1);
    b.bits("offset_point", s.offset_point, 19, 1);
    b.bits("offset_tri", s.offset_tri, 20, 1);
    b.bits("poly_smooth", s.poly_smooth, 21, 1);
    b.bits("poly_stipple_enable", s.poly_stipple_enable, 22, 1);
    b.bits("point_smooth", s.point_smooth, 23, 1);
    b.bits("point_size_per_vertex", s.point_size_per_vertex, 24, 1);
    b.bits("multisample", s.multisample, 25, 1);
    b.bits("line_smooth", s.line_smooth, 26, 1);
    b.bits("line_stipple_enable", s.line_stipple_enable, 27, 1);
    b.bits("line_last_pixel", s.line_last_pixel, 28, 1);
    b.bits("half_pixel_center", s.half_pixel_center, 29, 1);
    b.bits("bottom_edge_rule", s.bottom_edge_rule, 30, 1);
    b.bits("force_persample_interp", s.force_persample_interp, 31, 1);
  });
  v.f32("point_size", s.point_size);
  v.u32("sprite_coord_enable", s.sprite_coord_enable);
  v.packed("s3", [&](auto& b) {
    b.bits("line_stipple_pattern", s.line_stipple_pattern, 0, 16);
    b.bits("line_stipple_factor", s.line_stipple_factor, 16, 8);
    b.bits("clip_plane_enable", s.clip_plane_enable, 24, 8);
  });
  v.f32("line_width", s.line_width);
  v.f32("offset_units", s.offset_units);
  v.f32("offset_scale", s.offset_scale);
  v.f32("offset_clamp", s.offset_clamp);
}

// ---- DSA (5 dwords) ------------------------------------------------------------------------
struct StencilState {
  static constexpr uint32_t kDwords = 1;
  uint32_t enabled = 0, func = 0, fail_op = 0, zpass_op = 0, zfail_op = 0;
  uint32_t valuemask = 0, writemask = 0;
  bool operator==(const StencilState&) const = default;
};
template <class V>
void describe(V& v, StencilState& s) {
  v.packed("stencil", [&](auto& b) {
    b.bits("enabled", s.enabled, 0, 1);
    b.bits("func", s.func, 1, 3);
    b.bits("fail_op", s.fail_op, 4, 3);
    b.bits("zpass_op", s.zpass_op, 7, 3);
    b.bits("zfail_op", s.zfail_op, 10, 3);
    b.bits("valuemask", s.valuemask, 13, 8);
    b.bits("writemask", s.writemask, 21, 8);
  });
}

struct CreateDsa {
  uint32_t handle = 0;
  uint32_t depth_enable = 0, depth_writemask = 0, depth_func = 0;
  uint32_t alpha_enabled = 0, alpha_func = 0;
  std::array<StencilState, 2> stencil{};  // front, back
  float alpha_ref = 0;
  bool operator==(const CreateDsa&) const = default;
};
template <class V>
void describe(V& v, CreateDsa& s) {
  v.new_handle("handle", s.handle);
  v.packed("s0", [&](auto& b) {
    b.bits("depth_enable", s.depth_enable, 0, 1);
    b.bits("depth_writemask", s.depth_writemask, 1, 1);
    b.bits("depth_func", s.depth_func, 2, 3);
    b.bits("alpha_enabled", s.alpha_enabled, 8, 1);
    b.bits("alpha_func", s.alpha_func, 9, 3);
  });
  v.fixed("stencil", s.stencil);
  v.f32("alpha_ref", s.alpha_ref);
}

// ---- SHADER (>= 5 dwords, then stream-out info, then NUL-terminated TGSI text) ---------------
struct StreamOutput {
  static constexpr uint32_t kDwords = 2;
  uint32_t register_index = 0, start_component = 0, num_components = 0, output_buffer = 0;
  uint32_t dst_offset = 0, stream = 0;
  bool operator==(const StreamOutput&) const = default;
};
template <class V>
void describe(V& v, StreamOutput& s) {
  v.packed("output", [&](auto& b) {
    b.bits("register_index", s.register_index, 0, 8);
    b.bits("start_component", s.start_component, 8, 2);
    b.bits("num_components", s.num_components, 10, 3);
    b.bits("output_buffer", s.output_buffer, 13, 3);
    b.bits("dst_offset", s.dst_offset, 16, 16);
  });
  v.packed("output_stream", [&](auto& b) { b.bits("stream", s.stream, 0, 2); });
}

// A shader longer than one command is sent as a first packet (continuation = 0, offset_or_length
// = total text length including the NUL) followed by continuation packets (continuation = 1,
// offset_or_length = byte offset of this piece); shader_assembler.h puts the pieces together.
struct CreateShader {
  uint32_t handle = 0;
  uint32_t stage = 0;  // ShaderStage
  uint32_t offset_or_length = 0, continuation = 0;
  uint32_t num_tokens = 0;
  uint32_t shared_memory_size = 0;  // compute only: the dword that is the SO count elsewhere
  std::array<uint32_t, 4> so_strides{};  // present only when there are stream outputs
  BoundedArray<StreamOutput, kMaxSoOutputs> so_outputs;
  std::span<const uint8_t> text;  // this packet's piece of the text, dword padded
  bool operator==(const CreateShader& o) const {
    return handle == o.handle && stage == o.stage && offset_or_length == o.offset_or_length &&
           continuation == o.continuation && num_tokens == o.num_tokens &&
           shared_memory_size == o.shared_memory_size && so_strides == o.so_strides &&
           so_outputs == o.so_outputs && std::equal(text.begin(), text.end(), o.text.begin(),
                                                    o.text.end());
  }
};
template <class V>
void describe(V& v, CreateShader& s) {
  v.new_handle("handle", s.handle);
  v.choice("stage", s.stage, kShaderStageNames);
  v.packed("offlen", [&](auto& b) {
    b.bits("offset_or_length", s.offset_or_length, 0, 31);
    b.bits("continuation", s.continuation, 31, 1);
  });
  v.u32("num_tokens", s.num_tokens);
  if (s.stage == static_cast<uint32_t>(ShaderStage::COMPUTE)) {
    v.u32("shared_memory_size", s.shared_memory_size);
  } else {
    v.count("num_so_outputs", s.so_outputs);
    if (!s.so_outputs.empty()) {
      v.fixed("so_strides", s.so_strides);
      v.items("so_outputs", s.so_outputs);
    }
  }
  v.tail_bytes("text", s.text);
}

// ---- VERTEX_ELEMENTS (1 + 4n dwords, n <= 32) ------------------------------------------------
struct VertexElement {
  static constexpr uint32_t kDwords = 4;
  uint32_t src_offset = 0, instance_divisor = 0, vertex_buffer_index = 0, src_format = 0;
  bool operator==(const VertexElement&) const = default;
};
template <class V>
void describe(V& v, VertexElement& e) {
  v.u32("src_offset", e.src_offset);
  v.u32("instance_divisor", e.instance_divisor);
  v.u32("vertex_buffer_index", e.vertex_buffer_index);
  v.require(e.vertex_buffer_index < kMaxAttribs, ErrorKind::InvalidValue, [&](std::string& m) {
    append_message(m, "vertex_buffer_index ", e.vertex_buffer_index, " is not below ",
                   kMaxAttribs);
  });
  v.format("src_format", e.src_format);
}

struct CreateVertexElements {
  uint32_t handle = 0;
  BoundedArray<VertexElement, kMaxAttribs> elements;
  bool operator==(const CreateVertexElements&) const = default;
};
template <class V>
void describe(V& v, CreateVertexElements& s) {
  v.new_handle("handle", s.handle);
  v.array("elements", s.elements);
}

// ---- SAMPLER_VIEW (6 dwords) ---------------------------------------------------------------
// For a buffer resource the two range dwords are first/last element; for a texture they are
// first_layer | last_layer << 16 and first_level | last_level << 8.  Which one applies depends
// on the resource, which only the renderer knows, so they are kept raw.
struct CreateSamplerView {
  uint32_t handle = 0;
  uint32_t resource = 0;
  uint32_t format = 0, target = 0;  // target: pipe_texture_target in bits 24-31 (texture views)
  uint32_t first_element_or_layers = 0, last_element_or_levels = 0;
  uint32_t swizzle_r = 0, swizzle_g = 0, swizzle_b = 0, swizzle_a = 0;
  bool operator==(const CreateSamplerView&) const = default;
};
template <class V>
void describe(V& v, CreateSamplerView& s) {
  v.new_handle("handle", s.handle);
  v.resource("resource", s.resource);
  v.packed("format_target", [&](auto& b) {
    b.bits("format", s.format, 0, 24);
    b.bits("target", s.target, 24, 8);
  });
  v.require(is_known_format(s.format), ErrorKind::InvalidValue,
            [&](std::string& m) {
              append_message(m, "format ", s.format, " is not a virgl format");
            });
  v.require(s.target < kTextureTargetNames.size(), ErrorKind::InvalidValue,
            [&](std::string& m) {
              append_message(m, "target ", s.target, " is not a texture target");
            });
  v.u32("first_element_or_layers", s.first_element_or_layers);
  v.u32("last_element_or_levels", s.last_element_or_levels);
  v.packed("swizzle", [&](auto& b) {
    b.bits("r", s.swizzle_r, 0, 3);
    b.bits("g", s.swizzle_g, 3, 3);
    b.bits("b", s.swizzle_b, 6, 3);
    b.bits("a", s.swizzle_a, 9, 3);
  });
}

// ---- SAMPLER_STATE (9 dwords) --------------------------------------------------------------
struct CreateSamplerState {
  uint32_t handle = 0;
  uint32_t wrap_s = 0, wrap_t = 0, wrap_r = 0, min_img_filter = 0, min_mip_filter = 0;
  uint32_t mag_img_filter = 0, compare_mode = 0, compare_func = 0, seamless_cube_map = 0;
  uint32_t max_anisotropy = 0;
  float lod_bias = 0, min_lod = 0, max_lod = 0;
  std::array<uint32_t, 4> border_color{};  // float, int or uint by the view's format
  bool operator==(const CreateSamplerState&) const = default;
};
template <class V>
void describe(V& v, CreateSamplerState& s) {
  v.new_handle("handle", s.handle);
  v.packed("s0", [&](auto& b) {
    b.bits("wrap_s", s.wrap_s, 0, 3);
    b.bits("wrap_t", s.wrap_t, 3, 3);
    b.bits("wrap_r", s.wrap_r, 6, 3);
    b.bits("min_img_filter", s.min_img_filter, 9, 1);
    b.bits("min_mip_filter", s.min_mip_filter, 11, 2);
    b.bits("mag_img_filter", s.mag_img_filter, 13, 1);
    b.bits("compare_mode", s.compare_mode, 15, 1);
    b.bits("compare_func", s.compare_func, 16, 3);
    b.bits("seamless_cube_map", s.seamless_cube_map, 19, 1);
    b.bits("max_anisotropy", s.max_anisotropy, 20, 5);
  });
  v.f32("lod_bias", s.lod_bias);
  v.f32("min_lod", s.min_lod);
  v.f32("max_lod", s.max_lod);
  v.fixed("border_color", s.border_color);
}

// ---- SURFACE (5 dwords) and MSAA_SURFACE (6) -----------------------------------------------
// As with sampler views, the two range dwords mean first/last element for buffers and
// level / first_layer | last_layer << 16 for textures.
struct CreateSurface {
  uint32_t handle = 0;
  uint32_t resource = 0;
  uint32_t format = 0;
  uint32_t first_element_or_level = 0, last_element_or_layers = 0;
  bool operator==(const CreateSurface&) const = default;
};
template <class V>
void describe(V& v, CreateSurface& s) {
  v.new_handle("handle", s.handle);
  v.resource("resource", s.resource);
  v.format("format", s.format);
  v.u32("first_element_or_level", s.first_element_or_level);
  v.u32("last_element_or_layers", s.last_element_or_layers);
}

struct CreateMsaaSurface {
  CreateSurface surface;
  uint32_t sample_count = 0;
  bool operator==(const CreateMsaaSurface&) const = default;
};
template <class V>
void describe(V& v, CreateMsaaSurface& s) {
  describe(v, s.surface);
  v.u32("sample_count", s.sample_count);
}

// ---- QUERY (4 dwords) ----------------------------------------------------------------------
struct CreateQuery {
  uint32_t handle = 0;
  uint32_t query_type = 0, index = 0;
  uint32_t offset = 0;
  uint32_t resource = 0;  // where the result is written for the guest
  bool operator==(const CreateQuery&) const = default;
};
template <class V>
void describe(V& v, CreateQuery& s) {
  v.new_handle("handle", s.handle);
  v.packed("type_index", [&](auto& b) {
    b.bits("query_type", s.query_type, 0, 16);
    b.bits("index", s.index, 16, 16);
  });
  // PIPE_QUERY_DRIVER_SPECIFIC (256) and up are driver-defined and passed through.
  v.require(s.query_type < kQueryTypeNames.size() || s.query_type >= 256,
            ErrorKind::InvalidValue,
            [&](std::string& m) { append_message(m, "query_type ", s.query_type, " is unknown"); });
  v.u32("offset", s.offset);
  v.resource("resource", s.resource);
}

// ---- STREAMOUT_TARGET (4 dwords) -----------------------------------------------------------
struct CreateStreamoutTarget {
  uint32_t handle = 0;
  uint32_t resource = 0;
  uint32_t buffer_offset = 0, buffer_size = 0;
  bool operator==(const CreateStreamoutTarget&) const = default;
};
template <class V>
void describe(V& v, CreateStreamoutTarget& s) {
  v.new_handle("handle", s.handle);
  v.resource("resource", s.resource);
  v.u32("buffer_offset", s.buffer_offset);
  v.u32("buffer_size", s.buffer_size);
}

// ---- CREATE_OBJECT itself ------------------------------------------------------------------
// CREATE_OBJECT is dispatched on its object type and arrives at visitors as one of the structs
// above; this struct only gives the command its row in the table.
struct CreateObject {
  bool operator==(const CreateObject&) const = default;
};
template <class V>
void describe(V&, CreateObject&) {}

// ---- BIND_OBJECT / DESTROY_OBJECT (1 dword; the object type is in the header) ----------------
struct BindObject {
  uint32_t object_type = 0;
  uint32_t handle = 0;
  bool operator==(const BindObject&) const = default;
};
template <class V>
void describe(V& v, BindObject& s) {
  v.object_type(s.object_type);
  const ObjectInfo* info = find_object(s.object_type);
  v.require(info != nullptr && info->bindable, ErrorKind::UnknownObjectType, [&](std::string& m) {
    append_message(m, "object type ", object_type_name(s.object_type), " cannot be bound");
  });
  v.handle("handle", s.handle, static_cast<ObjectType>(s.object_type));
}

struct DestroyObject {
  uint32_t object_type = 0;
  uint32_t handle = 0;
  bool operator==(const DestroyObject&) const = default;
};
template <class V>
void describe(V& v, DestroyObject& s) {
  v.object_type(s.object_type);
  v.require(find_object(s.object_type) != nullptr, ErrorKind::UnknownObjectType,
            [&](std::string& m) {
              append_message(m, "object type ", s.object_type, " is unknown");
            });
  v.handle("handle", s.handle, static_cast<ObjectType>(s.object_type));
}

}  // namespace vgpu::virgl
