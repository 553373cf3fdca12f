// Reading whole vtest messages off a socket, framed by the codec (decoder/vtest/).
//
// Requests come from the client with read-ahead (clients send no descriptors in protocol 0-3, and
// fewer syscalls matter on the submit path).  Replies come from the upstream server, which does
// send descriptors, so they are read exactly: the header, then the rest the codec asks for.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <vector>

#include "capture/spin_wait.h"
#include "capture/unix_socket.h"
#include "decoder/vtest/reply_codec.h"
#include "decoder/vtest/request_codec.h"

namespace vgpu::capture {

// Byte storage that starts 4-byte aligned, as the codec's dword views need.
class AlignedBytes {
 public:
  [[nodiscard]] uint8_t* data() { return reinterpret_cast<uint8_t*>(words_.data()); }
  [[nodiscard]] const uint8_t* data() const { return reinterpret_cast<const uint8_t*>(words_.data()); }
  [[nodiscard]] size_t capacity() const { return words_.size() * 4; }
  void reserve_bytes(size_t n) {
    if (n > capacity()) words_.resize((n + 3) / 4);
  }

 private:
  std::vector<uint32_t> words_;
};

class RequestReader {
 public:
  // `spin` (optional) polls for the next request before a read would block.
  RequestReader(const UnixSocket& socket, const vtest::Limits& limits, SpinWait* spin = nullptr)
      : socket_(socket), limits_(limits), spin_(spin) {}

  // The next whole request, valid until the next call; std::nullopt when the client closed the
  // connection between two messages.  A connection closed inside a message, or bytes the codec
  // rejects, are errors whose message says where (byte offset in the stream) and why.
  [[nodiscard]] Result<std::optional<std::span<const uint8_t>>> next();
  // Which of `spin`'s slots the next wait for bytes belongs to.
  void spin_as(size_t slot) { spin_slot_ = slot; }
  // Bytes of the stream consumed so far (for error messages).
  [[nodiscard]] uint64_t offset() const { return consumed_; }

 private:
  void compact();  // moves the unconsumed bytes to the start of the buffer

  const UnixSocket& socket_;
  vtest::Limits limits_;
  SpinWait* spin_;
  size_t spin_slot_ = 0;
  AlignedBytes buf_;
  size_t begin_ = 0;  // first unconsumed byte in buf_
  size_t end_ = 0;    // one past the last received byte
  uint64_t consumed_ = 0;
};

// Reads one reply as described by `expectation` (none if it expects no bytes).  The peer must
// have nothing else in flight: bytes past the reply are an error (replies carrying a descriptor
// are read exactly, so that the descriptor's byte stays for receive_fd()).  `spin` (optional)
// polls for the reply, in its `spin_slot`, before the first read.
[[nodiscard]] Status read_reply(const UnixSocket& socket, const vtest::ReplyExpectation& expectation,
                                const vtest::Limits& limits, AlignedBytes& out, size_t& size,
                                SpinWait* spin = nullptr, size_t spin_slot = 0);

}  // namespace vgpu::capture
