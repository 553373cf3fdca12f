#include "decoder/protocol.h"

#include <gtest/gtest.h>

#include <set>
#include <string>

#include "decoder/formats.h"

namespace vgpu::virgl {
namespace {

TEST(ProtocolTable, SixtyFourCommandsInIdOrderWithUniqueNames) {
  std::set<std::string_view> names;
  for (uint32_t i = 0; i < kCommandCount; ++i) {
    EXPECT_EQ(static_cast<uint32_t>(command_table()[i].id), i);
    EXPECT_TRUE(names.insert(command_table()[i].name).second) << command_table()[i].name;
  }
  EXPECT_EQ(find_command(64), nullptr);
  EXPECT_EQ(command_name(63), "GET_PIPE_RESOURCE_LAYOUT");
  EXPECT_EQ(command_name(52), "LINK_SHADER");
  EXPECT_EQ(command_name(62), "CLEAR_SURFACE");
  EXPECT_EQ(command_name(200), "UNKNOWN");
}

TEST(ProtocolTable, VideoCommandsAreKnownButUnsupported) {
  for (uint32_t id = 0; id < kCommandCount; ++id)
    EXPECT_EQ(find_command(id)->supported, !(id >= 53 && id <= 61)) << command_name(id);
}

TEST(ProtocolTable, ObjectKindsMatchVirglProtocol) {
  ASSERT_EQ(object_table().size(), 11u);
  EXPECT_EQ(object_type_name(4), "SHADER");
  EXPECT_EQ(object_type_name(11), "MSAA_SURFACE");
  EXPECT_EQ(object_type_name(0), "NULL");
  EXPECT_EQ(find_object(12), nullptr);
  EXPECT_EQ(find_object(0), nullptr);
}

TEST(ProtocolTable, LengthRules) {
  EXPECT_TRUE(array(1, 6, 16).accepts(97));
  EXPECT_FALSE(array(1, 6, 16).accepts(103));
  EXPECT_FALSE(array(1, 6, 16).accepts(8));
  EXPECT_FALSE(array(8, 2, 4, 1).accepts(8));
  EXPECT_EQ(array(8, 2, 4, 1).describe(), "8 + 2*n (1 <= n <= 4)");
  EXPECT_EQ(one_of(12, 14, 20).describe(), "12, 14 or 20");
  EXPECT_TRUE(one_of(1, 3).accepts(3));
  EXPECT_FALSE(one_of(1, 3).accepts(0));
}

TEST(ProtocolTable, PrecomputedLengthSetsAgreeWithTheRules) {
  for (const auto& c : command_table()) EXPECT_TRUE(c.lengths.matches(c.rule)) << c.name;
  for (const auto& o : object_table()) EXPECT_TRUE(o.lengths.matches(o.rule)) << o.name;
}

TEST(Formats, KnownNumbersAndGaps) {
  EXPECT_EQ(format_name(1), "B8G8R8A8_UNORM");
  EXPECT_EQ(format_name(67), "R8G8B8A8_UNORM");
  EXPECT_EQ(format_name(312), "R8_SRGB");
  EXPECT_FALSE(is_known_format(73));
  EXPECT_FALSE(is_known_format(100000));
  EXPECT_EQ(format_name(73), "UNKNOWN");
}

TEST(CommandHeader, PacksAsVirglDoes) {
  const CommandHeader h{1, 4, 0x1234};
  EXPECT_EQ(h.pack(), 0x12340401u);
  const CommandHeader u = CommandHeader::unpack(0xffff0a3f);
  EXPECT_EQ(u.command, 0x3f);
  EXPECT_EQ(u.object_type, 0x0a);
  EXPECT_EQ(u.length, 0xffff);
}

}  // namespace
}  // namespace vgpu::virgl
