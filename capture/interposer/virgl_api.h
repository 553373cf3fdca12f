// libvirglrenderer's public API as the interposer sees it: the real header (with the unstable
// APIs, which QEMU and crosvm use), plus the one struct it only forward-declares.
#pragma once

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/uio.h>

#ifndef VIRGL_RENDERER_UNSTABLE_APIS
#define VIRGL_RENDERER_UNSTABLE_APIS
#endif
// The 0.10.4 header has no extern "C" guard of its own.
extern "C" {
#include <virgl/virglrenderer.h>
}

// virglrenderer's src/virgl_hw.h: the box of a transfer, in pixels (bytes for buffers).
struct virgl_box {
  uint32_t x, y, z;
  uint32_t w, h, d;
};
