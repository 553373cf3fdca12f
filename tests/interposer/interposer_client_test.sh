#!/usr/bin/env bash
# One GL client captured by the interposer inside the real (forking) virgl_test_server: the one
# trace of the forked child must verify, hold every readback the client saw, be equivalent to
# vgpu-capture's trace of the same client, and replay matching on both vgpu-replay back ends.
#
# usage: interposer_client_test.sh --bin-dir BUILD [options of interposer_test_lib.sh] -- CLIENT [ARGS...]
set -uo pipefail
. "$(dirname "$0")/interposer_test_lib.sh"
interposer_test_setup vgpu-interp "$@"
set -- "${rest[@]}"
[ $# -gt 0 ] || fail "no client given"
client=$1
shift

echo "== interposer: $client $*"
VGPU_CAPTURE_FULL_FRAMES_EVERY=1 start_host "$work/host-%p.vtrc"
run_guest "$client" "$work/dump" "$@"
# The forked child seals its trace at exit, after the guest has gone.
wait_for_log "vgpu-capture-virgl: wrote" 1
stop_host
grep "vgpu-capture-virgl" "$work/host.log"
[ "$(grep -c "vgpu-capture-virgl" "$work/host.log")" -eq 1 ] || fail "more than one log line"
trace=$(only_trace "host-*.vtrc")

echo "== verify"
"$trace_tool" verify "$trace" || fail "vgpu-trace verify failed"
echo "== readbacks"
"$checker" --trace "$trace" --dump "$work/dump" || fail "readbacks differ"

echo "== the same client through vgpu-capture"
EGL_PLATFORM=surfaceless timeout -k 5 60 "$capture" -o "$work/proxy.vtrc" --upstream-spawn \
  --full-frames-every 1 -- env "${client_env[@]}" "$clients/$client" --expect-renderer virgl \
  --dump "$work/proxy-dump" "$@" >"$work/proxy.log" 2>&1 || { cat "$work/proxy.log"; fail "vgpu-capture failed"; }
"$comparer" "$work/proxy.vtrc" "$trace" || fail "the two captures are not equivalent"
echo "== replay on the built-in renderer and on libvirglrenderer"
for backend in renderer virglrenderer; do
  # client_env: in sanitizer builds, no leak check (Mesa's and libvirglrenderer's own leaks).
  env "${client_env[@]}" "$replay" "$trace" --quiet --backend "$backend" ||
    fail "the trace does not replay matching on $backend"
done
echo "PASS"
