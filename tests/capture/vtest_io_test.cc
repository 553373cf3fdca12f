// read_reply (capture/vtest_io.h) over a real socketpair: a reply whose header and body arrive
// together or apart is read whole, and bytes past it (a peer answering what was not asked) are
// an error that says how many, not a silently consumed next message.
#include <gtest/gtest.h>
#include <sys/socket.h>

#include <vector>

#include "capture/vtest_io.h"
#include "decoder/vtest/reply_codec.h"
#include "decoder/vtest/requests.h"
#include "tests/capture/socket_pair.h"

namespace vgpu::capture {
namespace {

using Pair = testing::SocketPair;

const vtest::ReplyExpectation kBusyWait = vtest::expect_reply(vtest::ResourceBusyWait{}, 2);

TEST(ReadReplyTest, ReadsAReplyWhetherItsPartsCameTogetherOrApart) {
  const std::vector<uint8_t> reply = vtest::encode_reply(vtest::BusyWaitReply{1});
  for (const bool apart : {false, true}) {
    Pair p;
    const size_t first = apart ? 8 : reply.size();
    ASSERT_TRUE(p.peer.write_all({reply.data(), first}).ok());
    if (apart) {
      ASSERT_TRUE(p.peer.write_all({reply.data() + first, reply.size() - first}).ok());
    }
    AlignedBytes out;
    size_t size = 0;
    const Status s = read_reply(p.ours, kBusyWait, {}, out, size);
    ASSERT_TRUE(s.ok()) << s.error().message;
    EXPECT_EQ(std::vector<uint8_t>(out.data(), out.data() + size), reply)
        << (apart ? "apart" : "together");
  }
}

TEST(ReadReplyTest, BytesPastTheReplyAreAnError) {
  Pair p;
  std::vector<uint8_t> bytes = vtest::encode_reply(vtest::BusyWaitReply{0});
  const size_t reply_size = bytes.size();
  bytes.insert(bytes.end(), {1, 2, 3, 4});
  ASSERT_TRUE(p.peer.write_all(bytes).ok());
  AlignedBytes out;
  size_t size = 0;
  const Status s = read_reply(p.ours, kBusyWait, {}, out, size);
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.error().message, "the peer sent 4 bytes past its " + std::to_string(reply_size) +
                                   "-byte reply");
}

}  // namespace
}  // namespace vgpu::capture
