#!/usr/bin/env bash
# Conformance of the built-in renderer: runs piglit's shader list through Mesa virpipe against
# `vgpu-server` and fails if fewer tests pass than the floor recorded in the repository
# (tests/server/piglit_floor.txt), or if vgpu-server itself died.  Prints the run-piglit summary
# line, the per-test results of the run, and the counts of crashes and timeouts.
#   scripts/piglit-through-server.sh [BUILD_DIR] [LIST] [RESULTS_FILE]
# Needs: piglit (scripts/install-deps.sh).
set -euo pipefail
build=$(realpath "${1:-build/gcc}")
here=$(cd "$(dirname "$0")/.." && pwd)
list=${2:-$here/../shared/conformance/piglit-shader-public.txt}
results=${3:-}
runner=$(dirname "$list")/run-piglit.sh
shim=$build/capture/libvgpu_vtest_socket_redirect.so
floor=$(grep -v '^#' "$here/tests/server/piglit_floor.txt" | grep -m1 .)
work=$(mktemp -d /tmp/vgpu-piglit-server-XXXXXX)
trap 'kill $(jobs -p) 2>/dev/null || true; rm -rf "$work"' EXIT

"$build/tools/vgpu-server" --socket-path="$work/server.sock" >"$work/server.log" 2>&1 &
server=$!
for _ in $(seq 200); do [ -S "$work/server.sock" ] && break; sleep 0.05; done
[ -S "$work/server.sock" ] || { cat "$work/server.log" >&2; echo "FAIL: vgpu-server did not start" >&2; exit 1; }
# Mesa 22.3 ignores VTEST_SOCKET_NAME (run-piglit.sh sets it): the shim makes it count.
LD_PRELOAD=$shim "$runner" "$list" --socket "$work/server.sock" -j 2 >"$work/results.txt" 2>&1 || true
[ -n "$results" ] && cp "$work/results.txt" "$results"
summary=$(tail -n1 "$work/results.txt")
passed=$(sed -n 's/^piglit: \([0-9]*\) passed.*/\1/p' <<<"$summary")
echo "vgpu-server: $summary (floor $floor)"
echo "crashes: $(grep -c '^crash ' "$work/results.txt" || true), timeouts: $(grep -c '^timeout ' "$work/results.txt" || true)"
status=0
if ! kill -0 "$server" 2>/dev/null; then
  echo "FAIL: vgpu-server died during the run; its log:" >&2
  tail -n 30 "$work/server.log" >&2
  status=1
fi
kill -TERM "$server" 2>/dev/null || true
wait "$server" || { echo "FAIL: vgpu-server exited with $? after SIGTERM" >&2; status=1; }
if [ -z "$passed" ] || [ "$passed" -lt "$floor" ]; then
  echo "FAIL: ${passed:-no} tests passed, the floor is $floor" >&2
  grep -v '^pass \|^piglit:' "$work/results.txt" | head -n 40 >&2
  status=1
fi
exit $status
