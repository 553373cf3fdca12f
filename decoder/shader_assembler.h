// Puts a shader's TGSI text together from its CREATE_OBJECT(SHADER) packets.
//
// Mesa sends a shader longer than one command as a first packet whose offset_or_length is the
// total text length in bytes (NUL included), followed by continuation packets whose
// offset_or_length is the byte offset of their piece.  The rules enforced here are the real
// ones: one shader in progress per (sub-context, stage), continuations must carry the same
// handle and exactly the next offset, a new first packet may not interrupt one in progress,
// the text must end in a NUL inside its last 4 bytes, and every byte is bounded by a budget so
// a guest cannot make the host hold unbounded partial shaders.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <utility>

#include "decoder/payloads_objects.h"

namespace vgpu::virgl {

struct ShaderBudget {
  uint32_t max_shader_bytes = 4u << 20;    // one shader's declared total length
  uint64_t max_pending_bytes = 16u << 20;  // all shaders being assembled at once
};

struct AssembledShader {
  enum class Status { Incomplete, Complete, Rejected };
  Status status = Status::Rejected;
  CreateShader header;  // the first packet's fields (text left empty)
  std::string text;     // Complete: the TGSI text without its NUL terminator
  std::string error;    // Rejected: why
};

class ShaderAssembler {
 public:
  explicit ShaderAssembler(ShaderBudget budget = {}) : budget_(budget) {}

  [[nodiscard]] AssembledShader add(uint32_t sub_ctx, const CreateShader& packet);

  // Drops shaders in progress of a destroyed sub-context.
  void forget_sub_context(uint32_t sub_ctx);
  [[nodiscard]] uint64_t pending_bytes() const { return pending_bytes_; }

 private:
  struct Pending {
    CreateShader header;
    std::string text;    // the bytes received so far (never more than `total`)
    uint32_t total = 0;  // the declared length, NUL included
  };
  using Key = std::pair<uint32_t, uint32_t>;  // sub-context, stage

  AssembledShader start(const Key& key, const CreateShader& packet);
  AssembledShader continue_with(const Key& key, const CreateShader& packet);
  static AssembledShader finish(const CreateShader& header, std::string text, uint32_t total);

  ShaderBudget budget_;
  std::map<Key, Pending> pending_;
  uint64_t pending_bytes_ = 0;
};

}  // namespace vgpu::virgl
