#include "renderer/submit_executor.h"

#include "decoder/protocol.h"

namespace vgpu::renderer {

void SubmitExecutor::on_command(const virgl::CommandLocation& where) {
  report_unhandled();
  command_ = where.header.command;
  core_.origin.dword_offset = where.offset;
  handled_ = false;
  rejected_ = false;
}

void SubmitExecutor::on_rejected(const virgl::DecodeError& error,
                                 const virgl::CommandLocation&) {
  rejected_ = true;
  core_.invalid(error.message);
}

void SubmitExecutor::finish() { report_unhandled(); }

void SubmitExecutor::report_unhandled() {
  if (handled_ || rejected_) return;
  handled_ = true;
  reject("not implemented by this renderer");
}

void SubmitExecutor::reject(const std::string& message) {
  rejected_ = true;
  core_.invalid(std::string(virgl::command_name(command_)) + " at dword " +
                std::to_string(core_.origin.dword_offset) + ": " + message);
}

std::shared_ptr<Resource> SubmitExecutor::attached(uint32_t res_id, const char* what) {
  auto res = ctx_.resource(core_.resources, res_id);
  if (!res) {
    reject(std::string(what) + " " + std::to_string(res_id) +
           " is not a resource attached to context " + std::to_string(ctx_.id));
  }
  return res;
}

// ---- housekeeping: accepted, nothing for a renderer to do ----------------------------------
void SubmitExecutor::on(const virgl::Nop&, const virgl::CommandLocation&) { take(); }
void SubmitExecutor::on(const virgl::EndTransfers&, const virgl::CommandLocation&) { take(); }
void SubmitExecutor::on(const virgl::SetDebugFlags&, const virgl::CommandLocation&) { take(); }
void SubmitExecutor::on(const virgl::SetTweaks&, const virgl::CommandLocation&) { take(); }
void SubmitExecutor::on(const virgl::SendStringMarker&, const virgl::CommandLocation&) {
  take();
}

// ---- sub-contexts -----------------------------------------------------------------------------
void SubmitExecutor::on(const virgl::CreateSubCtx& cmd, const virgl::CommandLocation&) {
  take();
  if (ctx_.sub_contexts.count(cmd.sub_ctx) != 0) {
    reject("sub-context " + std::to_string(cmd.sub_ctx) + " already exists");
    return;
  }
  if (ctx_.sub_contexts.size() >= core_.options.budgets.max_contexts) {
    reject("the sub-context budget is spent");
    return;
  }
  ctx_.sub_contexts.emplace(cmd.sub_ctx, std::make_unique<SubContext>(*ctx_.uniforms));
}

void SubmitExecutor::on(const virgl::SetSubCtx& cmd, const virgl::CommandLocation&) {
  take();
  auto it = ctx_.sub_contexts.find(cmd.sub_ctx);
  if (it == ctx_.sub_contexts.end()) {
    reject("sub-context " + std::to_string(cmd.sub_ctx) + " does not exist");
    return;
  }
  ctx_.current = it->second.get();
  ctx_.current_id = cmd.sub_ctx;
}

void SubmitExecutor::on(const virgl::DestroySubCtx& cmd, const virgl::CommandLocation&) {
  take();
  // Sub-context 0 is the context's own and lives as long as it (virglrenderer does the same).
  if (cmd.sub_ctx == 0) {
    reject("sub-context 0 cannot be destroyed");
    return;
  }
  auto it = ctx_.sub_contexts.find(cmd.sub_ctx);
  if (it == ctx_.sub_contexts.end()) {
    reject("sub-context " + std::to_string(cmd.sub_ctx) + " does not exist");
    return;
  }
  if (ctx_.current == it->second.get()) {
    ctx_.current = ctx_.sub_contexts.at(0).get();
    ctx_.current_id = 0;
  }
  ctx_.assembler.forget_sub_context(cmd.sub_ctx);
  ctx_.sub_contexts.erase(it);
}

}  // namespace vgpu::renderer
