# Conformance through capture (issue 4's "done when"): piglit's shader list passes the same tests
# through vgpu-capture as straight against virgl_test_server, and every per-client trace verifies.
# The list and its runner ship beside the repository (../shared/conformance); without them the
# test cannot be defined, and configure says so.
set(vgpu_piglit_list ${PROJECT_SOURCE_DIR}/../shared/conformance/piglit-shader-public.txt)
if(EXISTS ${vgpu_piglit_list})
  add_test(NAME capture.piglit_conformance
           COMMAND ${PROJECT_SOURCE_DIR}/scripts/piglit-through-capture.sh ${PROJECT_BINARY_DIR}
                   ${vgpu_piglit_list})
  set_tests_properties(capture.piglit_conformance PROPERTIES LABELS integration TIMEOUT 900)
else()
  message(STATUS "capture.piglit_conformance not defined: ${vgpu_piglit_list} is missing")
endif()
