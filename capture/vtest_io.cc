#include "capture/vtest_io.h"

#include <algorithm>
#include <cstring>
#include <string>

namespace vgpu::capture {
namespace {
constexpr size_t kReadChunk = 64 * 1024;
// Room for a small reply's header and body in one read.
constexpr size_t kReplyReadAhead = 4096;
}

void RequestReader::compact() {
  if (begin_ == 0) return;
  std::memmove(buf_.data(), buf_.data() + begin_, end_ - begin_);
  end_ -= begin_;
  begin_ = 0;
}

Result<std::optional<std::span<const uint8_t>>> RequestReader::next() {
  // Messages are handed out in place.  The read-ahead moves to the front only when the next
  // message would start unaligned (the codec's dword views need 4-byte alignment) or more bytes
  // must be read, so a burst of small messages read at once costs no copying.
  for (;;) {
    if (begin_ % 4 != 0) compact();
    const std::span<const uint8_t> pending{buf_.data() + begin_, end_ - begin_};
    const vtest::Frame frame = vtest::frame_request(pending, limits_);
    if (frame.state == vtest::Frame::State::Invalid) {
      return Error{ErrorCode::Corrupt, "at stream byte " + std::to_string(consumed_) + ": " + frame.error};
    }
    if (frame.state == vtest::Frame::State::Sized && pending.size() >= frame.bytes) {
      begin_ += frame.bytes;
      consumed_ += frame.bytes;
      return std::optional<std::span<const uint8_t>>(pending.first(frame.bytes));
    }
    compact();
    // Grow with what actually arrives, not with what the header announces: a client that
    // promises 128 MiB and sends 8 bytes must not make us hold 128 MiB.
    buf_.reserve_bytes(std::min(std::max(frame.bytes, end_ + 1), std::max(2 * end_, end_ + kReadChunk)));
    if (spin_) {
      spin_->until_readable(socket_, end_ > begin_ ? SpinWait::kRestOfMessage : spin_slot_);
    }
    auto n = socket_.read_some({buf_.data() + end_, buf_.capacity() - end_});
    if (!n) return n.error();
    if (*n == 0) {
      if (end_ == 0) return std::optional<std::span<const uint8_t>>();
      return Error{ErrorCode::Io, "at stream byte " + std::to_string(consumed_) +
                                      ": connection closed inside a message (" +
                                      std::to_string(end_) + " bytes of it received)"};
    }
    end_ += *n;
  }
}

Status read_reply(const UnixSocket& socket, const vtest::ReplyExpectation& e,
                  const vtest::Limits& limits, AlignedBytes& out, size_t& size, SpinWait* spin,
                  size_t spin_slot) {
  size = 0;
  if (e.shape == vtest::ReplyShape::None) return {};
  for (;;) {
    const vtest::Frame frame = vtest::frame_reply(e, {out.data(), size}, limits);
    if (frame.state == vtest::Frame::State::Invalid) return Error{ErrorCode::Corrupt, frame.error};
    if (frame.state == vtest::Frame::State::Sized && size >= frame.bytes) {
      if (size == frame.bytes) return {};
      return Error{ErrorCode::Corrupt, "the peer sent " + std::to_string(size - frame.bytes) +
                                           " bytes past its " + std::to_string(frame.bytes) +
                                           "-byte reply"};
    }
    if (spin) {
      spin->until_readable(socket, size == 0 ? spin_slot : SpinWait::kRestOfMessage);
    }
    if (e.fd) {
      // Exactly up to what the codec asked for: never into a descriptor-carrying byte.
      out.reserve_bytes(frame.bytes);
      if (Status s = socket.read_exact({out.data() + size, frame.bytes - size}, "a reply");
          !s.ok()) {
        return s;
      }
      size = frame.bytes;
      continue;
    }
    // A peer sends a reply only when asked and the caller waits for each one, so nothing can
    // follow it: read what has arrived, header and body together when they came together (one
    // read per reply instead of two, on the capture proxy's every round trip).
    out.reserve_bytes(std::max(frame.bytes, size + kReplyReadAhead));
    auto n = socket.read_some({out.data() + size, out.capacity() - size});
    if (!n) return n.error();
    if (*n == 0) {
      return Error{ErrorCode::Io, "connection closed inside a reply (" + std::to_string(size) +
                                      " bytes of it received)"};
    }
    size += *n;
  }
}

}  // namespace vgpu::capture
