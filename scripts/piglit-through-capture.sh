#!/usr/bin/env bash
# Conformance through capture: runs the piglit shader list straight against virgl_test_server,
# then through `vgpu-capture --listen --per-client` in front of the same server, and fails unless
# both pass the same tests and every per-client trace passes `vgpu-trace verify`.
#   scripts/piglit-through-capture.sh [BUILD_DIR] [LIST]
# Needs: piglit, virgl-server (scripts/install-deps.sh).
set -euo pipefail
build=$(realpath "${1:-build/gcc}")
here=$(cd "$(dirname "$0")/.." && pwd)
list=${2:-$here/../shared/conformance/piglit-shader-public.txt}
runner=$(dirname "$list")/run-piglit.sh
shim=$build/capture/libvgpu_vtest_socket_redirect.so
work=$(mktemp -d /tmp/vgpu-piglit-XXXXXX)
trap 'kill $(jobs -p) 2>/dev/null || true; rm -rf "$work"' EXIT

virgl_test_server --use-egl-surfaceless --socket-path="$work/host.sock" >"$work/host.log" 2>&1 &
for _ in $(seq 200); do [ -S "$work/host.sock" ] && break; sleep 0.05; done
# Mesa 22.3 ignores VTEST_SOCKET_NAME (run-piglit.sh sets it): the shim makes it count.
LD_PRELOAD=$shim "$runner" "$list" --socket "$work/host.sock" -j 2 >"$work/direct.txt" 2>&1
echo "direct:  $(tail -n1 "$work/direct.txt")"

"$build/tools/vgpu-capture" --listen --per-client -o "$work/traces" --upstream "$work/host.sock" \
  --socket "$work/capture.sock" >"$work/capture.log" 2>&1 &
capture=$!
for _ in $(seq 200); do [ -S "$work/capture.sock" ] && break; sleep 0.05; done
LD_PRELOAD=$shim "$runner" "$list" --socket "$work/capture.sock" -j 2 >"$work/captured.txt" 2>&1
echo "capture: $(tail -n1 "$work/captured.txt")"
kill -TERM "$capture"
wait "$capture" || { echo "vgpu-capture exited with $?" >&2; exit 1; }

status=0
if ! diff <(grep -v '^piglit:' "$work/direct.txt") <(grep -v '^piglit:' "$work/captured.txt"); then
  echo "FAIL: results differ through capture (< direct, > captured)" >&2
  status=1
fi
traces=0 bad=0
for t in "$work"/traces/*.vtrc; do
  traces=$((traces + 1))
  "$build/tools/vgpu-trace" verify "$t" >/dev/null 2>&1 || { bad=$((bad + 1)); echo "FAIL verify: $t" >&2; }
done
cut=$(grep -c 'cut off' "$work/capture.log" || true)
echo "traces: $traces written, $bad failed verify; sessions cut off: $cut"
[ "$traces" -gt 0 ] && [ "$bad" -eq 0 ] && [ "$cut" -eq 0 ] || status=1
exit $status
