// CREATE_OBJECT(STREAMOUT_TARGET), SET_STREAMOUT_TARGETS, and the stream-out side of DRAW_VBO
// (streamout_draw.h).  streamout.h says how gallium's targets map to GL objects.
#include "renderer/streamout_draw.h"
#include "renderer/submit_executor.h"
#include "renderer/transfer_layout.h"

namespace vgpu::renderer {

void SubmitExecutor::on(const virgl::CreateStreamoutTarget& cmd, const virgl::CommandLocation&) {
  take();
  auto res = attached(cmd.resource, "stream-out buffer");
  if (!res) return;
  if (!res->is_buffer() || !range_inside(cmd.buffer_offset, cmd.buffer_size, res->args.width)) {
    reject("range " + std::to_string(cmd.buffer_offset) + "+" + std::to_string(cmd.buffer_size) +
           " is outside buffer " + std::to_string(cmd.resource));
    return;
  }
  // GL captures whole dwords from a dword-aligned offset.
  if (cmd.buffer_offset % 4 != 0 || cmd.buffer_size < 4) {
    reject("stream-out range " + std::to_string(cmd.buffer_offset) + "+" +
           std::to_string(cmd.buffer_size) + " is not dword aligned or holds no dword");
    return;
  }
  auto target = std::make_shared<StreamoutTargetObject>();
  target->buffer = std::move(res);
  target->offset = cmd.buffer_offset;
  target->size = cmd.buffer_size;
  insert(cmd.handle, std::move(target));
}

namespace {

constexpr size_t kMaxRecentSessions = 8;

// Makes `session` the most recently set one.
void remember(SubContext& sub, const std::shared_ptr<StreamoutSession>& session) {
  auto& recent = sub.recent_streamout;
  std::erase(recent, session);
  if (recent.size() >= kMaxRecentSessions) recent.erase(recent.begin());
  recent.push_back(session);
}

}  // namespace

// The append bitmask is not read: Mesa's virgl driver always sends 0 (streamout.h).
void SubmitExecutor::on(const virgl::SetStreamoutTargets& cmd, const virgl::CommandLocation&) {
  take();
  StreamoutSession::Targets targets;
  bool any = false;
  for (uint32_t i = 0; i < cmd.targets.size(); ++i) {
    if (cmd.targets[i] == 0) continue;
    if (i >= kMaxStreamoutBuffers) {
      reject("stream-out slot " + std::to_string(i) + " is past the " +
             std::to_string(kMaxStreamoutBuffers) + " this renderer offers");
      return;
    }
    targets[i] = object<StreamoutTargetObject>(cmd.targets[i], "stream-out target");
    if (!targets[i]) return;
    any = true;
  }
  auto& current = sub().streamout;
  // No targets: capture pauses; the session lives on in its targets for a resume.
  if (!any) {
    current.reset();
    return;
  }
  std::shared_ptr<StreamoutSession> previous;
  for (const auto& t : targets) {
    if (t && !previous) previous = t->session;
  }
  if (previous && previous->resumable_with(targets)) {
    current = std::move(previous);
  } else {
    current = std::make_shared<StreamoutSession>(targets);
    for (const auto& t : targets) {
      if (t) t->session = current;
    }
  }
  remember(sub(), current);
}

std::string plan_streamout(const SubContext& sub, const virgl::DrawVbo& cmd,
                           const ShaderObject& last, GLuint program, StreamoutDraw& out) {
  out = {};
  out.capture = sub.streamout.get();
  out.last_stage = &last;
  out.program = program;
  out.mode = cmd.mode;
  if (out.capture) {
    if (std::string why = out.capture->check_draw(last, program, cmd.mode); !why.empty()) {
      return why;
    }
  }
  if (cmd.count_from_so == 0) return {};
  if (cmd.indexed != 0) return "a count_from_so draw cannot be indexed";
  // count_from_so is the byte size of the target drawn from (streamout.h).
  for (auto it = sub.recent_streamout.rbegin(); it != sub.recent_streamout.rend(); ++it) {
    if ((*it)->has_target_of_size(cmd.count_from_so)) {
      out.source = *it;
      break;
    }
  }
  if (!out.source) {
    return "count_from_so " + std::to_string(cmd.count_from_so) +
           " is the size of no stream-out target that was set";
  }
  if (out.source.get() == out.capture) {
    out.source.reset();
    return "the stream-out target of " + std::to_string(cmd.count_from_so) +
           " bytes is drawn from while it captures";
  }
  out.source_vertices = out.source->max_vertices();
  return {};
}

}  // namespace vgpu::renderer
