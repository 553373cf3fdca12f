#!/usr/bin/env bash
# Issue 9's "done when": piglit shader tests run against a virgl_test_server with the interposer
# preloaded give the same results as without it, and one trace per guest (the server forks one
# process per client, "%p" in VGPU_CAPTURE_FILE), every one of which verifies and replays
# matching on libvirglrenderer.
#
# usage: interposer_piglit_test.sh [options of interposer_test_lib.sh] -- LIST [EVERY]
#   runs every EVERY-th test of LIST (default 16: a dozen tests of the shared conformance list)
set -uo pipefail
. "$(dirname "$0")/interposer_test_lib.sh"
interposer_test_setup vgpu-interp-piglit "$@"
set -- "${rest[@]}"
list=${1:?the piglit list}
every=${2:-16}
runner=$(dirname "$list")/run-piglit.sh
[ -x /usr/lib/x86_64-linux-gnu/piglit/bin/shader_runner ] || fail "piglit is not installed"
grep -v '^#' "$list" | grep . | awk -v n="$every" 'NR % n == 1' >"$work/list.txt"
tests=$(grep -c . "$work/list.txt")

# run_list NAME: the list against the host on $socket (Mesa 22.3 needs the shim to use it).
run_list() {
  LD_PRELOAD=$shim "$runner" "$work/list.txt" --socket "$socket" -j 2 >"$work/$1.txt" 2>&1
  echo "$1: $(tail -n1 "$work/$1.txt")"
}

rm -f "$socket"
virgl_test_server --use-egl-surfaceless --socket-path="$socket" >"$work/plain.log" 2>&1 &
host_pid=$!
wait_for_socket "$socket" "$host_pid"
run_list plain
stop_host

start_host "$work/t-%p.vtrc"
run_list interposed
stop_host
diff <(grep -v '^piglit:' "$work/plain.txt") <(grep -v '^piglit:' "$work/interposed.txt") ||
  fail "results differ with the interposer (< plain, > interposed)"

traces=0
for t in "$work"/t-*.vtrc; do
  [ -e "$t" ] || break
  traces=$((traces + 1))
  "$trace_tool" verify "$t" >"$work/verify.txt" 2>&1 || { cat "$work/verify.txt"; fail "$t does not verify"; }
  # Replayable: on the library it was captured from, every readback must match.
  env "${client_env[@]}" "$replay" "$t" --quiet --backend virglrenderer >"$work/replay.txt" 2>&1 ||
    { cat "$work/replay.txt"; fail "$t does not replay matching on libvirglrenderer"; }
done
sealed=$(grep -c "vgpu-capture-virgl: wrote" "$work/host.log")
echo "$tests tests, $traces traces, $sealed sealed"
[ "$traces" -eq "$tests" ] || fail "$traces traces for $tests guests"
[ "$sealed" -eq "$tests" ] || fail "$sealed traces sealed for $tests guests"
grep -q "recording disabled" "$work/host.log" && fail "recording was disabled"
echo "PASS"
