// Seals the trace when the process dies of a signal it does not handle itself (SIGTERM from a
// test harness, SIGSEGV in the host).  Only signals still at their default action when the
// interposer starts are taken, so a host with its own handlers (QEMU's SIGTERM shutdown,
// virgl_test_server's SIGSEGV exit) keeps them and finalizes through atexit instead.  After
// `on_fatal` the default action is restored and the signal raised again: the process dies as it
// would have.
#pragma once

namespace vgpu::interposer {

void install_fatal_signal_hooks(void (*on_fatal)());

}  // namespace vgpu::interposer
