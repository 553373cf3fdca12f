// Writes the virgl_decode fuzz seeds, its dictionary, and the sample command stream the README
// disassembles, all derived from the protocol table and the encoder:
//   write_virgl_decode_seeds SEED_DIR DICT_FILE STREAM_FILE
// A ctest runs it into a temporary folder and compares with the committed files, so the
// committed seeds and dictionary cannot drift from the table.
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "decoder/encoder.h"
#include "decoder/protocol.h"
#include "tests/support/sample_streams.h"

namespace {

using namespace vgpu::virgl;

void write_words(const std::filesystem::path& path, uint8_t config,
                 const std::vector<uint32_t>& words) {
  std::ofstream out(path, std::ios::binary);
  if (config != 0xff) out.put(static_cast<char>(config));
  out.write(reinterpret_cast<const char*>(words.data()),
            static_cast<std::streamsize>(words.size() * 4));
}

std::string escaped(uint32_t word) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "\\x%02x\\x%02x\\x%02x\\x%02x", word & 0xff, (word >> 8) & 0xff,
                (word >> 16) & 0xff, word >> 24);
  return buf;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 4) {
    std::fprintf(stderr, "usage: %s SEED_DIR DICT_FILE STREAM_FILE\n", argv[0]);
    return 2;
  }
  const std::filesystem::path seeds = argv[1];
  std::filesystem::create_directories(seeds);

  auto frame = vgpu::testing::setup_stream();
  const auto draws = vgpu::testing::draw_heavy_stream(3);
  frame.insert(frame.end(), draws.begin(), draws.end());
  write_words(argv[3], 0xff, frame);  // the README's stream: raw dwords, no config byte
  write_words(seeds / "frame_plain", 0, frame);
  write_words(seeds / "frame_all_consumers", 7, frame);
  write_words(seeds / "uploads", 0, vgpu::testing::upload_heavy_stream(4, 1024));

  // One seed per command and object kind: a header with the rule's smallest length and a
  // zeroed payload, so mutations start from every row of the table.
  for (const CommandInfo& c : command_table()) {
    if (c.rule.kind == LengthRule::Kind::ByObjectType) continue;
    std::vector<uint32_t> words(1 + c.rule.min_length(), 0);
    words[0] = CommandHeader{static_cast<uint8_t>(c.id), 0,
                             static_cast<uint16_t>(c.rule.min_length())}.pack();
    write_words(seeds / ("cmd_" + std::string(c.name)), 0, words);
  }
  for (const ObjectInfo& o : object_table()) {
    std::vector<uint32_t> words(1 + o.rule.min_length(), 0);
    words[0] = CommandHeader{1, static_cast<uint8_t>(o.type),
                             static_cast<uint16_t>(o.rule.min_length())}.pack();
    words[1] = 1;  // handle
    write_words(seeds / ("create_" + std::string(o.name)), 4, words);
  }

  std::ofstream dict(argv[2]);
  dict << "# virgl command headers (command | object type << 8 | length << 16), derived from\n"
          "# decoder/commands.def and objects.def by fuzz/seeds/write_virgl_decode_seeds.cc\n";
  for (const CommandInfo& c : command_table()) {
    if (c.rule.kind == LengthRule::Kind::ByObjectType) continue;
    dict << "cmd_" << c.name << "=\""
         << escaped(CommandHeader{static_cast<uint8_t>(c.id), 0,
                                  static_cast<uint16_t>(c.rule.min_length())}.pack())
         << "\"\n";
  }
  for (const ObjectInfo& o : object_table())
    dict << "create_" << o.name << "=\""
         << escaped(CommandHeader{1, static_cast<uint8_t>(o.type),
                                  static_cast<uint16_t>(o.rule.min_length())}.pack())
         << "\"\n";
  return 0;
}
