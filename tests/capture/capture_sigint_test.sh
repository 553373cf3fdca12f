#!/usr/bin/env bash
# SIGINT while clients are mid-run: every trace still verifies and keeps what was recorded.
#  1. --listen --per-client: a client that finished, then two animation clients rendering many
#     frames; SIGINT to vgpu-capture once each has read back a few frames.  Exit status 0, three
#     traces; the finished client's is complete, the animations' hold at least every frame their
#     client had dumped when the signal came, pixel for pixel.
#  2. A command run (vgpu-capture -- animation): SIGINT goes to the guest, which dies of it;
#     vgpu-capture exits with the guest's status (130) and the trace keeps the frames so far.
#
# usage: capture_sigint_test.sh --bin-dir BUILD [--client-env VAR=VALUE]
set -uo pipefail
. "$(dirname "$0")/capture_test_lib.sh"
daemon_test_setup vgpu-caps "$@"
frames=10000  # the most the client takes: far more than can run before the signal

echo "== 1. --listen --per-client, SIGINT with two clients mid-run"
socket=$work/s
check_socket_path "$socket"
traces=$work/traces
"$capture" --listen --per-client -o "$traces" --upstream-spawn --full-frames-every 1 --socket "$socket" \
  >"$work/capture.log" 2>&1 &
cap_pid=$!
wait_for_socket "$socket" "$cap_pid"
run_guest triangle "$work/dump-triangle" >"$work/triangle.log" 2>&1 || { cat "$work/triangle.log"; fail "triangle failed"; }
run_guest animation "$work/dump-a" --frames $frames >"$work/a.log" 2>&1 &
pa=$!
wait_for_readbacks "$work/dump-a" 3 30
run_guest animation "$work/dump-b" --frames $frames >"$work/b.log" 2>&1 &
pb=$!
wait_for_readbacks "$work/dump-b" 3 30
# Every readback a client has dumped was recorded before the client received it.
snapshot_dump "$work/dump-a" "$work/snap-a"
dumped_a=$snapshot_readbacks
snapshot_dump "$work/dump-b" "$work/snap-b"
dumped_b=$snapshot_readbacks
kill -INT "$cap_pid"
wait_for_exit "$cap_pid" 20
cap_pid=""
cat "$work/capture.log"
[ "$exit_status" -eq 0 ] || fail "vgpu-capture exited with $exit_status after SIGINT, 0 expected"
# The guests lost their host; they end (Mesa aborts) within their own timeout.
wait_for_exit $pa 70
echo "animation a ended with status $exit_status after $(count_readbacks "$work/dump-a") readbacks"
wait_for_exit $pb 70
echo "animation b ended with status $exit_status after $(count_readbacks "$work/dump-b") readbacks"
count=$(find "$traces" -name '*.vtrc' | wc -l)
[ "$count" -eq 3 ] || fail "$count traces in $traces, 3 expected: $(ls "$traces")"
t=$(trace_of "$traces" triangle)
"$trace_tool" verify "$t" || fail "$t does not verify"
"$checker" --trace "$t" --dump "$work/dump-triangle" || fail "$t does not hold triangle's readback"
for t in $(find "$traces" -name '*animation.vtrc' | sort); do
  "$trace_tool" verify "$t" || fail "$t does not verify"
done
# a connected second (client 2), b third; both render the same frames, so each is checked
# against its own trace by connection order.
for d in a b; do
  n=$([ $d = a ] && echo 2 || echo 3)
  min=$([ $d = a ] && echo "$dumped_a" || echo "$dumped_b")
  t=$(find "$traces" -name "client-00$n-vgpu-client-animation.vtrc")
  [ -n "$t" ] || fail "no trace of client $n"
  "$checker" --trace "$t" --dump "$work/snap-$d" --partial --min-readbacks "$min" \
    || fail "$t lost some of the first $min readbacks of animation $d"
done

echo "== 2. command run, SIGINT mid-run"
EGL_PLATFORM=surfaceless "$capture" -o "$work/cmd.vtrc" --upstream-spawn --full-frames-every 1 -- \
  env $client_env "$clients/vgpu-client-animation" --frames $frames --dump "$work/dump-cmd" \
  >"$work/cmd.log" 2>&1 &
cap_pid=$!
wait_for_readbacks "$work/dump-cmd" 3 30
snapshot_dump "$work/dump-cmd" "$work/snap-cmd"
dumped=$snapshot_readbacks
kill -INT "$cap_pid"
wait_for_exit "$cap_pid" 20
cap_pid=""
cat "$work/cmd.log"
[ "$exit_status" -eq 130 ] || fail "vgpu-capture exited with $exit_status, the guest's 130 expected"
"$trace_tool" verify "$work/cmd.vtrc" || fail "cmd.vtrc does not verify"
"$checker" --trace "$work/cmd.vtrc" --dump "$work/snap-cmd" --partial --min-readbacks "$dumped" \
  || fail "cmd.vtrc lost readbacks"
echo "PASS"
