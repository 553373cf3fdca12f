# Conformance through capture (issue 4's "done when"): piglit's shader list passes the same tests
# through vgpu-capture as straight against virgl_test_server, and every per-client trace verifies.
vgpu_add_piglit_test(capture.piglit_conformance
                     ${PROJECT_SOURCE_DIR}/scripts/piglit-through-capture.sh 900)
