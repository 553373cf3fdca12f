#include "capture/capture_server.h"

#include <utility>

namespace vgpu::capture {

trace::Result<std::unique_ptr<VtestServer>> start_capture_server(ServerOptions options,
                                                                 SinkProvider sinks,
                                                                 SessionEndHandler on_end) {
  auto make_proxy = [options, sinks = std::move(sinks)](
                        UnixSocket client,
                        const ClientInfo& info) -> trace::Result<std::unique_ptr<VtestSession>> {
    auto upstream = UnixSocket::connect(options.upstream_path);
    if (!upstream.ok()) {
      return Error{upstream.error().code,
                   "upstream: " + options.upstream_path + ": " + upstream.error().message};
    }
    return std::unique_ptr<VtestSession>(std::make_unique<ClientSession>(
        std::move(client), std::move(upstream.value()), info,
        SessionOptions{options.upstream_path, options.limits, options.frame_pixels,
                       options.spin_budget}, sinks));
  };
  return VtestServer::start(options.listen_path, std::move(make_proxy), std::move(on_end));
}

}  // namespace vgpu::capture
