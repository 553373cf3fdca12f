#include "trace/trace_summary.h"

#include "decoder/decode.h"
#include "decoder/protocol.h"
#include "trace/content_hash.h"
#include "trace/record_codec.h"

namespace vgpu::trace {
namespace {

class Histogram final : public virgl::CommandVisitor {
 public:
  explicit Histogram(std::map<uint32_t, uint64_t>& counts) : counts_(counts) {}
  void on_command(const virgl::CommandLocation& where) override { ++counts_[where.header.command]; }

 private:
  std::map<uint32_t, uint64_t>& counts_;
};

struct Pass {
  const SummaryOptions& options;
  TraceSummary& s;
  const TraceIndex* index;
  std::string name;
  bool frame_starts_next = true;  // the next event starts a frame (the first event does)

  void problem(std::string what) {
    ++s.problem_count;
    if (s.problems.size() < options.max_problems) s.problems.push_back(name + ": " + what);
  }

  void check_frame_start(const EventPosition& pos) {
    if (!index) return;
    const uint64_t k = s.frames;
    if (k >= index->frames.size()) {
      problem("frame " + std::to_string(k) + " starting at event " + std::to_string(pos.event) +
              " is missing from the index");
      return;
    }
    const format::FrameEntry& fr = index->frames[k];
    if (fr.first_event != pos.event || fr.block != pos.block ||
        fr.block_offset != pos.record_offset) {
      problem("index entry of frame " + std::to_string(k) + " says event " +
              std::to_string(fr.first_event) + " (block " + std::to_string(fr.block) + " byte " +
              std::to_string(fr.block_offset) + "), the frame starts at event " +
              std::to_string(pos.event) + " (block " + std::to_string(pos.block) + " byte " +
              std::to_string(pos.record_offset) + ")");
    }
  }

  void add(const Event& e, const EventPosition& pos) {
    if (frame_starts_next) {
      check_frame_start(pos);
      frame_starts_next = false;
    }
    ++s.events;
    ++s.per_kind[e.body.index()];
    s.duration_ns += e.delta_ns;
    s.raw_bytes += record_size(e, false);
    s.uncompressed_bytes += record_size(e, pos.payload_was_ref);
    if (pos.payload_was_ref) ++s.payload_refs;
    if (options.check_payload_hashes && (pos.payload_hash.lo | pos.payload_hash.hi) != 0 &&
        content_hash(event_payload(e.body)) != pos.payload_hash) {
      problem("event " + std::to_string(e.number) + " (block " + std::to_string(pos.block) +
              " at offset " + std::to_string(pos.block_offset) +
              "): payload does not match its stored content hash");
    }
    if (const auto* c = std::get_if<ContextCreate>(&e.body)) s.contexts.insert(c->ctx_id);
    if (const auto* r = std::get_if<ResourceCreate>(&e.body)) s.resources.insert(r->res_id);
    if (const auto* r = std::get_if<ResourceCreateBlob>(&e.body)) s.resources.insert(r->res_id);
    if (std::holds_alternative<FrameEnd>(e.body)) {
      ++s.frames;
      frame_starts_next = true;
    }
    if (const auto* sub = std::get_if<Submit>(&e.body); sub && options.decode_submits) {
      Histogram h(s.commands);
      const virgl::DecodeSummary d = virgl::decode(sub->dwords, h);
      if (!d.ok()) {
        ++s.submits_rejected;
        problem("event " + std::to_string(e.number) + " (Submit, ctx " +
                std::to_string(sub->ctx_id) + "): " +
                (d.stream_error ? "stream error: " + d.stream_error->message
                                : std::to_string(d.rejected) + " command(s) rejected"));
      }
    }
  }
};

}  // namespace

TraceSummary summarize(TraceReader& reader, const SummaryOptions& options) {
  TraceSummary s;
  s.file_bytes = reader.file_size();
  Pass pass{options, s, reader.index(), reader.name()};
  Event e;
  for (;;) {
    auto more = reader.next(e);
    if (!more) {
      s.error = more.error();
      break;
    }
    if (!more.value()) break;
    pass.add(e, reader.position());
  }
  if (!s.error && reader.index()) {
    const TraceIndex& index = *reader.index();
    // The index drops an empty last frame: after a final FrameEnd no frame starts.
    const uint64_t frames_started = s.events == 0 ? 0 : s.frames + (pass.frame_starts_next ? 0 : 1);
    if (index.frames.size() != frames_started) {
      pass.problem("the index lists " + std::to_string(index.frames.size()) +
                   " frames, the events hold " + std::to_string(frames_started));
    }
    if (index.event_count != s.events) {
      pass.problem("the index counts " + std::to_string(index.event_count) +
                   " events, the blocks hold " + std::to_string(s.events));
    }
  }
  return s;
}

}  // namespace vgpu::trace
