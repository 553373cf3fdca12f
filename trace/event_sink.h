// The one interface every back end implements: the renderer, the libvirglrenderer back end, the
// upstream vtest proxy, the trace writer and the dumper all consume the same Event stream.
//
// Why one virtual taking the variant rather than one virtual per kind: a new event kind then
// fails to compile in every std::visit that forgets it (with an overloaded visitor and no
// catch-all), instead of silently falling into a default no-op override.
#pragma once

#include "trace/events.h"
#include "trace/result.h"

namespace vgpu::trace {

class EventSink {
 public:
  virtual ~EventSink() = default;

  // Consumes one event.  The views inside `event` are valid only during the call: a sink that
  // keeps bytes must copy them.  A failed Status stops the producer (a renderer that lost its
  // GL context, a writer whose disk is full); a sink that merely rejects one event (an invalid
  // command) reports that through its own diagnostics and returns ok.
  [[nodiscard]] virtual Status on_event(const Event& event) = 0;
};

// Helper to build a visitor out of lambdas: std::visit(Overloaded{[](const Submit&){}, ...}, b).
template <class... F>
struct Overloaded : F... {
  using F::operator()...;
};
template <class... F>
Overloaded(F...) -> Overloaded<F...>;

}  // namespace vgpu::trace
