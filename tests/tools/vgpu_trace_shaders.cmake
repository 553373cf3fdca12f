# vgpu-trace shaders on the real traces of corpus/traces: the tool is run as a user runs it and
# its JSON checked against the shaders the test support library finds on its own.
vgpu_add_test_suite(vgpu_trace_shaders_tests
  SOURCES ${CMAKE_CURRENT_SOURCE_DIR}/tools/vgpu_trace_shaders_test.cc
  LIBS vgpu_tgsi_test_support vgpu_decoder nlohmann_json::nlohmann_json)
target_compile_definitions(vgpu_trace_shaders_tests PRIVATE
  VGPU_TRACE_BIN="$<TARGET_FILE:vgpu-trace>")
add_dependencies(vgpu_trace_shaders_tests vgpu-trace)
