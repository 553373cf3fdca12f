// The recorded half of the API (virgl_api.def): each wrapper records its call as events and calls
// the real function, with the same arguments and the same return value.  What the host is about
// to read is recorded before the call, what it created or wrote after it.
#include <string_view>
#include <vector>

#include "capture/interposer/call_recorder.h"
#include "capture/interposer/process_recording.h"
#include "capture/interposer/real_api.h"
#include "capture/interposer/vgpu_capture_virgl.h"

namespace {

using vgpu::interposer::CallRecorder;
using vgpu::interposer::ProcessRecording;

template <class F>
void record(F&& fn) {
  if (vgpu::real::inside_real_call()) return;  // the library calling itself: already recorded
  if (ProcessRecording* r = ProcessRecording::get()) r->record(fn);
}

std::span<const iovec> iovecs(const iovec* iov, long count) {
  if (!iov || count <= 0) return {};
  return {iov, static_cast<size_t>(count)};
}

vgpu::interposer::TransferCall transfer_call(uint32_t handle, uint32_t ctx_id, uint32_t level,
                                             uint32_t stride, uint32_t layer_stride,
                                             const virgl_box* box, uint64_t offset) {
  vgpu::interposer::TransferCall t;
  t.ctx_id = ctx_id;
  t.res_id = handle;
  t.level = level;
  if (box) t.box = {box->x, box->y, box->z, box->w, box->h, box->d};
  t.stride = stride;
  t.layer_stride = layer_stride;
  t.offset = offset;
  return t;
}

std::string_view context_name(uint32_t nlen, const char* name) {
  return name ? std::string_view(name, nlen) : std::string_view{};
}

}  // namespace

