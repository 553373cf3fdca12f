#!/usr/bin/env bash
# VGPU_CAPTURE_FRAMES=2-4 on a 12-frame guest: frames 0 and 1 keep digests only, 2 to 4 their
# pixels, and the trace is sealed when frame 4 ends (one line says so) while the guest runs on
# to its end unharmed.
set -uo pipefail
. "$(dirname "$0")/interposer_test_lib.sh"
interposer_test_setup vgpu-interp-frames "$@"

host_env+=(VGPU_CAPTURE_FRAMES=2-4 VGPU_CAPTURE_FULL_FRAMES_EVERY=1)
start_host "$work/host-%p.vtrc"
run_guest vgpu-client-animation "$work/dump" --frames 12
wait_for_log "vgpu-capture-virgl: wrote" 1
stop_host
grep "vgpu-capture-virgl" "$work/host.log"
grep -q "the last frame of VGPU_CAPTURE_FRAMES has ended" "$work/host.log" || fail "not sealed at frame 4"
trace=$(only_trace "host-*.vtrc")
"$trace_tool" verify "$trace" || fail "vgpu-trace verify failed"
"$trace_tool" dump "$trace" >"$work/dump.txt" || fail "vgpu-trace dump failed"
count() { grep -c " $1 " "$work/dump.txt"; }
[ "$(count FrameEnd)" -eq 5 ] || fail "$(count FrameEnd) FrameEnd, 5 expected"
[ "$(count ReadbackDigest)" -eq 2 ] || fail "$(count ReadbackDigest) ReadbackDigest, 2 expected"
[ "$(count TransferFromHost)" -eq 3 ] || fail "$(count TransferFromHost) TransferFromHost, 3 expected"
echo "PASS"
