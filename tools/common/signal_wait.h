// Signals taken synchronously: the daemons (vgpu-capture, vgpu-server) block SIGINT, SIGTERM and
// SIGCHLD before starting any thread, so that no session or writer thread is ever interrupted by
// one, and read them from a signalfd in the main thread.
#pragma once

namespace vgpu::tools {

// Blocks the three signals in the calling thread (and the threads it starts afterwards) and
// returns a signalfd for them, or -1 with errno set.
int block_signals_to_fd();

// Reads the next signal from `sfd` (blocks); SIGTERM if the signalfd fails.
int next_signal(int sfd);

}  // namespace vgpu::tools