extern "C" {

#define VGPU_EXPORT __attribute__((visibility("default")))

VGPU_EXPORT int virgl_renderer_init(void* cookie, int flags, struct virgl_renderer_callbacks* cb) {
  (void)ProcessRecording::get();  // reads the configuration now, so that its log line comes early
  return vgpu::real::virgl_renderer_init(cookie, flags, cb);
}

VGPU_EXPORT void virgl_renderer_cleanup(void* cookie) {
  vgpu::real::virgl_renderer_cleanup(cookie);
  if (ProcessRecording* r = ProcessRecording::get()) r->checkpoint();
}

VGPU_EXPORT void virgl_renderer_reset(void) {
  vgpu::real::virgl_renderer_reset();
  record([](CallRecorder& r) { r.everything_destroyed(); });
}

VGPU_EXPORT int virgl_renderer_context_create(uint32_t handle, uint32_t nlen, const char* name) {
  const int ret = vgpu::real::virgl_renderer_context_create(handle, nlen, name);
  if (ret == 0) {
    record([&](CallRecorder& r) { r.context_created(handle, 0, context_name(nlen, name)); });
  }
  return ret;
}

VGPU_EXPORT int virgl_renderer_context_create_with_flags(uint32_t ctx_id, uint32_t ctx_flags,
                                                         uint32_t nlen, const char* name) {
  const int ret = vgpu::real::virgl_renderer_context_create_with_flags(ctx_id, ctx_flags, nlen, name);
  if (ret == 0) {
    const uint32_t capset = ctx_flags & VIRGL_RENDERER_CONTEXT_FLAG_CAPSET_ID_MASK;
    record([&](CallRecorder& r) { r.context_created(ctx_id, capset, context_name(nlen, name)); });
  }
  return ret;
}

VGPU_EXPORT void virgl_renderer_context_destroy(uint32_t handle) {
  vgpu::real::virgl_renderer_context_destroy(handle);
  record([&](CallRecorder& r) { r.context_destroyed(handle); });
}

VGPU_EXPORT int virgl_renderer_resource_create(struct virgl_renderer_resource_create_args* args,
                                               struct iovec* iov, uint32_t num_iovs) {
  const int ret = vgpu::real::virgl_renderer_resource_create(args, iov, num_iovs);
  if (ret == 0 && args) {
    const vgpu::trace::ResourceCreate event{args->handle,     args->target,     args->format,
                                            args->bind,       args->width,      args->height,
                                            args->depth,      args->array_size, args->last_level,
                                            args->nr_samples, args->flags};
    record([&](CallRecorder& r) { r.resource_created(event, iovecs(iov, num_iovs)); });
  }
  return ret;
}

VGPU_EXPORT int virgl_renderer_resource_create_blob(
    const struct virgl_renderer_resource_create_blob_args* args) {
  const int ret = vgpu::real::virgl_renderer_resource_create_blob(args);
  if (ret == 0 && args) {
    const vgpu::trace::ResourceCreateBlob event{args->res_handle, args->ctx_id, args->blob_mem,
                                                args->blob_flags, args->blob_id, args->size};
    record([&](CallRecorder& r) { r.blob_created(event, iovecs(args->iovecs, args->num_iovs)); });
  }
  return ret;
}

VGPU_EXPORT void virgl_renderer_resource_unref(uint32_t res_handle) {
  record([&](CallRecorder& r) { r.resource_unreferenced(res_handle); });
  vgpu::real::virgl_renderer_resource_unref(res_handle);
}

VGPU_EXPORT int virgl_renderer_resource_attach_iov(int res_handle, struct iovec* iov,
                                                   int num_iovs) {
  const int ret = vgpu::real::virgl_renderer_resource_attach_iov(res_handle, iov, num_iovs);
  if (ret == 0) {
    record([&](CallRecorder& r) {
      r.backing_attached(static_cast<uint32_t>(res_handle), iovecs(iov, num_iovs));
    });
  }
  return ret;
}

VGPU_EXPORT void virgl_renderer_resource_detach_iov(int res_handle, struct iovec** iov,
                                                    int* num_iovs) {
  record([&](CallRecorder& r) { r.backing_detached(static_cast<uint32_t>(res_handle)); });
  vgpu::real::virgl_renderer_resource_detach_iov(res_handle, iov, num_iovs);
}

VGPU_EXPORT void virgl_renderer_ctx_attach_resource(int ctx_id, int res_handle) {
  vgpu::real::virgl_renderer_ctx_attach_resource(ctx_id, res_handle);
  record([&](CallRecorder& r) {
    r.resource_attached(static_cast<uint32_t>(ctx_id), static_cast<uint32_t>(res_handle));
  });
}

VGPU_EXPORT void virgl_renderer_ctx_detach_resource(int ctx_id, int res_handle) {
  vgpu::real::virgl_renderer_ctx_detach_resource(ctx_id, res_handle);
  record([&](CallRecorder& r) {
    r.resource_detached(static_cast<uint32_t>(ctx_id), static_cast<uint32_t>(res_handle));
  });
}

VGPU_EXPORT int virgl_renderer_transfer_write_iov(uint32_t handle, uint32_t ctx_id, int level,
                                                  uint32_t stride, uint32_t layer_stride,
                                                  struct virgl_box* box, uint64_t offset,
                                                  struct iovec* iovec, unsigned int iovec_cnt) {
  record([&](CallRecorder& r) {
    r.transfer_to_host_before(transfer_call(handle, ctx_id, static_cast<uint32_t>(level), stride,
                                            layer_stride, box, offset),
                              iovecs(iovec, iovec_cnt));
  });
  return vgpu::real::virgl_renderer_transfer_write_iov(handle, ctx_id, level, stride, layer_stride,
                                                       box, offset, iovec, iovec_cnt);
}

VGPU_EXPORT int virgl_renderer_transfer_read_iov(uint32_t handle, uint32_t ctx_id, uint32_t level,
                                                 uint32_t stride, uint32_t layer_stride,
                                                 struct virgl_box* box, uint64_t offset,
                                                 struct iovec* iov, int iovec_cnt) {
  const int ret = vgpu::real::virgl_renderer_transfer_read_iov(handle, ctx_id, level, stride,
                                                              layer_stride, box, offset, iov,
                                                              iovec_cnt);
  if (ret == 0) {
    record([&](CallRecorder& r) {
      r.transfer_from_host_after(
          transfer_call(handle, ctx_id, level, stride, layer_stride, box, offset),
          iovecs(iov, iovec_cnt));
    });
  }
  return ret;
}

VGPU_EXPORT int virgl_renderer_submit_cmd(void* buffer, int ctx_id, int ndw) {
  std::vector<vgpu::interposer::PendingReadback> readbacks;
  if (buffer && ndw > 0) {
    const std::span<const uint32_t> dwords{static_cast<const uint32_t*>(buffer),
                                           static_cast<size_t>(ndw)};
    record([&](CallRecorder& r) {
      readbacks = r.submit_before(static_cast<uint32_t>(ctx_id), dwords);
    });
  }
  const int ret = vgpu::real::virgl_renderer_submit_cmd(buffer, ctx_id, ndw);
  // Even a failed submit ran its commands up to the failure, readbacks included.
  if (!readbacks.empty()) record([&](CallRecorder& r) { r.submit_after(readbacks); });
  return ret;
}

VGPU_EXPORT int virgl_renderer_create_fence(int client_fence_id, uint32_t ctx_id) {
  const int ret = vgpu::real::virgl_renderer_create_fence(client_fence_id, ctx_id);
  if (ret == 0) {
    record([&](CallRecorder& r) {
      r.fence_created({ctx_id, 0, 0, static_cast<uint32_t>(client_fence_id)});
    });
  }
  return ret;
}

VGPU_EXPORT int virgl_renderer_context_create_fence(uint32_t ctx_id, uint32_t flags,
                                                    uint32_t ring_idx, uint64_t fence_id) {
  const int ret = vgpu::real::virgl_renderer_context_create_fence(ctx_id, flags, ring_idx, fence_id);
  if (ret == 0) record([&](CallRecorder& r) { r.fence_created({ctx_id, ring_idx, flags, fence_id}); });
  return ret;
}

VGPU_EXPORT void virgl_renderer_get_cap_set(uint32_t set, uint32_t* max_ver, uint32_t* max_size) {
  vgpu::real::virgl_renderer_get_cap_set(set, max_ver, max_size);
  if (max_size) record([&](CallRecorder& r) { r.capset_sized(set, *max_size); });
}

VGPU_EXPORT void virgl_renderer_fill_caps(uint32_t set, uint32_t version, void* caps) {
  vgpu::real::virgl_renderer_fill_caps(set, version, caps);
  record([&](CallRecorder& r) {
    if (!r.capset_size_known(set)) {
      // A host that knows the size by other means: ask, as it would have (a pure query).
      uint32_t max_version = 0, max_size = 0;
      vgpu::real::virgl_renderer_get_cap_set(set, &max_version, &max_size);
      r.capset_sized(set, max_size);
    }
    r.caps_filled(set, version, caps);
  });
}

VGPU_EXPORT void vgpu_capture_frame_end(void) {
  record([](CallRecorder& r) { r.frame_end_hook(); });
}

}  // extern "C"
