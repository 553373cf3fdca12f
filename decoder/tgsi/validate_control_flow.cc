// Pass 4: structured control flow, checked with an explicit stack whose depth is capped by
// Limits::max_nesting_depth (a guest cannot make the host recurse or allocate per level).
#include <vector>

#include "decoder/decode_error.h"
#include "decoder/tgsi/validate_passes.h"

namespace vgpu::tgsi {
namespace {

enum class Block : uint8_t { If, Else, Loop, Switch, Subroutine };

struct Frame {
  Block block;
  const Instruction* opener;
};

std::string_view opener_name(const Frame& f) { return opcode_info(f.opener->opcode)->name; }

class FlowCheck {
 public:
  explicit FlowCheck(const Limits& limits) : max_depth_(limits.max_nesting_depth) {
    stack_.reserve(max_depth_ < 64 ? max_depth_ : 64);
  }

  [[nodiscard]] std::optional<TgsiError> step(const Instruction& inst) {
    const OpcodeInfo& info = *opcode_info(inst.opcode);
    switch (info.kind) {
      case OpcodeKind::if_open: return push(Block::If, inst);
      case OpcodeKind::loop_open: return push(Block::Loop, inst);
      case OpcodeKind::switch_open: return push(Block::Switch, inst);
      case OpcodeKind::sub_open:
        if (!stack_.empty()) return error(inst, "BGNSUB inside ", opener_name(stack_.back()));
        return push(Block::Subroutine, inst);
      case OpcodeKind::else_:
        if (stack_.empty() || stack_.back().block != Block::If) return error(inst, "ELSE without IF");
        stack_.back().block = Block::Else;
        return std::nullopt;
      case OpcodeKind::endif: return pop(inst, Block::If, Block::Else, "ENDIF without IF");
      case OpcodeKind::loop_end: return pop(inst, Block::Loop, Block::Loop, "ENDLOOP without BGNLOOP");
      case OpcodeKind::switch_end: return pop(inst, Block::Switch, Block::Switch, "ENDSWITCH without SWITCH");
      case OpcodeKind::sub_end: return pop(inst, Block::Subroutine, Block::Subroutine, "ENDSUB without BGNSUB");
      case OpcodeKind::case_:
      case OpcodeKind::default_:
        if (stack_.empty() || stack_.back().block != Block::Switch) {
          return error(inst, info.name, " outside SWITCH");
        }
        return std::nullopt;
      case OpcodeKind::jump:
        if (inst.opcode == Opcode::BRK && !inside(Block::Loop) && !inside(Block::Switch)) {
          return error(inst, "BRK outside a loop or switch");
        }
        if (inst.opcode == Opcode::CONT && !inside(Block::Loop)) return error(inst, "CONT outside a loop");
        return std::nullopt;
      case OpcodeKind::end:
        if (!stack_.empty()) return error(inst, "END inside ", opener_name(stack_.back()));
        saw_end_ = true;
        return std::nullopt;
      default:
        return std::nullopt;
    }
  }

  [[nodiscard]] std::optional<TgsiError> finish(const Shader& shader) const {
    if (!stack_.empty()) {
      const Frame& open = stack_.back();
      TgsiError e{open.opener->where, {}};
      virgl::append_message(e.message, opener_name(open), " is never closed");
      return e;
    }
    if (!saw_end_) {
      SourcePosition where{1, 1};
      if (!shader.instructions.empty()) where = shader.instructions.back().where;
      return TgsiError{where, "the shader has no END"};
    }
    return std::nullopt;
  }

 private:
  template <class... Parts>
  static TgsiError error(const Instruction& inst, const Parts&... parts) {
    TgsiError e{inst.where, {}};
    virgl::append_message(e.message, parts...);
    return e;
  }

  std::optional<TgsiError> push(Block block, const Instruction& inst) {
    if (stack_.size() >= max_depth_) {
      return error(inst, "control flow nested deeper than ", max_depth_, " levels");
    }
    stack_.push_back({block, &inst});
    return std::nullopt;
  }

  std::optional<TgsiError> pop(const Instruction& inst, Block a, Block b, std::string_view message) {
    if (stack_.empty() || (stack_.back().block != a && stack_.back().block != b)) {
      if (stack_.empty()) return error(inst, message);
      return error(inst, message, " (innermost open block: ", opener_name(stack_.back()), " at line ",
                   stack_.back().opener->where.line, ")");
    }
    stack_.pop_back();
    return std::nullopt;
  }

  [[nodiscard]] bool inside(Block block) const {
    // Innermost-first: a BRK in a switch inside a loop belongs to the switch.  A subroutine
    // boundary ends the search (it is always the outermost frame).
    for (size_t i = stack_.size(); i-- > 0;) {
      if (stack_[i].block == block) return true;
    }
    return false;
  }

  uint32_t max_depth_;
  std::vector<Frame> stack_;
  bool saw_end_ = false;
};

}  // namespace

std::optional<TgsiError> validate_control_flow(const Shader& shader, const Limits& limits) {
  FlowCheck flow(limits);
  for (const Instruction& inst : shader.instructions) {
    if (auto e = flow.step(inst)) return e;
  }
  return flow.finish(shader);
}

}  // namespace vgpu::tgsi
