/* The interposer's own API, for a VMM that wants to tell it where frames end.  C, so that QEMU
 * (C) and crosvm (Rust, through FFI) can call it; look it up with dlsym(RTLD_DEFAULT,
 * "vgpu_capture_frame_end") so that the VMM still runs without the interposer. */
#ifndef VGPU_CAPTURE_VIRGL_H
#define VGPU_CAPTURE_VIRGL_H

#ifdef __cplusplus
extern "C" {
#endif

/* Ends the current frame (a FrameEnd event).  Once called, readbacks of scanout resources no
 * longer end frames: the VMM knows its presents better.  Thread-safe; a no-op when recording is
 * off. */
__attribute__((visibility("default"))) void vgpu_capture_frame_end(void);

#ifdef __cplusplus
}
#endif

#endif
