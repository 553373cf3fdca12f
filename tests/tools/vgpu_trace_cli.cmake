# vgpu-trace on real traces (corpus/traces/, captured by vgpu-capture): what a user runs, checked
# by its output and exit status.  A cut-off copy must be reported as damaged with what was
# recovered; a missing file must exit 2.
set(vgpu_real_trace ${VGPU_CORPUS_DIR}/traces/animation.vtrc)

add_test(NAME vgpu_trace.info_real_trace COMMAND vgpu-trace info ${vgpu_real_trace})
set_tests_properties(vgpu_trace.info_real_trace PROPERTIES
  PASS_REGULAR_EXPRESSION "frames: +8\n.*transport vtest|transport vtest.*\nframes: +8")

add_test(NAME vgpu_trace.verify_real_traces COMMAND ${CMAKE_COMMAND}
  -DTOOL=$<TARGET_FILE:vgpu-trace> -DDIR=${VGPU_CORPUS_DIR}/traces
  -P ${CMAKE_CURRENT_SOURCE_DIR}/tools/scripts/verify_all.cmake)

add_test(NAME vgpu_trace.dump_frame_range
         COMMAND vgpu-trace dump --frames 2-3 ${vgpu_real_trace})
set_tests_properties(vgpu_trace.dump_frame_range PROPERTIES
  PASS_REGULAR_EXPRESSION "FrameEnd frame=2.*FrameEnd frame=3"
  FAIL_REGULAR_EXPRESSION "FrameEnd frame=[014567]")

# The first 3000 bytes of a real trace: the reader recovers the whole blocks and verify fails.
add_test(NAME vgpu_trace.verify_cut_trace COMMAND ${CMAKE_COMMAND}
  -DTOOL=$<TARGET_FILE:vgpu-trace> -DIN=${vgpu_real_trace} -DBYTES=3000
  -DOUT=${CMAKE_CURRENT_BINARY_DIR}/cut.vtrc -P ${CMAKE_CURRENT_SOURCE_DIR}/tools/scripts/verify_cut.cmake)

add_test(NAME vgpu_trace.verify_missing_file COMMAND vgpu-trace verify /nonexistent/x.vtrc)
set_tests_properties(vgpu_trace.verify_missing_file PROPERTIES
  PASS_REGULAR_EXPRESSION "FAIL /nonexistent/x.vtrc: cannot open")

# caps: the capsets virgl_test_server 0.10.4 gave the guest of a corpus trace, by field name.
add_test(NAME vgpu_trace.caps_real_trace COMMAND vgpu-trace caps ${vgpu_real_trace})
set_tests_properties(vgpu_trace.caps_real_trace PROPERTIES
  PASS_REGULAR_EXPRESSION "capset 2 version 1 \\(1376 bytes\\).*v1.glsl_level +450.*capability_bits +[A-Z_ ]*COMPUTE_SHADER.*max_uniform_block_size +65536")
# Two traces of the same host: no field differs (exit 0).
add_test(NAME vgpu_trace.caps_diff_same_host COMMAND vgpu-trace caps ${vgpu_real_trace}
         --diff ${VGPU_CORPUS_DIR}/traces/triangle.vtrc)
set_tests_properties(vgpu_trace.caps_diff_same_host PROPERTIES
  PASS_REGULAR_EXPRESSION "^capset 1: 308 bytes vs 308 bytes\ncapset 2: 1376 bytes vs 1376 bytes\n0 differing field\\(s\\)")
add_test(NAME vgpu_trace.caps_missing_file COMMAND vgpu-trace caps /nonexistent/x.vtrc)
set_tests_properties(vgpu_trace.caps_missing_file PROPERTIES WILL_FAIL TRUE)
