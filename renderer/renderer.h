// The built-in GL renderer: device-level events (trace/events.h) in, GL (libepoxy on EGL) out.
//
// One Renderer serves one guest connection (vgpu-server) or one trace (vgpu-replay): it owns its
// EGL contexts, its resource table and its budgets, and is used from one thread only.  Isolation
// between guests therefore comes from separate Renderer instances, never from locking.
//
// Contract with its users:
//  - vgpu-replay feeds every event of a trace through on_event() and checks TransferFromHost
//    events against read_resource() (the pixel oracle);
//  - vgpu-server (the vtest front end) creates resources through on_event(ResourceCreate), then
//    attach_backing() with the shared memory it gave the guest, and serves TRANSFER_PUT2/GET2
//    with transfer_to_host_from_backing() / transfer_from_host_to_backing().
//
// Errors follow the decoder's two tiers (DESIGN.md): a malformed stream or an invalid command is
// reported through take_diagnostics() and the event returns ok (the guest goes on, the context
// may be marked in error); a failed Status means the renderer itself cannot go on (EGL lost, out
// of host memory) and stops the producer.
#pragma once

#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <vector>

#include "trace/event_sink.h"
#include "trace/events.h"
#include "trace/result.h"

namespace vgpu::renderer {

// What a hostile stream may make us allocate.  Every limit is checked before the GL call.
struct Budgets {
  uint32_t max_contexts = 64;
  uint32_t max_resources = 1u << 16;
  uint64_t max_resource_bytes = 1ull << 30;   // one resource, all levels and layers
  uint64_t max_total_bytes = 4ull << 30;      // all resources plus backing mirrors
  uint32_t max_objects_per_context = 1u << 16;  // state objects, surfaces, views, queries...
  // Vertex invocations (count x instances) of one DRAW_VBO, all indirect commands together.
  uint64_t max_draw_invocations = 1ull << 30;
};

struct Options {
  // -1: EGL_PLATFORM_SURFACELESS_MESA (llvmpipe unless the host says otherwise);
  // N >= 0: the Nth device of EGL_EXT_device_enumeration (a real GPU).
  int egl_device = -1;
  Budgets budgets;
  // Install a KHR_debug callback; every GL error becomes a Diagnostic of tier GlError.  Tests
  // set it and fail on any GlError: a GL error means a validation check is missing.
  bool debug_gl = false;
};

struct Diagnostic {
  enum class Tier {
    InvalidCommand,  // well-formed but invalid (unknown handle, bad format, box outside): skipped
    MalformedStream, // bad length, unknown command, truncated: the rest of the submit is dropped
    GlError,         // the host GL reported an error: a missing check on our side
    ContextLost,     // GL context reset: the context was recreated, its objects are lost
  };
  Tier tier = Tier::InvalidCommand;
  uint32_t ctx_id = 0;
  uint64_t event_number = 0;  // Event::number of the event that caused it
  uint32_t dword_offset = 0;  // inside a Submit; 0 otherwise
  std::string message;        // "SET_FRAMEBUFFER_STATE: surface 7 is not a surface"
};

class Renderer : public trace::EventSink {
 public:
  [[nodiscard]] static trace::Result<std::unique_ptr<Renderer>> create(const Options& options);
  ~Renderer() override;

  // Every event kind.  TransferToHost uploads event.data; TransferFromHost performs the readback
  // into the attached backing (if any) and otherwise only validates it; BackingWrite writes into
  // the attached backing, or into a mirror the renderer keeps (grown on demand, within budget)
  // when the resource has none, which is how replay restores the memory TRANSFER3D reads.
  [[nodiscard]] trace::Status on_event(const trace::Event& event) override;

  // The capset bytes this renderer advertises (VIRGL 1 / VIRGL2 2): exactly what it supports.
  [[nodiscard]] trace::Result<std::vector<uint8_t>> capset(uint32_t capset_id,
                                                           uint32_t version) const;

  // Gives `res_id` guest-visible backing memory that outlives the resource (the caller unmaps it
  // after ResourceUnref).  TRANSFER3D/COPY_TRANSFER3D read it, readbacks write it.
  [[nodiscard]] trace::Status attach_backing(uint32_t res_id, std::span<uint8_t> memory);

  // vtest TRANSFER_PUT2 / TRANSFER_GET2: move `where`'s box between the resource and its backing
  // at where.offset (where.data is ignored; stride 0 means tightly packed rows).
  [[nodiscard]] trace::Status transfer_to_host_from_backing(const trace::Transfer& where);
  [[nodiscard]] trace::Status transfer_from_host_to_backing(const trace::Transfer& where);

  // Reads `where`'s box into `out` with where's strides: what the guest would receive.  Replay
  // compares this with TransferFromHost::data.  `out` must be exactly the transfer's size.
  [[nodiscard]] trace::Status read_resource(const trace::Transfer& where, std::span<uint8_t> out);

  // The byte size of a transfer of `where`'s box with its strides (0 strides: packed), or an
  // error for an unknown resource or a box outside it.  vgpu-server sizes its reads with it.
  [[nodiscard]] trace::Result<uint64_t> transfer_size(const trace::Transfer& where) const;

  // Waits until every command submitted so far has finished (vtest BUSY_WAIT, fences).
  [[nodiscard]] trace::Status finish();
  // Whether every command submitted so far has finished, without waiting (vtest BUSY_WAIT
  // without its WAIT flag: the guest asks so that it can take another buffer instead).
  [[nodiscard]] bool idle();

  // Diagnostics since the last call, oldest first (bounded: the oldest are dropped, counted).
  [[nodiscard]] std::vector<Diagnostic> take_diagnostics();

  // For harnesses that run many unrelated inputs through one Renderer (fuzz/renderer/): destroys
  // every context and resource, as ContextDestroy and ResourceUnref of each would.  Like
  // ContextDestroy, it keeps the contexts' EGL contexts aside for the next ContextCreates; the
  // program cache is kept too.
  // Creating an llvmpipe context costs milliseconds and a new context compiles every shader
  // variant again: per-input setup was most of the fuzzer's time.  A reused GL context holds no
  // state that matters (every clear, blit and draw applies all the GL state it uses), only
  // bindings of deleted objects.  The spare contexts are at most the most contexts ever alive
  // at once (the budget).  Pending diagnostics stay for take_diagnostics().  A failed Status:
  // EGL could not make a context current (the renderer cannot go on).
  [[nodiscard]] trace::Status reset();

 private:
  class Impl;
  explicit Renderer(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace vgpu::renderer
