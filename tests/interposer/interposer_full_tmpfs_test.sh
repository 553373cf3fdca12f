#!/usr/bin/env bash
# The disk fills up in the middle of a trace: virgl_test_server runs in a private mount namespace
# where the trace directory is a 4 KiB tmpfs, so the header fits and the first block does not.
# One logged line, and the guest passes.  Skipped (status 77) where mount namespaces are denied.
set -uo pipefail
. "$(dirname "$0")/interposer_test_lib.sh"
interposer_test_setup vgpu-interp-full "$@"

mkdir -p "$work/tiny"
if ! unshare -m sh -c "mount -t tmpfs -o size=4k tmpfs '$work/tiny'" 2>"$work/unshare.log"; then
  echo "SKIP: cannot mount a tmpfs in a private mount namespace here: $(cat "$work/unshare.log")"
  exit 77
fi
host_wrapper=(unshare -m sh -c 'mount -t tmpfs -o size=4k tmpfs "$0" && exec "$@"' "$work/tiny")
VGPU_CAPTURE_FULL_FRAMES_EVERY=1 start_host "$work/tiny/t-%p.vtrc"
# 100 frames with every frame's pixels: several times the 4 KiB (20 frames were once enough, and
# fit in 4 KiB since format 1.4 compresses better).
run_guest vgpu-client-animation "$work/dump" --frames 100
wait_for_log "recording disabled" 1
stop_host
grep "vgpu-capture-virgl" "$work/host.log"
[ "$(grep -c "vgpu-capture-virgl" "$work/host.log")" -eq 1 ] || fail "one line expected"
grep -q "No space left on device" "$work/host.log" || fail "the line does not say the disk is full"
echo "PASS"
