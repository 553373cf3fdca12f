// One guest connection served by a vtest server: the proxy that forwards to a real host
// (client_session.h) or the session that answers with the built-in renderer
// (serving_session.h).  The server (vtest_server.h) runs each in its own thread and knows them
// only through this interface.
#pragma once

#include <cstdint>
#include <string>

#include "trace/result.h"

namespace vgpu::capture {

// What a session knows about its guest.
struct ClientInfo {
  uint32_t index = 0;   // 1, 2, ... in order of connection
  uint32_t ctx_id = 0;  // the context id its events carry
  std::string name;     // CREATE_RENDERER's process name
  uint32_t protocol_version = 0;
};

class VtestSession {
 public:
  virtual ~VtestSession() = default;
  // Serves the guest until it disconnects or is cut off.  Returns why it ended (ok: the guest
  // closed its connection cleanly).
  virtual trace::Status run() = 0;
  // Wakes a blocked run() from another thread: the session ends as if the guest had gone.
  virtual void stop() = 0;
  [[nodiscard]] virtual const ClientInfo& info() const = 0;
};

}  // namespace vgpu::capture
