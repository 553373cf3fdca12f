#include "trace/events.h"

#include <algorithm>
#include <array>

namespace vgpu::trace {
namespace {

constexpr std::array<std::string_view, kEventKindCount> kNames = {
    "CapsetInfo",     "ContextCreate",    "ContextDestroy", "ResourceCreate", "ResourceCreateBlob",
    "ResourceUnref",  "AttachResource",   "DetachResource", "TransferToHost", "TransferFromHost",
    "Submit",         "FenceCreate",      "SyncCreate",     "SyncWrite",      "SyncWait",
    "SyncUnref",      "SetScanout",       "ResourceFlush",  "FrameEnd",       "Marker",
    "BackingWrite",   "ReadbackDigest"};

template <class T>
bool same_span(std::span<const T> a, std::span<const T> b) {
  return std::equal(a.begin(), a.end(), b.begin(), b.end());
}

// One overload per event kind: scalars by value, views by content.
bool equal(const CapsetInfo& a, const CapsetInfo& b) {
  return a.capset_id == b.capset_id && a.version == b.version && same_span(a.data, b.data);
}
bool equal(const ContextCreate& a, const ContextCreate& b) {
  return a.ctx_id == b.ctx_id && a.capset_id == b.capset_id && a.name == b.name;
}
bool equal(const ContextDestroy& a, const ContextDestroy& b) { return a.ctx_id == b.ctx_id; }
bool equal(const ResourceCreate& a, const ResourceCreate& b) {
  return a.res_id == b.res_id && a.target == b.target && a.format == b.format &&
         a.bind == b.bind && a.width == b.width && a.height == b.height && a.depth == b.depth &&
         a.array_size == b.array_size && a.last_level == b.last_level &&
         a.nr_samples == b.nr_samples && a.flags == b.flags;
}
bool equal(const ResourceCreateBlob& a, const ResourceCreateBlob& b) {
  return a.res_id == b.res_id && a.ctx_id == b.ctx_id && a.blob_mem == b.blob_mem &&
         a.blob_flags == b.blob_flags && a.blob_id == b.blob_id && a.size == b.size;
}
bool equal(const ResourceUnref& a, const ResourceUnref& b) { return a.res_id == b.res_id; }
bool equal(const AttachResource& a, const AttachResource& b) {
  return a.ctx_id == b.ctx_id && a.res_id == b.res_id;
}
bool equal(const DetachResource& a, const DetachResource& b) {
  return a.ctx_id == b.ctx_id && a.res_id == b.res_id;
}
template <class T>
bool equal_transfer(const T& a, const T& b) {
  return a.ctx_id == b.ctx_id && a.res_id == b.res_id && a.level == b.level && a.box == b.box &&
         a.stride == b.stride && a.layer_stride == b.layer_stride && a.offset == b.offset &&
         same_span(a.data, b.data);
}
bool equal(const TransferToHost& a, const TransferToHost& b) { return equal_transfer(a, b); }
bool equal(const TransferFromHost& a, const TransferFromHost& b) { return equal_transfer(a, b); }
bool equal(const Submit& a, const Submit& b) {
  return a.ctx_id == b.ctx_id && same_span(a.dwords, b.dwords);
}
bool equal(const FenceCreate& a, const FenceCreate& b) {
  return a.ctx_id == b.ctx_id && a.ring_idx == b.ring_idx && a.flags == b.flags &&
         a.fence_id == b.fence_id;
}
bool equal(const SyncCreate& a, const SyncCreate& b) {
  return a.sync_id == b.sync_id && a.value == b.value;
}
bool equal(const SyncWrite& a, const SyncWrite& b) {
  return a.sync_id == b.sync_id && a.value == b.value;
}
bool equal(const SyncWait& a, const SyncWait& b) {
  return a.flags == b.flags && a.timeout_ns == b.timeout_ns && same_span(a.points, b.points);
}
bool equal(const SyncUnref& a, const SyncUnref& b) { return a.sync_id == b.sync_id; }
bool equal(const SetScanout& a, const SetScanout& b) {
  return a.scanout_id == b.scanout_id && a.res_id == b.res_id && a.x == b.x && a.y == b.y &&
         a.width == b.width && a.height == b.height;
}
bool equal(const ResourceFlush& a, const ResourceFlush& b) {
  return a.res_id == b.res_id && a.x == b.x && a.y == b.y && a.width == b.width &&
         a.height == b.height;
}
bool equal(const FrameEnd& a, const FrameEnd& b) { return a.frame == b.frame; }
bool equal(const Marker& a, const Marker& b) { return a.text == b.text; }
bool equal(const BackingWrite& a, const BackingWrite& b) {
  return a.ctx_id == b.ctx_id && a.res_id == b.res_id && a.offset == b.offset &&
         same_span(a.data, b.data);
}
bool equal(const ReadbackDigest& a, const ReadbackDigest& b) {
  return equal_transfer(a, b) && a.size == b.size && a.digest == b.digest &&
         a.algorithm == b.algorithm;
}

}  // namespace

std::string_view event_kind_name(size_t variant_index) {
  return variant_index < kNames.size() ? kNames[variant_index] : std::string_view{"Unknown"};
}

bool same_event(const Event& a, const Event& b) {
  if (a.delta_ns != b.delta_ns || a.body.index() != b.body.index()) return false;
  return std::visit(
      [&](const auto& x) {
        using T = std::decay_t<decltype(x)>;
        return equal(x, std::get<T>(b.body));
      },
      a.body);
}

}  // namespace vgpu::trace
