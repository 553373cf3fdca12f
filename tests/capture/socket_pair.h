// Two connected Unix stream sockets (socketpair), for tests of what reads one end.
#pragma once

#include <gtest/gtest.h>
#include <sys/socket.h>

#include "capture/unix_socket.h"

namespace vgpu::capture::testing {

struct SocketPair {
  UnixSocket ours, peer;
  SocketPair() {
    int fds[2];
    EXPECT_EQ(::socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, fds), 0);
    ours = UnixSocket(UniqueFd(fds[0]));
    peer = UnixSocket(UniqueFd(fds[1]));
  }
};

}  // namespace vgpu::capture::testing
