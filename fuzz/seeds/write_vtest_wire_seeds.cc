// Writes the vtest_wire fuzz seeds: for every message of the table and every protocol version
// where its reply differs, one input = config byte (version) + the request + its reply; plus one
// whole Mesa-like session (handshake, resource, transfer, submit).  Usage: write_vtest_wire_seeds DIR
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "decoder/vtest/reply_codec.h"
#include "decoder/vtest/request_codec.h"
#include "tests/support/vtest_samples.h"

using namespace vgpu::vtest;

namespace {

void append(std::vector<uint8_t>& out, const std::vector<uint8_t>& bytes) {
  out.insert(out.end(), bytes.begin(), bytes.end());
}

void add_exchange(std::vector<uint8_t>& out, const Request& request, uint32_t version) {
  append(out, encode_request(request));
  const ReplyExpectation e = expect_reply(request, version);
  if (e.shape != ReplyShape::None) append(out, encode_reply(test_support::sample_reply(e)));
}

void write(const std::filesystem::path& path, const std::vector<uint8_t>& bytes) {
  std::ofstream(path, std::ios::binary).write(reinterpret_cast<const char*>(bytes.data()),
                                              static_cast<std::streamsize>(bytes.size()));
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 2) {
    std::fprintf(stderr, "usage: %s DIR\n", argv[0]);
    return 2;
  }
  const std::filesystem::path dir = argv[1];
  std::filesystem::create_directories(dir);
  for (const MessageInfo& m : kMessages) {
    for (uint32_t version : {0u, 3u}) {
      std::vector<uint8_t> seed = {static_cast<uint8_t>(version)};
      add_exchange(seed, test_support::sample_request(m.id), version);
      write(dir / (std::string(m.name) + "-v" + std::to_string(version) + ".seed"), seed);
    }
  }
  std::vector<uint8_t> session = {3};
  for (MessageId id : {MessageId::CREATE_RENDERER, MessageId::PING_PROTOCOL_VERSION,
                       MessageId::RESOURCE_BUSY_WAIT, MessageId::PROTOCOL_VERSION,
                       MessageId::GET_CAPS2, MessageId::GET_CAPS, MessageId::GET_CAPSET,
                       MessageId::CONTEXT_INIT, MessageId::RESOURCE_CREATE2,
                       MessageId::TRANSFER_PUT2, MessageId::SUBMIT_CMD, MessageId::TRANSFER_GET2,
                       MessageId::SYNC_CREATE, MessageId::SUBMIT_CMD2, MessageId::SYNC_WAIT}) {
    add_exchange(session, test_support::sample_request(id), 3);
  }
  write(dir / "session-v3.seed", session);
  return 0;
}
