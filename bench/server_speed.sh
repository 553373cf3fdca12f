#!/usr/bin/env bash
# vgpu-server's speed against the peer host and the limit, in one run: glxgears (Xvfb, Mesa
# virpipe) through vgpu-server (the built-in renderer) and through virgl_test_server
# (virglrenderer), rounds alternating so both see the same machine, then natively on llvmpipe
# (no virgl: the ceiling).  Prints the medians and the ratio vgpu-server / virgl_test_server
# (issue target >= 1.2).
# Usage: bench/server_speed.sh [BUILD_DIR] [SECONDS_PER_RUN] [ROUNDS]
# Needs: virgl-server, mesa-utils, xvfb (scripts/install-deps.sh installs them).
set -euo pipefail
source "$(dirname "$0")/gears_lib.sh"
build=$(realpath "${1:-build/gcc}")
seconds=${2:-12}
rounds=${3:-3}
server=$build/tools/vgpu-server
shim=$build/capture/libvgpu_vtest_socket_redirect.so
for tool in virgl_test_server glxgears xvfb-run "$server"; do
  command -v "$tool" >/dev/null || { echo "missing: $tool" >&2; exit 2; }
done
[ -f "$shim" ] || { echo "missing: $shim" >&2; exit 2; }
work=$(mktemp -d "${TMPDIR:-/tmp}/vgpu-server-bench-XXXXXX")
trap 'kill $(jobs -p) 2>/dev/null || true; rm -rf "$work"' EXIT
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg) on $(nproc) CPUs"

# Both hosts stay up for the whole run, each on its own socket.
"$server" --socket-path="$work/ours.sock" >"$work/ours.log" 2>&1 &
virgl_test_server --use-egl-surfaceless --socket-path="$work/peer.sock" >"$work/peer.log" 2>&1 &
wait_socket "$work/ours.sock" && wait_socket "$work/peer.sock" ||
  { echo "a server did not start" >&2; cat "$work"/*.log >&2; exit 2; }

gears() {  # gears SOCKET LOG: one timed glxgears run against the vtest server on SOCKET
  env VTEST_SOCKET_NAME="$1" GALLIUM_DRIVER=virpipe LIBGL_ALWAYS_SOFTWARE=1 LD_PRELOAD="$shim" \
    xvfb-run -a timeout -s INT "$seconds" glxgears >"$2" 2>&1 || true
}

ours=() peer=()
for r in $(seq "$rounds"); do
  gears "$work/ours.sock" "$work/ours-$r.log"
  ours+=("$(fps_of "$work/ours-$r.log")")
  l1=$(load)
  gears "$work/peer.sock" "$work/peer-$r.log"
  peer+=("$(fps_of "$work/peer-$r.log")")
  echo "round $r: vgpu-server ${ours[-1]} FPS (load $l1), virgl_test_server ${peer[-1]} FPS (load $(load))"
done
LIBGL_ALWAYS_SOFTWARE=1 xvfb-run -a timeout -s INT "$seconds" glxgears >"$work/native.log" 2>&1 || true
mo=$(median "${ours[@]}") mp=$(median "${peer[@]}")
awk -v o="$mo" -v p="$mp" -v n="$(fps_of "$work/native.log")" -v l="$(load)" 'BEGIN {
  printf "glxgears median FPS: vgpu-server %.1f, virgl_test_server %.1f: ratio %.2f (target >= 1.2); native llvmpipe %.1f (load %s)\n", o, p, p ? o / p : 0, n, l }'
# A server that logged a diagnostic rendered something wrong: say so next to the figures.
if grep -q "invalid\|malformed\|GL error\|lost" "$work/ours.log"; then
  echo "vgpu-server diagnostics:"; grep "invalid\|malformed\|GL error\|lost" "$work/ours.log" | head -5
fi
