#!/usr/bin/env bash
# vgpu-capture --in-host end to end: the spawned virgl_test_server records itself (the interposer
# preloaded) while the guests talk to it directly.
#   1. one guest, -o FILE: the trace verifies, holds every readback the client saw, replays
#      matching, and the summary names it;
#   2. two guests in a row, -o FILE: one trace each, FILE and FILE.2.vtrc, no hidden file left;
#   3. the same two with --per-client -o DIR: client-001-*, client-002-*;
#   4. a bad -o fails before the guest runs, with exit status 1;
#   5. --listen, stopped by SIGINT while a guest is still drawing: its host process is ended
#      and its trace, cut short, is still sealed and verifies;
#   6. two runs at once into one directory: each names only its own guest's trace.
# vgpu-capture runs with GALLIUM_DRIVER=virpipe in its own environment throughout, as a wrapper
# script would set it: the host it spawns must not inherit it (it would render through vtest).
#
# usage: capture_in_host_test.sh --bin-dir BUILD [--preload-first LIB] [--client-env VAR=VALUE]...
set -uo pipefail

bin_dir="" preload_first="" client_env=()
while [ $# -gt 0 ]; do
  case "$1" in
    --bin-dir) bin_dir=$2; shift 2 ;;
    --preload-first) preload_first=$2; shift 2 ;;
    --client-env) client_env+=("$2"); shift 2 ;;
    *) echo "capture_in_host_test.sh: unknown option '$1'" >&2; exit 2 ;;
  esac
done
[ -n "$bin_dir" ] || { echo "capture_in_host_test.sh: usage error" >&2; exit 2; }
capture=$bin_dir/tools/vgpu-capture
trace_tool=$bin_dir/tools/vgpu-trace
replay=$bin_dir/tools/vgpu-replay
checker=$bin_dir/tests/capture/vgpu-check-readbacks
client=$bin_dir/tests/clients/vgpu-client-animation

fail() { echo "capture_in_host_test.sh: FAIL: $*" >&2; exit 1; }
command -v virgl_test_server >/dev/null || fail "virgl_test_server not found (Debian package virgl-server)"
for b in "$capture" "$trace_tool" "$replay" "$checker" "$client"; do [ -x "$b" ] || fail "$b is not built"; done

work=$(mktemp -d "${TMPDIR:-/tmp}/vgpu-inhost.XXXXXX") || exit 1
trap 'rm -rf "$work"' EXIT
ulimit -c 0

in_host() {  # in_host LOG ARGS...: vgpu-capture --upstream-spawn --in-host ARGS
  local log=$1; shift
  env GALLIUM_DRIVER=virpipe EGL_PLATFORM=surfaceless timeout -k 5 90 "$capture" --upstream-spawn --in-host \
    ${preload_first:+--host-preload-first "$preload_first"} "$@" >"$log" 2>&1
  local rc=$?
  cat "$log"
  return $rc
}
guest=(env "${client_env[@]}" "$client" --expect-renderer virgl --frames 6)

echo "== 1. one guest"
in_host "$work/one.log" -o "$work/one.vtrc" --full-frames-every 1 -- "${guest[@]}" --dump "$work/dump" ||
  fail "vgpu-capture exited with $?"
grep -q "one.vtrc: 1 client, 6 frames" "$work/one.log" || fail "no summary line for one.vtrc with 6 frames"
"$trace_tool" verify "$work/one.vtrc" || fail "vgpu-trace verify failed"
"$trace_tool" info "$work/one.vtrc" | grep -q "vgpu-capture-virgl" || fail "not recorded by the interposer"
"$checker" --trace "$work/one.vtrc" --dump "$work/dump" || fail "readbacks differ from what the client saw"
env "${client_env[@]}" "$replay" "$work/one.vtrc" --quiet || fail "the trace does not replay matching"

echo "== 2. two guests, one trace each"
in_host "$work/two.log" -o "$work/two.vtrc" -- sh -c "$(printf '%q ' "${guest[@]}") && $(printf '%q ' "${guest[@]}")" ||
  fail "vgpu-capture exited with $?"
for t in two.vtrc two.2.vtrc; do
  "$trace_tool" verify "$work/$t" || fail "$t does not verify"
  grep -q "$t: 1 client, 6 frames" "$work/two.log" || fail "no summary line for $t"
