// Whether two captures of the same guest, one by the vtest proxy (vgpu-capture) and one by the
// libvirglrenderer interposer, hold equivalent event streams: the same events in the same order
// with the same fields and bytes, once what legitimately differs between the two front ends is
// normalised away:
//  - timestamps (delta_ns) are not compared;
//  - context ids are renumbered in order of first appearance (the proxy numbers clients, the
//    host numbers contexts);
//  - FenceCreate is dropped: virgl_test_server creates an implicit fence after each submit, a
//    host detail the vtest protocol never shows the proxy;
//  - SyncCreate/SyncWrite/SyncWait/SyncUnref are dropped: vtest's sync objects live in
//    virgl_test_server, not in the library, so the interposer cannot see them.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "tests/capture/event_recorder.h"

namespace vgpu::interposer::testing {

using capture::testing::RecordedEvent;

[[nodiscard]] std::vector<RecordedEvent> normalized(const std::vector<RecordedEvent>& events);

// Null when equivalent; otherwise which normalised event differs first, and how.
[[nodiscard]] std::optional<std::string> first_difference(const std::vector<RecordedEvent>& proxy,
                                                          const std::vector<RecordedEvent>& interposer);

}  // namespace vgpu::interposer::testing
