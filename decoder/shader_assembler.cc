#include "decoder/shader_assembler.h"

#include <algorithm>
#include <cstring>

#include "decoder/decode_error.h"

namespace vgpu::virgl {
namespace {

// The reason is appended in one string (see append_message): a guest can send as many bad
// packets as it likes.
template <class... Parts>
AssembledShader rejected(const Parts&... why) {
  AssembledShader r;
  r.status = AssembledShader::Status::Rejected;
  r.error.reserve(96);
  append_message(r.error, why...);
  return r;
}

// A stage by name, or by number when out of range.
struct StageName {
  uint32_t stage;
};
void append_part(std::string& out, StageName s) {
  if (s.stage < kShaderStageNames.size()) {
    out += kShaderStageNames[s.stage];
  } else {
    append_number(out, s.stage);
  }
}

}  // namespace

AssembledShader ShaderAssembler::add(uint32_t sub_ctx, const CreateShader& packet) {
  const Key key{sub_ctx, packet.stage};
  return packet.continuation ? continue_with(key, packet) : start(key, packet);
}

void ShaderAssembler::forget_sub_context(uint32_t sub_ctx) {
  for (auto it = pending_.begin(); it != pending_.end();) {
    if (it->first.first == sub_ctx) {
      pending_bytes_ -= it->second.total;
      it = pending_.erase(it);
    } else {
      ++it;
    }
  }
}

AssembledShader ShaderAssembler::start(const Key& key, const CreateShader& packet) {
  if (auto it = pending_.find(key); it != pending_.end()) {
    return rejected("shader ", packet.handle, " starts while shader ", it->second.header.handle,
                    " of stage ", StageName{key.second}, " is still being assembled");
  }
  const uint32_t total = packet.offset_or_length;
  if (total == 0) return rejected("shader declares a text length of 0");
  if (total > budget_.max_shader_bytes) {
    return rejected("shader text length ", total, " is over the budget of ",
                    budget_.max_shader_bytes, " bytes");
  }
  CreateShader header = packet;
  header.text = {};
  if (packet.text.size() >= total) {  // the whole text is in this packet
    return finish(header, std::string(packet.text.begin(), packet.text.begin() + total), total);
  }
  if (pending_bytes_ + total > budget_.max_pending_bytes) {
    return rejected("shaders in progress would hold ", pending_bytes_ + total,
                    " bytes, over the budget of ", budget_.max_pending_bytes);
  }
  // The text grows with what arrives: a guest that declares megabytes and sends a few bytes
  // makes the host hold a few bytes (the budget still counts the declared length).
  Pending p{header, std::string(packet.text.begin(), packet.text.end()), total};
  pending_bytes_ += total;
  pending_.emplace(key, std::move(p));
  AssembledShader r;
  r.status = AssembledShader::Status::Incomplete;
  r.header = header;
  return r;
}

AssembledShader ShaderAssembler::continue_with(const Key& key, const CreateShader& packet) {
  auto it = pending_.find(key);
  if (it == pending_.end()) {
    return rejected("continuation of shader ", packet.handle, " but no shader of stage ",
                    StageName{key.second}, " is being assembled");
  }
  Pending& p = it->second;
  if (packet.handle != p.header.handle) {
    return rejected("continuation names shader ", packet.handle, " but shader ",
                    p.header.handle, " is being assembled");
  }
  const auto received = static_cast<uint32_t>(p.text.size());
  if (packet.offset_or_length != received) {
    return rejected("continuation at byte offset ", packet.offset_or_length, ", expected ",
                    received);
  }
  const uint32_t total = p.total;
  const size_t piece = std::min<size_t>(packet.text.size(), total - received);
  p.text.append(packet.text.begin(), packet.text.begin() + static_cast<ptrdiff_t>(piece));
  if (p.text.size() < total) {
    AssembledShader r;
    r.status = AssembledShader::Status::Incomplete;
    r.header = p.header;
    return r;
  }
  CreateShader header = p.header;
  std::string text = std::move(p.text);
  pending_bytes_ -= total;
  pending_.erase(it);
  return finish(header, std::move(text), total);
}

AssembledShader ShaderAssembler::finish(const CreateShader& header, std::string text,
                                        uint32_t total) {
  // The terminating NUL must sit in the last dword of the declared length: a text that ends
  // earlier means the declared length lies, one that never ends would be read past its end.
  const size_t tail_start = total > 4 ? total - 4 : 0;
  const size_t nul = text.find('\0', tail_start);
  if (nul == std::string::npos || text.find('\0') < tail_start) {
    return rejected("shader text of ", total,
                    " bytes does not end in a NUL inside its last 4 bytes");
  }
  text.resize(nul);
  AssembledShader r;
  r.status = AssembledShader::Status::Complete;
  r.header = header;
  r.text = std::move(text);
  return r;
}

}  // namespace vgpu::virgl
