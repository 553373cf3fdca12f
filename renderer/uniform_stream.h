// Constants set between draws (CONST[0] of each stage, the DriverState block) streamed through
// a persistently mapped ring of GL buffer space.  Writing them into a buffer with
// glBufferSubData as each draw needs them makes the GL driver wait for every queued draw that
// reads that buffer (llvmpipe finishes its whole scene on such a write): one pipeline drain per
// draw.  The ring is written through a CPU mapping instead, in segments; a segment is reused
// only after a fence placed when it was left has signalled, so no write touches data a queued
// draw still reads, and uploads practically never wait.
#pragma once

#include <epoxy/gl.h>

#include <array>
#include <cstddef>
#include <cstdint>

namespace vgpu::renderer {

class UniformStream {
 public:
  static constexpr size_t kSegments = 4;
  static constexpr GLsizeiptr kSegmentBytes = GLsizeiptr{256} << 10;
  // The most a caller may bind from one slice: the whole window lies inside the buffer.
  static constexpr GLsizeiptr kMaxWindow = (GLsizeiptr{64} << 10) + 256;

  // Where one upload lives.  A slice stays valid (current()) until its segment is reused.
  struct Slice {
    GLuint buffer = 0;
    GLintptr offset = 0;
    uint64_t generation = 0;
  };

  UniformStream() = default;
  UniformStream(const UniformStream&) = delete;
  UniformStream& operator=(const UniformStream&) = delete;
  ~UniformStream();

  // Copies `bytes` (at most kMaxWindow) of `data` to a fresh range and returns it.  The
  // kMaxWindow bytes from the returned offset lie inside the buffer; past `bytes` they hold
  // zeros or other uploads, never memory the host did not initialise.  Needs a GL context of
  // the owning share group current.  An empty optional-like slice (buffer 0) if GL failed.
  [[nodiscard]] Slice push(const void* data, size_t bytes);

  // True while `s`'s bytes are still there (its segment was not reused since).
  [[nodiscard]] bool current(const Slice& s) const;

 private:
  bool create();
  void enter_next_segment();

  GLuint buffer_ = 0;
  uint8_t* map_ = nullptr;
  GLintptr head_ = 0;
  GLintptr alignment_ = 256;
  size_t segment_ = 0;
  uint64_t next_generation_ = 1;
  std::array<uint64_t, kSegments> generation_{};  // of each segment's current use
  std::array<GLsync, kSegments> fences_{};         // placed when the segment was last left
};

}  // namespace vgpu::renderer
