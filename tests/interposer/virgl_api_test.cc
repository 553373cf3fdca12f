// capture/interposer/virgl_api.def: the README's table of the API says what the table says, and
// the table covers every function libvirglrenderer 0.10.4 exports.
#include <gtest/gtest.h>

#include <fstream>
#include <set>
#include <sstream>
#include <string>

namespace {

struct Row {
  const char* name;
  bool recorded;
  const char* text;
};
const Row kRows[] = {
#define VGPU_VIRGL_RECORDED(ret, name, params, args, text) {#name, true, text},
#define VGPU_VIRGL_PASSTHROUGH(ret, name, params, args, text) {#name, false, text},
#include "capture/interposer/virgl_api.def"
#undef VGPU_VIRGL_PASSTHROUGH
#undef VGPU_VIRGL_RECORDED
};

TEST(VirglApiTable, ReadmeListsEveryRowAsTheTableSays) {
  std::ifstream in(VGPU_INTERPOSER_README);
  ASSERT_TRUE(in) << VGPU_INTERPOSER_README;
  std::stringstream readme;
  readme << in.rdbuf();
  for (const Row& row : kRows) {
    const std::string line = std::string("| `") + row.name + "` | " +
                             (row.recorded ? "recorded" : "passed through") + " | " + row.text +
                             " |\n";
    EXPECT_NE(readme.str().find(line), std::string::npos) << "README lacks: " << line;
  }
}

TEST(VirglApiTable, CoversTheExportsOfVirglrenderer0104) {
  // `nm -D --defined-only libvirglrenderer.so.1.7.7` (Debian 0.10.4), functions.
  const std::set<std::string> exported = {
      "virgl_renderer_cleanup", "virgl_renderer_context_create",
      "virgl_renderer_context_create_fence", "virgl_renderer_context_create_with_flags",
      "virgl_renderer_context_destroy", "virgl_renderer_context_get_poll_fd",
      "virgl_renderer_context_poll", "virgl_renderer_create_fence",
      "virgl_renderer_ctx_attach_resource", "virgl_renderer_ctx_detach_resource",
      "virgl_renderer_execute", "virgl_renderer_export_fence", "virgl_renderer_fill_caps",
      "virgl_renderer_force_ctx_0", "virgl_renderer_get_cap_set", "virgl_renderer_get_cursor_data",
      "virgl_renderer_get_fd_for_texture", "virgl_renderer_get_fd_for_texture2",
      "virgl_renderer_get_poll_fd", "virgl_renderer_get_rect", "virgl_renderer_init",
      "virgl_renderer_poll", "virgl_renderer_reset", "virgl_renderer_resource_attach_iov",
      "virgl_renderer_resource_create", "virgl_renderer_resource_create_blob",
      "virgl_renderer_resource_detach_iov", "virgl_renderer_resource_export_blob",
      "virgl_renderer_resource_get_info", "virgl_renderer_resource_get_map_info",
      "virgl_renderer_resource_get_priv", "virgl_renderer_resource_import_blob",
      "virgl_renderer_resource_import_eglimage", "virgl_renderer_resource_map",
      "virgl_renderer_resource_set_priv", "virgl_renderer_resource_unmap",
      "virgl_renderer_resource_unref", "virgl_renderer_submit_cmd",
      "virgl_renderer_transfer_read_iov", "virgl_renderer_transfer_write_iov",
      "virgl_set_debug_callback"};
  std::set<std::string> table;
  for (const Row& row : kRows) EXPECT_TRUE(table.insert(row.name).second) << row.name << " twice";
  EXPECT_EQ(table, exported);
}

}  // namespace
