// The capture server: a vtest server (vtest_server.h) whose sessions are capture proxies
// (client_session.h), each with its own connection to the upstream host, recording into the
// sinks it is given.
#pragma once

#include <chrono>
#include <memory>
#include <string>

#include "capture/client_session.h"
#include "capture/vtest_server.h"

namespace vgpu::capture {

struct ServerOptions {
  std::string listen_path;
  std::string upstream_path;
  vtest::Limits limits;
  FramePixelPolicy frame_pixels;
  std::chrono::microseconds spin_budget{0};  // capture/spin_wait.h
};

// Binds options.listen_path and starts serving.  A guest that arrives while the upstream host
// refuses connections is turned away with an "upstream:" reason.
[[nodiscard]] trace::Result<std::unique_ptr<VtestServer>> start_capture_server(
    ServerOptions options, SinkProvider sinks, SessionEndHandler on_end);

}  // namespace vgpu::capture
