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
