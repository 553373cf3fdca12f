#include "renderer/uniform_stream.h"

#include <algorithm>
#include <cstring>

namespace vgpu::renderer {
namespace {
constexpr GLsizeiptr kBufferBytes =
    GLsizeiptr{UniformStream::kSegments} * UniformStream::kSegmentBytes + UniformStream::kMaxWindow;
constexpr GLbitfield kMapFlags = GL_MAP_WRITE_BIT | GL_MAP_PERSISTENT_BIT | GL_MAP_COHERENT_BIT;
}  // namespace

UniformStream::~UniformStream() {
  for (GLsync& f : fences_) {
    if (f != nullptr) glDeleteSync(f);
  }
  if (buffer_ != 0) {
    glUnmapNamedBuffer(buffer_);
    glDeleteBuffers(1, &buffer_);
  }
}

bool UniformStream::create() {
  glCreateBuffers(1, &buffer_);
  glNamedBufferStorage(buffer_, kBufferBytes, nullptr, kMapFlags);
  map_ = static_cast<uint8_t*>(glMapNamedBufferRange(buffer_, 0, kBufferBytes, kMapFlags));
  if (map_ == nullptr) {
    glDeleteBuffers(1, &buffer_);
    buffer_ = 0;
    return false;
  }
  // New storage may hold whatever the host's allocator had: zero it before any guest reads it.
  std::memset(map_, 0, static_cast<size_t>(kBufferBytes));
  GLint alignment = 256;
  glGetIntegerv(GL_UNIFORM_BUFFER_OFFSET_ALIGNMENT, &alignment);
  alignment_ = std::max<GLintptr>(alignment, 16);
  segment_ = 0;
  head_ = 0;
  generation_[0] = next_generation_++;
  return true;
}

void UniformStream::enter_next_segment() {
  fences_[segment_] = glFenceSync(GL_SYNC_GPU_COMMANDS_COMPLETE, 0);
  segment_ = (segment_ + 1) % kSegments;
  if (GLsync f = fences_[segment_]; f != nullptr) {
    // Draws that read this segment were queued a whole ring ago; normally long done.
    while (glClientWaitSync(f, GL_SYNC_FLUSH_COMMANDS_BIT, 1'000'000'000) == GL_TIMEOUT_EXPIRED) {
    }
    glDeleteSync(f);
    fences_[segment_] = nullptr;
  }
  head_ = static_cast<GLintptr>(segment_) * kSegmentBytes;
  generation_[segment_] = next_generation_++;
}

UniformStream::Slice UniformStream::push(const void* data, size_t bytes) {
  bytes = std::min(bytes, static_cast<size_t>(kMaxWindow));
  if (buffer_ == 0 && !create()) return {};
  const GLintptr span =
      (static_cast<GLintptr>(std::max<size_t>(bytes, 1)) + alignment_ - 1) / alignment_ * alignment_;
  if (head_ + span > static_cast<GLintptr>(segment_ + 1) * kSegmentBytes) enter_next_segment();
  if (bytes > 0) std::memcpy(map_ + head_, data, bytes);
  const Slice slice{buffer_, head_, generation_[segment_]};
  head_ += span;
  return slice;
}

bool UniformStream::current(const Slice& s) const {
  if (s.buffer == 0 || s.buffer != buffer_) return false;
  const auto segment = static_cast<size_t>(s.offset / kSegmentBytes);
  return segment < kSegments && generation_[segment] == s.generation;
}

}  // namespace vgpu::renderer
