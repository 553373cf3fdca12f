// capture/interposer/interposer_config.h: the environment a VMM is started with.
#include "capture/interposer/interposer_config.h"

#include <gtest/gtest.h>

#include <map>

namespace vgpu::interposer {
namespace {

trace::Result<std::optional<InterposerConfig>> parse(std::map<std::string, std::string> vars) {
  return config_from_env([&](const char* name) -> const char* {
    const auto it = vars.find(name);
    return it == vars.end() ? nullptr : it->second.c_str();
  });
}

TEST(InterposerConfig, NoFileMeansNoRecording) {
  auto c = parse({});
  ASSERT_TRUE(c.ok());
  EXPECT_FALSE(c.value().has_value());
  c = parse({{"VGPU_CAPTURE_FILE", ""}, {"VGPU_CAPTURE_LEVEL", "banana"}});
  ASSERT_TRUE(c.ok());
  EXPECT_FALSE(c.value().has_value());
}

TEST(InterposerConfig, DefaultsMatchVgpuCapture) {
  auto c = parse({{"VGPU_CAPTURE_FILE", "/tmp/t.vtrc"}});
  ASSERT_TRUE(c.ok());
  ASSERT_TRUE(c.value().has_value());
  EXPECT_EQ(c.value()->path_template, "/tmp/t.vtrc");
  EXPECT_EQ(c.value()->zstd_level, 3);
  EXPECT_EQ(c.value()->full_frames_every, 300u);
  EXPECT_EQ(c.value()->first_frame, 0u);
  EXPECT_EQ(c.value()->last_frame, UINT64_MAX);
}

TEST(InterposerConfig, FrameRanges) {
  auto c = parse({{"VGPU_CAPTURE_FILE", "x"}, {"VGPU_CAPTURE_FRAMES", "10-20"}});
  ASSERT_TRUE(c.ok());
  EXPECT_EQ(c.value()->first_frame, 10u);
  EXPECT_EQ(c.value()->last_frame, 20u);
  c = parse({{"VGPU_CAPTURE_FILE", "x"}, {"VGPU_CAPTURE_FRAMES", "5-"}});
  ASSERT_TRUE(c.ok());
  EXPECT_EQ(c.value()->first_frame, 5u);
  EXPECT_EQ(c.value()->last_frame, UINT64_MAX);
  c = parse({{"VGPU_CAPTURE_FILE", "x"}, {"VGPU_CAPTURE_FRAMES", "7"}});
  ASSERT_TRUE(c.ok());
  EXPECT_EQ(c.value()->first_frame, 7u);
  EXPECT_EQ(c.value()->last_frame, 7u);
}

TEST(InterposerConfig, BadValuesNameTheVariable) {
  for (const auto& [name, value] : std::vector<std::pair<std::string, std::string>>{
           {"VGPU_CAPTURE_FRAMES", "20-10"},
           {"VGPU_CAPTURE_FRAMES", "-3"},
           {"VGPU_CAPTURE_FRAMES", "1-2x"},
           {"VGPU_CAPTURE_LEVEL", "20"},
           {"VGPU_CAPTURE_LEVEL", "3.5"},
           {"VGPU_CAPTURE_FULL_FRAMES_EVERY", "0"}}) {
    auto c = parse({{"VGPU_CAPTURE_FILE", "x"}, {name, value}});
    ASSERT_FALSE(c.ok()) << name << "=" << value;
    EXPECT_NE(c.error().message.find(name + "='" + value + "'"), std::string::npos)
        << c.error().message;
  }
}

TEST(InterposerConfig, PidInThePath) {
  EXPECT_EQ(expand_path("/tmp/t-%p.vtrc", 1234), "/tmp/t-1234.vtrc");
  EXPECT_EQ(expand_path("%p/%p", 5), "5/5");
  EXPECT_EQ(expand_path("100%%-%q%", 5), "100%-%q%");
}

}  // namespace
}  // namespace vgpu::interposer
