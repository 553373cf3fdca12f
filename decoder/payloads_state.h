// Payloads of the pipeline-state commands: viewports, framebuffer, vertex/index/constant/uniform
// buffers, sampler views and states, scissors, clip and stipple, stream-out, sub-contexts,
// shader bindings, shader buffers/images/atomics, tessellation and sample state.
#pragma once

#include <array>
#include <cstdint>
#include <span>
#include <string>

#include "decoder/bounded_array.h"
#include "decoder/checked_math.h"
#include "decoder/protocol.h"
#include "decoder/schema.h"

namespace vgpu::virgl {

// A slot range [start_slot, start_slot + count) must fit the per-stage limit.
template <class V>
void require_slots(V& v, uint32_t start_slot, size_t count, uint32_t limit) {
  v.require(range_fits(start_slot, static_cast<uint32_t>(count), limit), ErrorKind::InvalidValue,
            [=](std::string& m) {
              append_message(m, "slots ", start_slot, " + ", count, " exceed the limit of ",
                             limit);
            });
}

struct Viewport {
  static constexpr uint32_t kDwords = 6;
  std::array<float, 3> scale{}, translate{};
  bool operator==(const Viewport&) const = default;
};
template <class V>
void describe(V& v, Viewport& s) {
  v.fixed("scale", s.scale);
  v.fixed("translate", s.translate);
}
struct SetViewportState {
  uint32_t start_slot = 0;
  BoundedArray<Viewport, kMaxViewports> viewports;
  bool operator==(const SetViewportState&) const = default;
};
template <class V>
void describe(V& v, SetViewportState& s) {
  v.u32("start_slot", s.start_slot);
  v.array("viewports", s.viewports);
  require_slots(v, s.start_slot, s.viewports.size(), kMaxViewports);
}

struct SetFramebufferState {
  uint32_t zsurf = 0;
  BoundedArray<uint32_t, kMaxColorBuffers> cbufs;  // surface handles, 0 = unbound
  bool operator==(const SetFramebufferState&) const = default;
};
template <class V>
void describe(V& v, SetFramebufferState& s) {
  v.count("nr_cbufs", s.cbufs);
  v.handle("zsurf", s.zsurf, ObjectType::SURFACE);
  v.items("cbufs", s.cbufs);
}

struct VertexBuffer {
  static constexpr uint32_t kDwords = 3;
  uint32_t stride = 0, offset = 0, resource = 0;
  bool operator==(const VertexBuffer&) const = default;
};
template <class V>
void describe(V& v, VertexBuffer& s) {
  v.u32("stride", s.stride);
  v.u32("offset", s.offset);
  v.resource("resource", s.resource);
}
struct SetVertexBuffers {
  BoundedArray<VertexBuffer, kMaxAttribs> buffers;
  bool operator==(const SetVertexBuffers&) const = default;
};
template <class V>
void describe(V& v, SetVertexBuffers& s) {
  v.array("buffers", s.buffers);
}

struct SetSamplerViews {
  uint32_t stage = 0, start_slot = 0;
  BoundedArray<uint32_t, kMaxSamplerViews> views;  // sampler view handles
  bool operator==(const SetSamplerViews&) const = default;
};
template <class V>
void describe(V& v, SetSamplerViews& s) {
  v.choice("stage", s.stage, kShaderStageNames);
  v.u32("start_slot", s.start_slot);
  v.array("views", s.views);
  require_slots(v, s.start_slot, s.views.size(), kMaxSamplerViews);
}

struct SetIndexBuffer {
  uint32_t resource = 0;  // 0 unbinds; then the command has no size/offset
  bool has_layout = false;
  uint32_t index_size = 0, offset = 0;
  bool operator==(const SetIndexBuffer&) const = default;
};
template <class V>
void describe(V& v, SetIndexBuffer& s) {
  v.resource("resource", s.resource);
  if (v.present(s.has_layout)) {
    v.u32("index_size", s.index_size);
    v.require(s.index_size == 1 || s.index_size == 2 || s.index_size == 4,
              ErrorKind::InvalidValue,
              [&](std::string& m) {
                append_message(m, "index_size ", s.index_size, " is not 1, 2 or 4");
              });
    v.u32("offset", s.offset);
  }
}

struct SetConstantBuffer {
  uint32_t stage = 0, index = 0;
  std::span<const uint32_t> data;  // float constants, as raw dwords
  bool operator==(const SetConstantBuffer& o) const {
    return stage == o.stage && index == o.index &&
           std::equal(data.begin(), data.end(), o.data.begin(), o.data.end());
  }
};
template <class V>
void describe(V& v, SetConstantBuffer& s) {
  v.choice("stage", s.stage, kShaderStageNames);
  v.u32("index", s.index);
  v.tail_words("data", s.data);
}

struct SetStencilRef {
  uint32_t front = 0, back = 0;
  bool operator==(const SetStencilRef&) const = default;
};
template <class V>
void describe(V& v, SetStencilRef& s) {
  v.packed("ref", [&](auto& b) {
    b.bits("front", s.front, 0, 8);
    b.bits("back", s.back, 8, 8);
  });
}

struct SetBlendColor {
  std::array<float, 4> color{};
  bool operator==(const SetBlendColor&) const = default;
};
template <class V>
void describe(V& v, SetBlendColor& s) {
  v.fixed("color", s.color);
}

struct Scissor {
  static constexpr uint32_t kDwords = 2;
  uint32_t minx = 0, miny = 0, maxx = 0, maxy = 0;
  bool operator==(const Scissor&) const = default;
};
template <class V>
void describe(V& v, Scissor& s) {
  v.packed("min", [&](auto& b) {
    b.bits("minx", s.minx, 0, 16);
    b.bits("miny", s.miny, 16, 16);
  });
  v.packed("max", [&](auto& b) {
    b.bits("maxx", s.maxx, 0, 16);
    b.bits("maxy", s.maxy, 16, 16);
  });
}
struct SetScissorState {
  uint32_t start_slot = 0;
  BoundedArray<Scissor, kMaxViewports> scissors;
  bool operator==(const SetScissorState&) const = default;
};
template <class V>
void describe(V& v, SetScissorState& s) {
  v.u32("start_slot", s.start_slot);
  v.array("scissors", s.scissors);
  require_slots(v, s.start_slot, s.scissors.size(), kMaxViewports);
}

struct BindSamplerStates {
  uint32_t stage = 0, start_slot = 0;
  BoundedArray<uint32_t, kMaxSamplers> states;  // sampler state handles
  bool operator==(const BindSamplerStates&) const = default;
};
template <class V>
void describe(V& v, BindSamplerStates& s) {
  v.choice("stage", s.stage, kShaderStageNames);
  v.u32("start_slot", s.start_slot);
  v.array("states", s.states);
  require_slots(v, s.start_slot, s.states.size(), kMaxSamplers);
}

struct SetPolygonStipple {
  std::array<uint32_t, 32> pattern{};
  bool operator==(const SetPolygonStipple&) const = default;
};
template <class V>
void describe(V& v, SetPolygonStipple& s) {
  v.fixed("pattern", s.pattern);
}

struct SetClipState {
  std::array<float, 32> planes{};  // 8 planes x (a, b, c, d)
  bool operator==(const SetClipState&) const = default;
};
template <class V>
void describe(V& v, SetClipState& s) {
  v.fixed("planes", s.planes);
}

struct SetSampleMask {
  uint32_t mask = 0;
  bool operator==(const SetSampleMask&) const = default;
};
template <class V>
void describe(V& v, SetSampleMask& s) {
  v.u32("mask", s.mask);
}

struct SetStreamoutTargets {
  uint32_t append_bitmask = 0;
  BoundedArray<uint32_t, kMaxStreamoutTargets> targets;  // stream-out target handles
  bool operator==(const SetStreamoutTargets&) const = default;
};
template <class V>
void describe(V& v, SetStreamoutTargets& s) {
  v.u32("append_bitmask", s.append_bitmask);
  v.array("targets", s.targets);
}

struct SetRenderCondition {
  uint32_t query = 0, condition = 0, mode = 0;
  bool operator==(const SetRenderCondition&) const = default;
};
template <class V>
void describe(V& v, SetRenderCondition& s) {
  v.handle("query", s.query, ObjectType::QUERY);
  v.u32("condition", s.condition);
  v.u32("mode", s.mode);
}

struct SetUniformBuffer {
  uint32_t stage = 0, index = 0, offset = 0, length = 0, resource = 0;
  bool operator==(const SetUniformBuffer&) const = default;
};
template <class V>
void describe(V& v, SetUniformBuffer& s) {
  v.choice("stage", s.stage, kShaderStageNames);
  v.u32("index", s.index);
  v.u32("offset", s.offset);
  v.u32("length", s.length);
  v.resource("resource", s.resource);
}

// SET_SUB_CTX, CREATE_SUB_CTX and DESTROY_SUB_CTX all carry one sub-context id.
struct SubCtxId {
  uint32_t sub_ctx = 0;
  bool operator==(const SubCtxId&) const = default;
};
template <class V>
void describe(V& v, SubCtxId& s) {
  v.u32("sub_ctx", s.sub_ctx);
}
struct SetSubCtx : SubCtxId {};
struct CreateSubCtx : SubCtxId {};
struct DestroySubCtx : SubCtxId {};

struct BindShader {
  uint32_t handle = 0, stage = 0;
  bool operator==(const BindShader&) const = default;
};
template <class V>
void describe(V& v, BindShader& s) {
  v.handle("handle", s.handle, ObjectType::SHADER);
  v.choice("stage", s.stage, kShaderStageNames);
}

struct SetTessState {
  std::array<float, 4> outer{};
  std::array<float, 2> inner{};
  bool operator==(const SetTessState&) const = default;
};
template <class V>
void describe(V& v, SetTessState& s) {
  v.fixed("outer", s.outer);
  v.fixed("inner", s.inner);
}

struct SetMinSamples {
  uint32_t min_samples = 0;
  bool operator==(const SetMinSamples&) const = default;
};
template <class V>
void describe(V& v, SetMinSamples& s) {
  v.u32("min_samples", s.min_samples);
}

struct BufferBinding {
  static constexpr uint32_t kDwords = 3;
  uint32_t offset = 0, length = 0, resource = 0;
  bool operator==(const BufferBinding&) const = default;
};
template <class V>
void describe(V& v, BufferBinding& s) {
  v.u32("offset", s.offset);
  v.u32("length", s.length);
  v.resource("resource", s.resource);
}
struct SetShaderBuffers {
  uint32_t stage = 0, start_slot = 0;
  BoundedArray<BufferBinding, kMaxShaderBuffers> buffers;
  bool operator==(const SetShaderBuffers&) const = default;
};
template <class V>
void describe(V& v, SetShaderBuffers& s) {
  v.choice("stage", s.stage, kShaderStageNames);
  v.u32("start_slot", s.start_slot);
  v.array("buffers", s.buffers);
  require_slots(v, s.start_slot, s.buffers.size(), kMaxShaderBuffers);
}

struct ImageBinding {
  static constexpr uint32_t kDwords = 5;
  uint32_t format = 0, access = 0, layer_offset = 0, level_size = 0, resource = 0;
  bool operator==(const ImageBinding&) const = default;
};
template <class V>
void describe(V& v, ImageBinding& s) {
  v.format("format", s.format);
  v.u32("access", s.access);
  v.u32("layer_offset", s.layer_offset);
  v.u32("level_size", s.level_size);
  v.resource("resource", s.resource);
}
struct SetShaderImages {
  uint32_t stage = 0, start_slot = 0;
  BoundedArray<ImageBinding, kMaxShaderImages> images;
  bool operator==(const SetShaderImages&) const = default;
};
template <class V>
void describe(V& v, SetShaderImages& s) {
  v.choice("stage", s.stage, kShaderStageNames);
  v.u32("start_slot", s.start_slot);
  v.array("images", s.images);
  require_slots(v, s.start_slot, s.images.size(), kMaxShaderImages);
}

struct SetAtomicBuffers {
  uint32_t start_slot = 0;
  BoundedArray<BufferBinding, kMaxAtomicBuffers> buffers;
  bool operator==(const SetAtomicBuffers&) const = default;
};
template <class V>
void describe(V& v, SetAtomicBuffers& s) {
  v.u32("start_slot", s.start_slot);
  v.array("buffers", s.buffers);
  require_slots(v, s.start_slot, s.buffers.size(), kMaxAtomicBuffers);
}

struct SetFramebufferStateNoAttach {
  uint32_t width = 0, height = 0, layers = 0, samples = 0;
  bool operator==(const SetFramebufferStateNoAttach&) const = default;
};
template <class V>
void describe(V& v, SetFramebufferStateNoAttach& s) {
  v.packed("size", [&](auto& b) {
    b.bits("width", s.width, 0, 16);
    b.bits("height", s.height, 16, 16);
  });
  v.packed("layers_samples", [&](auto& b) {
    b.bits("layers", s.layers, 0, 16);
    b.bits("samples", s.samples, 16, 8);
  });
}

struct LinkShader {
  std::array<uint32_t, 6> handles{};  // vertex, fragment, geometry, tess ctrl, tess eval, compute
  bool operator==(const LinkShader&) const = default;
};
template <class V>
void describe(V& v, LinkShader& s) {
  for (size_t i = 0; i < s.handles.size(); ++i)
    v.handle(kShaderStageNames[i].data(), s.handles[i], ObjectType::SHADER);
}

}  // namespace vgpu::virgl