done
grep -q "2 guests made contexts" "$work/two.log" || fail "the split into two traces is not said"
ls -A "$work" | grep -q '^\.in-host-' && fail "a staging file was left behind: $(ls -A "$work")"

echo "== 3. --per-client"
in_host "$work/dir.log" --per-client -o "$work/dir" -- sh -c "$(printf '%q ' "${guest[@]}") && $(printf '%q ' "${guest[@]}")" ||
  fail "vgpu-capture exited with $?"
[ "$(ls -A "$work/dir" | sort | tr '\n' ' ')" = "client-001-sh.vtrc client-002-sh.vtrc " ] ||
  fail "per-client files: $(ls -A "$work/dir")"
for t in "$work"/dir/*.vtrc; do "$trace_tool" verify "$t" || fail "$t does not verify"; done

echo "== 4. an -o that cannot be written"
in_host "$work/bad.log" -o /proc/no/such/dir/t.vtrc -- "${guest[@]}"
rc=$?
[ $rc -eq 1 ] || fail "a bad -o gave exit status $rc, expected 1"
grep -q "cannot create files there" "$work/bad.log" || fail "the bad -o is not explained"
grep -q "PASS" "$work/bad.log" && fail "the guest ran although -o was bad"

echo "== 5. --listen, a guest still connected at SIGINT"
env GALLIUM_DRIVER=virpipe EGL_PLATFORM=surfaceless "$capture" --upstream-spawn --in-host \
  ${preload_first:+--host-preload-first "$preload_first"} --listen --socket "$work/listen.sock" \
  -o "$work/listen.vtrc" >"$work/listen.log" 2>&1 &
capture_pid=$!
for _ in $(seq 100); do [ -S "$work/listen.sock" ] && break; sleep 0.05; done
env "${client_env[@]}" GALLIUM_DRIVER=virpipe LIBGL_ALWAYS_SOFTWARE=1 EGL_PLATFORM=surfaceless \
  VTEST_SOCKET_NAME="$work/listen.sock" LD_PRELOAD="$bin_dir/capture/libvgpu_vtest_socket_redirect.so" \
  "$client" --expect-renderer virgl --frames 10000 >"$work/long-guest.log" 2>&1 &
guest_pid=$!
for _ in $(seq 200); do ls -A "$work" | grep -q '^\.in-host-' && break; sleep 0.05; done
sleep 1
kill -INT "$capture_pid"
wait "$capture_pid"
rc=$?
kill "$guest_pid" 2>/dev/null  # it aborts on its own once its host is gone (the shell says so)
wait "$guest_pid" 2>/dev/null
cat "$work/listen.log"
[ $rc -eq 0 ] || fail "vgpu-capture --listen exited with $rc after SIGINT"
grep -q "still serving" "$work/listen.log" || fail "the still-connected guest's host process was not ended"
"$trace_tool" verify "$work/listen.vtrc" || fail "the trace of the guest cut off at SIGINT does not verify"
frames=$(sed -n 's/.*listen\.vtrc: 1 client, \([0-9]*\) frames.*/\1/p' "$work/listen.log")
[ -n "$frames" ] || fail "no summary line for listen.vtrc"
[ "$frames" -gt 0 ] && [ "$frames" -lt 10000 ] || fail "$frames frames: the guest was not cut off mid-run"

echo "== 6. two runs at once, one directory"
mkdir "$work/shared"
in_host "$work/run-a.log" -o "$work/shared/a.vtrc" -- "${guest[@]}" &
run_a=$!
in_host "$work/run-b.log" -o "$work/shared/b.vtrc" -- "${guest[@]}" &
run_b=$!
wait "$run_a" || fail "run a exited with $?"
wait "$run_b" || fail "run b exited with $?"
[ "$(ls -A "$work/shared" | sort | tr '\n' ' ')" = "a.vtrc b.vtrc " ] ||
  fail "the shared directory holds: $(ls -A "$work/shared")"
for t in a b; do
  grep -q "$t.vtrc: 1 client, 6 frames" "$work/run-$t.log" || fail "run $t did not name its own trace"
  "$trace_tool" verify "$work/shared/$t.vtrc" || fail "$t.vtrc does not verify"
done
echo "PASS"
