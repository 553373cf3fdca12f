#!/usr/bin/env bash
# Replay's speed and memory, side by side with the peers, in one run:
#   1. glxgears (Xvfb, Mesa virpipe) live against virgl_test_server: its own FPS reports;
#   2. the same program captured through vgpu-capture in front of that server, then replayed with
#      `vgpu-replay --benchmark` on the built-in renderer and on libvirglrenderer: frames/s and
#      peak RSS; the ratio replay / live (target >= 1.5);
#   3. glxgears natively on llvmpipe (no virgl at all), for reference;
#   4. a large trace (bench/replay_big_trace.cc: 1 MiB of incompressible texels per frame, each
#      frame read back and checked byte for byte): its size, replay's frames/s and peak RSS,
#      which must stay bounded by a few trace blocks plus GL resources, not grow with the file.
# The machine's load moves every figure: live and replay runs alternate for ROUNDS rounds and
# the medians are compared; the load average is printed before and after.
# Usage: bench/replay_speed.sh [BUILD_DIR] [SECONDS_PER_RUN] [ROUNDS] [BIG_TRACE_MIB]
# Needs: virgl-server, mesa-utils, xvfb (scripts/install-deps.sh), a build configured with
# VGPU_BUILD_BENCH=ON (for replay_big_trace).
set -euo pipefail
source "$(dirname "$0")/gears_lib.sh"
build=$(realpath "${1:-build/gcc}")
seconds=${2:-12}
rounds=${3:-3}
big_mib=${4:-1024}
cmake --build "$build" --target vgpu-replay vgpu-capture vgpu_vtest_socket_redirect \
  replay_big_trace >/dev/null
replay=$build/tools/vgpu-replay
capture=$build/tools/vgpu-capture
shim=$build/capture/libvgpu_vtest_socket_redirect.so
for tool in virgl_test_server glxgears xvfb-run "$replay" "$capture" "$build/bench/replay_big_trace"; do
  command -v "$tool" >/dev/null || { echo "missing: $tool" >&2; exit 2; }
done
work=$(mktemp -d "${TMPDIR:-/tmp}/vgpu-replay-bench-XXXXXX")
trap 'kill $(jobs -p) 2>/dev/null || true; rm -rf "$work"' EXIT
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg) on $(nproc) CPUs"

virgl_test_server --use-egl-surfaceless --socket-path="$work/host.sock" >"$work/host.log" 2>&1 &
for _ in $(seq 100); do [ -S "$work/host.sock" ] && break; sleep 0.05; done

virpipe=(GALLIUM_DRIVER=virpipe LIBGL_ALWAYS_SOFTWARE=1 LD_PRELOAD="$shim")

# The capture first (in front of the same server), then rounds of live / replays.
xvfb-run -a env "${virpipe[@]}" "$capture" -o "$work/gears.vtrc" --upstream "$work/host.sock" \
  -- timeout -s INT "$seconds" glxgears >"$work/capture.log" 2>&1 || true
frames=$("$build/tools/vgpu-trace" info "$work/gears.vtrc" | awk '/^frames:/ { print $2 }')
echo "captured glxgears through vgpu-capture: $frames frames, $(stat -c %s "$work/gears.vtrc") bytes"

bench() {  # bench LABEL [vgpu-replay options...]: prints the benchmark line, returns frames/s
  local label=$1; shift
  # CPU time next to wall time: under another load the wall figures move, the CPU ones less.
  /usr/bin/time -f "%U %S" -o "$work/bench.time" \
    "$replay" --benchmark --quiet "$@" "$work/gears.vtrc" >"$work/bench.log" 2>&1 || true
  local cpu
  cpu=$(awk -v f="$frames" '{ printf "%.3f", 1000 * ($1 + $2) / f }' "$work/bench.time")
  echo "  replay on $label: $(grep '^benchmark:' "$work/bench.log" || cat "$work/bench.log");" \
       "CPU $cpu ms per frame" >&2
  awk '/^benchmark:/ { for (i = 1; i <= NF; ++i) if ($i == "frames/s;") print $(i - 1) }' \
    "$work/bench.log"
}
live=() ours=() theirs=()
for r in $(seq "$rounds"); do
  env VTEST_SOCKET_NAME="$work/host.sock" "${virpipe[@]}" \
    xvfb-run -a timeout -s INT "$seconds" glxgears >"$work/live.log" 2>&1 || true
  live+=("$(fps_of "$work/live.log")")
  echo "round $r: live glxgears through virgl_test_server ${live[-1]} FPS"
  ours+=("$(bench "the built-in renderer")")
  theirs+=("$(bench "libvirglrenderer" --backend virglrenderer)")
done
ml=$(median "${live[@]}") mo=$(median "${ours[@]}") mt=$(median "${theirs[@]}")
awk -v l="$ml" -v r="$mo" -v v="$mt" 'BEGIN {
  printf "medians: live %.1f FPS; replay on the built-in renderer %.1f frames/s (%.2fx live, target >= 1.5x), on libvirglrenderer %.1f frames/s (%.2fx)\n", l, r, r / l, v, v / l }'

# 3. Native llvmpipe, no virgl.
env LIBGL_ALWAYS_SOFTWARE=1 GALLIUM_DRIVER=llvmpipe vblank_mode=0 \
  xvfb-run -a timeout -s INT "$seconds" glxgears >"$work/native.log" 2>&1 || true
echo "native glxgears on llvmpipe: $(fps_of "$work/native.log") FPS"

# 4. A large trace: peak RSS must not follow the file size.
"$build/bench/replay_big_trace" "$work/big.vtrc" "$big_mib"
/usr/bin/time -f "%e s elapsed, peak RSS %M KiB" "$replay" --quiet "$work/big.vtrc" \
  >"$work/big.log" 2>&1 && status=0 || status=$?
echo "replay of the large trace (every frame checked), exit $status: $(tail -n 1 "$work/big.log")"
"$replay" --benchmark --quiet "$work/big.vtrc" | sed 's/^/large trace, --benchmark: /'
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
