#!/usr/bin/env bash
# vgpu-capture --listen --per-client as a daemon: two clients one after the other and two at the
# same time, then SIGTERM.  Expected: exit status 0, one trace per client (4), each verifying and
# holding exactly its own client's readbacks.
#
# usage: capture_listen_test.sh --bin-dir BUILD [--client-env VAR=VALUE]
set -uo pipefail
. "$(dirname "$0")/capture_test_lib.sh"
daemon_test_setup vgpu-capl "$@"

socket=$work/s
check_socket_path "$socket"
traces=$work/traces
"$capture" --listen --per-client -o "$traces" --upstream-spawn --full-frames-every 1 --socket "$socket" \
  >"$work/capture.log" 2>&1 &
cap_pid=$!
wait_for_socket "$socket" "$cap_pid"

echo "== two clients one after the other"
for c in triangle clear_readback; do
  run_guest "$c" "$work/dump-$c" >"$work/$c.log" 2>&1 || { cat "$work/$c.log"; fail "$c failed"; }
done
echo "== two clients at the same time"
run_guest textured_quad "$work/dump-textured_quad" >"$work/textured_quad.log" 2>&1 &
p1=$!
run_guest mrt_depth_stencil "$work/dump-mrt_depth_stencil" >"$work/mrt_depth_stencil.log" 2>&1 &
p2=$!
wait_for_exit $p1 70
[ "$exit_status" -eq 0 ] || { cat "$work/textured_quad.log"; fail "textured_quad failed"; }
wait_for_exit $p2 70
[ "$exit_status" -eq 0 ] || { cat "$work/mrt_depth_stencil.log"; fail "mrt_depth_stencil failed"; }

echo "== SIGTERM"
kill -TERM "$cap_pid"
wait_for_exit "$cap_pid" 20
cap_pid=""
cat "$work/capture.log"
[ "$exit_status" -eq 0 ] || fail "vgpu-capture exited with $exit_status after SIGTERM, 0 expected"

count=$(find "$traces" -name '*.vtrc' | wc -l)
[ "$count" -eq 4 ] || fail "$count traces in $traces, 4 expected: $(ls "$traces")"
for c in triangle clear_readback textured_quad mrt_depth_stencil; do
  t=$(trace_of "$traces" "$c")
  echo "== $c: $(basename "$t")"
  "$trace_tool" verify "$t" || fail "$t does not verify"
  "$checker" --trace "$t" --dump "$work/dump-$c" || fail "$t does not hold $c's readbacks"
done
echo "PASS"
