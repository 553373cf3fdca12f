// vgpu-vmm-like-host: drives libvirglrenderer the way QEMU's virtio-gpu-virgl does (its own
// init and callbacks, guest pages attached as iovecs, TRANSFER_TO_HOST/FROM_HOST through
// transfer_write_iov/transfer_read_iov with no iovecs of their own, fences, the display hook),
// without a guest.  Exit status 0 when the texture round trip returned the uploaded bytes.
// Built without sanitizers: it is the uninstrumented host the interposer is preloaded into.
#include <dlfcn.h>
#include <sys/uio.h>

#include <cstdio>
#include <vector>

#include "capture/interposer/virgl_api.h"
#include "tests/interposer/vmm_like_host.h"

using namespace vgpu::interposer::testing;

namespace {

int fail(const char* what, int ret) {
  std::fprintf(stderr, "vgpu-vmm-like-host: FAIL: %s returned %d\n", what, ret);
  return 1;
}

}  // namespace

int main() {
  static virgl_renderer_callbacks callbacks{};
  callbacks.version = VIRGL_RENDERER_CALLBACKS_VERSION;
  callbacks.write_fence = [](void*, uint32_t) {};
  callbacks.get_drm_fd = [](void*) { return -1; };  // let virglrenderer find its device
  callbacks.write_context_fence = [](void*, uint32_t, uint32_t, uint64_t) {};
  // virgl_test_server's flags; 0.10.4 fails to initialise here without THREAD_SYNC.
  static int cookie;
  const int flags =
      VIRGL_RENDERER_USE_EGL | VIRGL_RENDERER_USE_SURFACELESS | VIRGL_RENDERER_THREAD_SYNC;
  int ret = virgl_renderer_init(&cookie, flags, &callbacks);
  if (ret) return fail("virgl_renderer_init", ret);

  uint32_t max_version = 0, max_size = 0;
  virgl_renderer_get_cap_set(2, &max_version, &max_size);
  std::vector<uint8_t> caps(max_size);
  virgl_renderer_fill_caps(2, max_version, caps.data());

  if ((ret = virgl_renderer_context_create(1, 3, "vmm"))) return fail("context_create", ret);
  virgl_renderer_resource_create_args args{};
  args.handle = 5;
  args.target = 2;   // PIPE_TEXTURE_2D
  args.format = 1;   // B8G8R8A8_UNORM
  args.bind = 1u << 1;  // RENDER_TARGET
  args.width = args.height = kVmmSide;
  args.depth = args.array_size = 1;
  if ((ret = virgl_renderer_resource_create(&args, nullptr, 0))) return fail("resource_create", ret);

  std::vector<uint8_t> guest(kVmmBytes);
  for (size_t i = 0; i < guest.size(); ++i) guest[i] = vmm_pattern_byte(i);
  iovec pages[3] = {{guest.data(), kVmmIovSplit[0]},
                    {guest.data() + kVmmIovSplit[0], kVmmIovSplit[1]},
                    {guest.data() + kVmmIovSplit[0] + kVmmIovSplit[1], kVmmIovSplit[2]}};
  if ((ret = virgl_renderer_resource_attach_iov(5, pages, 3))) return fail("attach_iov", ret);
  virgl_renderer_ctx_attach_resource(1, 5);

  virgl_box box{0, 0, 0, kVmmSide, kVmmSide, 1};
  ret = virgl_renderer_transfer_write_iov(5, 1, 0, kVmmSide * 4, 0, &box, 0, nullptr, 0);
  if (ret) return fail("transfer_write_iov", ret);
  std::fill(guest.begin(), guest.end(), uint8_t{0});
  ret = virgl_renderer_transfer_read_iov(5, 1, 0, kVmmSide * 4, 0, &box, 0, nullptr, 0);
  if (ret) return fail("transfer_read_iov", ret);
  for (size_t i = 0; i < guest.size(); ++i) {
    if (guest[i] != vmm_pattern_byte(i)) return fail("the read back byte at this offset", static_cast<int>(i));
  }

  // The display path: a VMM tells the interposer a frame ended (absent without it).
  if (auto* frame_end = reinterpret_cast<void (*)()>(dlsym(RTLD_DEFAULT, "vgpu_capture_frame_end"))) {
    frame_end();
  }
  if ((ret = virgl_renderer_create_fence(1, 0))) return fail("create_fence", ret);
  virgl_renderer_poll();

  virgl_renderer_ctx_detach_resource(1, 5);
  virgl_renderer_resource_detach_iov(5, nullptr, nullptr);
  virgl_renderer_resource_unref(5);
  virgl_renderer_context_destroy(1);
  virgl_renderer_cleanup(nullptr);
  std::printf("vgpu-vmm-like-host: PASS (%zu bytes round-tripped through 3 iovecs)\n", guest.size());
  return 0;
}
