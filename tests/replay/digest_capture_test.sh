#!/usr/bin/env bash
# A real capture with digest frames, replayed: the animation client through Mesa virpipe is
# captured by vgpu-capture in front of a private virgl_test_server (the real virglrenderer) with
# the default frame-pixel policy (frame 1 in full, the rest as ReadbackDigest), then replayed on
# the built-in renderer and, where the library exists, on libvirglrenderer: every frame must
# match.  A missing virgl_test_server is a failure, not a skip.
# usage: digest_capture_test.sh BIN_DIR WORK_DIR [--virglrenderer]
set -u
bin=$1 work=$2 virgl=${3:-}
command -v virgl_test_server >/dev/null || { echo "FAIL: virgl_test_server not found"; exit 1; }
rm -rf "$work" && mkdir -p "$work" || exit 1
trace=$work/animation.vtrc
"$bin/tools/vgpu-capture" -o "$trace" --upstream-spawn \
  --preload-shim "$bin/capture/libvgpu_vtest_socket_redirect.so" \
  -- "$bin/tests/clients/vgpu-client-animation" --frames 20 --expect-renderer virgl \
  || { echo "FAIL: capture exit $?"; exit 1; }
digests=$("$bin/tools/vgpu-trace" info "$trace" | awk '$1 == "ReadbackDigest" { print $2 }')
[ "${digests:-0}" -ge 19 ] || { echo "FAIL: $trace has ${digests:-no} digest readbacks, want 19"; exit 1; }
check() {  # check BACKEND
  out=$("$bin/tools/vgpu-replay" --backend "$1" "$trace" 2>&1); rc=$?
  echo "$out"
  [ "$rc" -eq 0 ] || { echo "FAIL: replay on $1 exit $rc"; exit 1; }
  grep -q "20 frames, .* 0 mismatches" <<<"$out" || { echo "FAIL: not 20 matching frames on $1"; exit 1; }
}
check renderer
[ "$virgl" = --virglrenderer ] && check virglrenderer
echo "PASS: $digests digest frames match"
