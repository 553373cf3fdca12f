#include "capture/interposer/call_recorder.h"

#include <algorithm>
#include <string_view>

#include "capture/interposer/pixel_size.h"
#include "capture/upload_scan.h"
#include "decoder/protocol.h"

namespace vgpu::interposer {

CallRecorder::CallRecorder(capture::CaptureSink& sink, RecorderOptions options)
    : sink_(sink), options_(options) {}

void CallRecorder::context_created(uint32_t ctx_id, uint32_t capset_id, std::string_view name) {
  contexts_.insert(ctx_id);
  emit(trace::ContextCreate{ctx_id, capset_id, name});
}

void CallRecorder::context_destroyed(uint32_t ctx_id) {
  if (contexts_.erase(ctx_id)) emit(trace::ContextDestroy{ctx_id});
}

void CallRecorder::everything_destroyed() {
  for (const auto& [res_id, res] : resources_) emit(trace::ResourceUnref{res_id});
  resources_.clear();
  for (uint32_t ctx_id : contexts_) emit(trace::ContextDestroy{ctx_id});
  contexts_.clear();
}

void CallRecorder::resource_created(const trace::ResourceCreate& args,
                                    std::span<const iovec> backing) {
  resources_[args.res_id] = Resource{args.target, args.bind,   args.format,
                                     args.width,  args.height, IovBytes(backing.data(), backing.size())};
  emit(args);
}

void CallRecorder::blob_created(const trace::ResourceCreateBlob& args,
                                std::span<const iovec> backing) {
  // Blobs are byte arrays: target 0 (PIPE_BUFFER) makes their transfers byte-addressed.
  resources_[args.res_id] = Resource{0, 0, 0, 0, 0, IovBytes(backing.data(), backing.size())};
  emit(args);
}

void CallRecorder::resource_unreferenced(uint32_t res_id) {
  // An id the host never created is ignored by it too; the trace does not mention it.
  if (resources_.erase(res_id)) emit(trace::ResourceUnref{res_id});
}

void CallRecorder::backing_attached(uint32_t res_id, std::span<const iovec> backing) {
  if (auto it = resources_.find(res_id); it != resources_.end()) {
    it->second.backing = IovBytes(backing.data(), backing.size());
  }
}

void CallRecorder::backing_detached(uint32_t res_id) {
  if (auto it = resources_.find(res_id); it != resources_.end()) it->second.backing = IovBytes();
}

void CallRecorder::resource_attached(uint32_t ctx_id, uint32_t res_id) {
  emit(trace::AttachResource{ctx_id, res_id});
}

void CallRecorder::resource_detached(uint32_t ctx_id, uint32_t res_id) {
  emit(trace::DetachResource{ctx_id, res_id});
}

void CallRecorder::transfer_to_host_before(const TransferCall& call,
                                           std::span<const iovec> explicit_iov) {
  trace::TransferToHost event;
  static_cast<trace::Transfer&>(event) = call;
  if (!explicit_iov.empty()) {
    event.data = region_bytes(call, IovBytes(explicit_iov.data(), explicit_iov.size()));
  } else if (const Resource* res = find(call.res_id)) {
    event.data = region_bytes(call, res->backing);
  }
  emit(event);
}

void CallRecorder::transfer_from_host_after(const TransferCall& call,
                                            std::span<const iovec> explicit_iov) {
  std::span<const uint8_t> bytes;
  if (!explicit_iov.empty()) {
    bytes = region_bytes(call, IovBytes(explicit_iov.data(), explicit_iov.size()));
  } else if (const Resource* res = find(call.res_id)) {
    bytes = region_bytes(call, res->backing);
  } else {
    return;  // the host rejects a readback of an unknown resource: nothing was written
  }
  record_readback(call, bytes, is_frame(call.res_id));
}

std::vector<PendingReadback> CallRecorder::submit_before(uint32_t ctx_id,
                                                         std::span<const uint32_t> dwords) {
  std::vector<PendingReadback> readbacks;
  if (finished()) return readbacks;
  const capture::UploadScan scan = capture::scan_transfers(dwords);
  for (const auto& t : scan.transfers) {
    const Resource* res = find(t.res_id);
    if (!res || res->backing.empty()) continue;  // no backing: the host reads nothing
    const capture::BackingRange range =
        capture::backing_range(t.shape(target_of(t.region_res)), res->backing.size());
    if (range.size == 0) continue;
    if (t.to_host) {
      emit(trace::BackingWrite{ctx_id, t.res_id, range.offset,
                               res->backing.view(range.offset, range.size, scratch_)});
    } else {
      trace::Transfer region{ctx_id,   t.res_id,       t.level,      t.box,
                             t.stride, t.layer_stride, range.offset, {}};
      readbacks.push_back({region, range});
    }
  }
  emit(trace::Submit{ctx_id, dwords});
  return readbacks;
}

void CallRecorder::submit_after(const std::vector<PendingReadback>& readbacks) {
  for (const PendingReadback& r : readbacks) {
    const Resource* res = find(r.region.res_id);
    if (!res) continue;
    record_readback(r.region, res->backing.view(r.range.offset, r.range.size, scratch_),
                    is_frame(r.region.res_id));
  }
}

void CallRecorder::fence_created(const trace::FenceCreate& fence) { emit(fence); }

void CallRecorder::capset_sized(uint32_t capset_id, uint32_t size) {
  capset_sizes_[capset_id] = size;
}

bool CallRecorder::capset_size_known(uint32_t capset_id) const {
  return capset_sizes_.contains(capset_id);
}

void CallRecorder::caps_filled(uint32_t capset_id, uint32_t version, const void* caps) {
  const auto it = capset_sizes_.find(capset_id);
  if (it == capset_sizes_.end() || it->second == 0 || !caps) return;  // nothing was written
  emit(trace::CapsetInfo{capset_id, version,
                         {static_cast<const uint8_t*>(caps), it->second}});
}

void CallRecorder::frame_end_hook() {
  hook_ends_frames_ = true;
  end_frame();
}

const CallRecorder::Resource* CallRecorder::find(uint32_t res_id) const {
  const auto it = resources_.find(res_id);
  return it == resources_.end() ? nullptr : &it->second;
}

uint32_t CallRecorder::target_of(uint32_t res_id) const {
  const Resource* res = find(res_id);
  return res ? res->target : 0;
}

bool CallRecorder::is_frame(uint32_t res_id) const {
  const Resource* res = find(res_id);
  return !hook_ends_frames_ && res && (res->bind & virgl::kPresentableBinds) != 0;
}

std::span<const uint8_t> CallRecorder::region_bytes(const TransferCall& call,
                                                    const IovBytes& bytes) {
  capture::TransferShape shape{target_of(call.res_id), call.stride,     call.layer_stride,
                               call.box.width,         call.box.height, call.box.depth,
                               call.offset};
  const Resource* res = find(call.res_id);
  const uint32_t pixel = res ? pixel_size(res->format) : 0;
  if (res && res->target != 0 && call.stride == 0 && pixel != 0 && call.level < 32) {
    const uint64_t pitch = uint64_t{std::max(res->width >> call.level, 1u)} * pixel;
    const uint64_t layer_pitch = pitch * std::max(res->height >> call.level, 1u);
    if (layer_pitch <= UINT32_MAX) {  // else: leave the upper bound of backing_range()
      shape.stride = static_cast<uint32_t>(pitch);
      if (shape.layer_stride == 0) shape.layer_stride = static_cast<uint32_t>(layer_pitch);
    }
  }
  const capture::BackingRange range = capture::backing_range(shape, bytes.size());
  return bytes.view(range.offset, range.size, scratch_);
}

void CallRecorder::record_readback(const trace::Transfer& region, std::span<const uint8_t> bytes,
                                   bool frame) {
  const bool keep_pixels = !frame || (frames_ >= options_.first_frame &&
                                      options_.frame_pixels.keeps_pixels(frames_));
  emit(capture::readback_event(region, bytes, keep_pixels));
  if (frame) end_frame();
}

void CallRecorder::end_frame() {
  if (finished()) return;
  ++frames_;
  sink_.end_frame();
}

void CallRecorder::emit(trace::EventBody body) {
  if (!finished()) sink_.emit(std::move(body));
}

}  // namespace vgpu::interposer
