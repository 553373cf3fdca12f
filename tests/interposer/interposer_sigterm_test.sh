#!/usr/bin/env bash
# A --no-fork virgl_test_server serves two guests in turn and is then ended by a signal (SIGTERM,
# or the one given after --: SIGPIPE is how a forked server dies when its guest vanishes mid-reply):
# the interposer's handler seals the one trace of the process (both contexts, every readback) and
# the host still dies of that signal, as it would have without us.
set -uo pipefail
. "$(dirname "$0")/interposer_test_lib.sh"
interposer_test_setup vgpu-interp-term "$@"
sig=${rest[0]:-TERM}

VGPU_CAPTURE_FULL_FRAMES_EVERY=1 start_host "$work/host-%p.vtrc" --no-fork
run_guest vgpu-client-triangle "$work/dump-triangle"
run_guest vgpu-client-clear_readback "$work/dump-clear"
# The server logs each guest's end before it destroys its context; give it that moment.
wait_for_log "VTEST_CLIENT_ERROR_INPUT_READ" 2
sleep 1
stop_host "$sig"
expected=$((128 + $(kill -l "$sig")))
[ "$host_status" -eq "$expected" ] || fail "the host exited with $host_status, $expected (SIG$sig) expected"
grep "vgpu-capture-virgl" "$work/host.log"
[ "$(grep -c "vgpu-capture-virgl: wrote" "$work/host.log")" -eq 1 ] || fail "the trace was not sealed once"
trace=$(only_trace "host-*.vtrc")
"$trace_tool" verify "$trace" || fail "vgpu-trace verify failed"
"$trace_tool" dump "$trace" >"$work/dump.txt" || fail "vgpu-trace dump failed"
[ "$(grep -c " ContextCreate " "$work/dump.txt")" -eq 2 ] || fail "two ContextCreate expected"
[ "$(grep -c " ContextDestroy " "$work/dump.txt")" -eq 2 ] || fail "two ContextDestroy expected"
# triangle reads back once, clear_readback twice: every readback is in the trace.
readbacks=$(grep -c " TransferFromHost " "$work/dump.txt")
[ "$readbacks" -eq 3 ] || fail "$readbacks TransferFromHost events, 3 expected"
echo "PASS"
