#!/usr/bin/env bash
# Capture's cost, measured against the peers in one run:
#   1. frame rate of glxgears (Xvfb, Mesa virpipe) straight against virgl_test_server, vs through
#      vgpu-capture proxying to the same server (--upstream), vs recording inside a spawned
#      virgl_test_server (--upstream-spawn --in-host): rounds alternate, medians compared;
#   2. the same three sides for our animation client (tests/clients/animation.cc), whose frames
#      are four round trips each and little else: the proxy's worst case.  It prints its own
#      frame rate; each side's figure is compared with the direct run of the same round (the
#      machine's speed drifts between rounds), and the median of those ratios is reported;
#   3. trace bytes per frame: our .vtrc vs `apitrace trace` of the same program (glxgears and the
#      animation client).
# Usage: bench/capture_overhead.sh [BUILD_DIR] [SECONDS_PER_RUN] [ROUNDS]
# Needs: virgl-server, mesa-utils, xvfb, apitrace (scripts/install-deps.sh installs them).
set -euo pipefail
source "$(dirname "$0")/gears_lib.sh"
build=$(realpath "${1:-build/gcc}")
seconds=${2:-16}
rounds=${3:-3}
capture=$build/tools/vgpu-capture
shim=$build/capture/libvgpu_vtest_socket_redirect.so
for tool in virgl_test_server glxgears xvfb-run apitrace "$capture"; do
  command -v "$tool" >/dev/null || { echo "missing: $tool" >&2; exit 2; }
done
work=$(mktemp -d /tmp/vgpu-bench-XXXXXX)
trap 'kill $(jobs -p) 2>/dev/null || true; rm -rf "$work"' EXIT

virgl_test_server --use-egl-surfaceless --socket-path="$work/host.sock" >"$work/host.log" 2>&1 &
for _ in $(seq 100); do [ -S "$work/host.sock" ] && break; sleep 0.05; done


gears() {  # gears OUT_LOG [capture args...]: one timed glxgears run
  local log=$1; shift
  local env=(GALLIUM_DRIVER=virpipe LIBGL_ALWAYS_SOFTWARE=1 LD_PRELOAD="$shim")
  if [ $# -eq 0 ]; then
    env VTEST_SOCKET_NAME="$work/host.sock" "${env[@]}" \
      xvfb-run -a timeout -s INT "$seconds" glxgears >"$log" 2>&1 || true
  else
    xvfb-run -a env "${env[@]}" "$capture" "$@" -- timeout -s INT "$seconds" glxgears >"$log" 2>&1 || true
  fi
}

# Bytes per frame of a trace: file size over the frames its index lists.
bytes_per_frame() {
  "$build/tools/vgpu-trace" info "$1" | awk -v b="$(stat -c %s "$1")" '/^frames:/ { printf "%.0f", b / $2 }'
}

direct=() captured=() inhost=()
for r in $(seq "$rounds"); do
  gears "$work/direct-$r.log"
  direct+=("$(fps_of "$work/direct-$r.log")")
  l1=$(load)
  gears "$work/capture-$r.log" -o "$work/gears-$r.vtrc" --upstream "$work/host.sock"
  captured+=("$(fps_of "$work/capture-$r.log")")
  l2=$(load)
  gears "$work/inhost-$r.log" -o "$work/inhost-$r.vtrc" --upstream-spawn --in-host
  inhost+=("$(fps_of "$work/inhost-$r.log")")
  echo "round $r: direct ${direct[-1]} FPS (load $l1), through the vgpu-capture proxy ${captured[-1]} FPS (load $l2, trace $(bytes_per_frame "$work/gears-$r.vtrc") bytes per frame), in-host ${inhost[-1]} FPS (load $(load), trace $(bytes_per_frame "$work/inhost-$r.vtrc") bytes per frame)"
done
md=$(median "${direct[@]}") mc=$(median "${captured[@]}") mi=$(median "${inhost[@]}")
awk -v d="$md" -v c="$mc" -v i="$mi" -v l="$(load)" 'BEGIN { printf "glxgears median FPS: direct %.1f; proxy %.1f, cost %.1f%%; in-host %.1f, cost %.1f%% (target <= 5%%; load %s)\n", d, c, 100 * (d - c) / d, i, 100 * (d - i) / d, l }'

# The animation client's frame rate, three sides a round (its PASS line ends with the rate after
# the first frame).
anim=$build/tests/clients/vgpu-client-animation
anim_rate_frames=2000
anim_rate() { sed -n 's/.*; \([0-9.]*\) frames\/s after the first.*/\1/p' "$1"; }
if [ -x "$anim" ]; then
  ratios_proxy=() ratios_inhost=() rates_direct=()
  for r in $(seq "$rounds"); do
    env VTEST_SOCKET_NAME="$work/host.sock" GALLIUM_DRIVER=virpipe LIBGL_ALWAYS_SOFTWARE=1 \
      LD_PRELOAD="$shim" EGL_PLATFORM=surfaceless "$anim" --frames "$anim_rate_frames" \
      >"$work/anim-rate-direct.log" 2>&1 || { cat "$work/anim-rate-direct.log"; exit 1; }
    EGL_PLATFORM=surfaceless "$capture" -o "$work/anim-rate-proxy.vtrc" --upstream "$work/host.sock" \
      -- "$anim" --frames "$anim_rate_frames" >"$work/anim-rate-proxy.log" 2>&1 \
      || { cat "$work/anim-rate-proxy.log"; exit 1; }
    EGL_PLATFORM=surfaceless "$capture" -o "$work/anim-rate-inhost.vtrc" --upstream-spawn --in-host \
      -- "$anim" --frames "$anim_rate_frames" >"$work/anim-rate-inhost.log" 2>&1 \
      || { cat "$work/anim-rate-inhost.log"; exit 1; }
    d=$(anim_rate "$work/anim-rate-direct.log") p=$(anim_rate "$work/anim-rate-proxy.log")
    i=$(anim_rate "$work/anim-rate-inhost.log")
    rates_direct+=("$d")
    ratios_proxy+=("$(awk -v a="$p" -v b="$d" 'BEGIN { printf "%.4f", a / b }')")
    ratios_inhost+=("$(awk -v a="$i" -v b="$d" 'BEGIN { printf "%.4f", a / b }')")
    echo "animation round $r: direct $d frames/s, proxy $p, in-host $i (load $(load))"
  done
  awk -v d="$(median "${rates_direct[@]}")" -v p="$(median "${ratios_proxy[@]}")" \
      -v i="$(median "${ratios_inhost[@]}")" -v l="$(load)" 'BEGIN {
    printf "animation client median frames/s: direct %.1f; proxy %.3fx of direct, cost %.1f%%; in-host %.3fx, cost %.1f%% (target <= 5%%; load %s)\n", d, p, 100 * (1 - p), i, 100 * (1 - i), l }'
fi

# Bytes per frame: our last capture vs apitrace of the same program for the same time.
ours=$("$build/tools/vgpu-trace" info "$work/gears-$rounds.vtrc" | awk '/^frames:/ { f = $2 } END { print f }')
ours_bytes=$(stat -c %s "$work/gears-$rounds.vtrc")
env VTEST_SOCKET_NAME="$work/host.sock" GALLIUM_DRIVER=virpipe LIBGL_ALWAYS_SOFTWARE=1 LD_PRELOAD="$shim" \
  xvfb-run -a apitrace trace -o "$work/gears.trace" timeout -s INT "$seconds" glxgears \
  >"$work/apitrace.log" 2>&1 || true
api_frames=$(apitrace dump --call-nos=no "$work/gears.trace" 2>/dev/null | grep -c 'glXSwapBuffers' || true)
api_bytes=$(stat -c %s "$work/gears.trace")
awk -v of="$ours" -v ob="$ours_bytes" -v af="$api_frames" -v ab="$api_bytes" -v l="$(load)" 'BEGIN {
  o = ob / of; a = ab / af
  printf "bytes per frame: vgpu-capture %.0f (%d frames, %d bytes), apitrace %.0f (%d frames, %d bytes): ours is %.2fx apitrace (target <= 0.25x; load %s)\n", o, of, ob, a, af, ab, o / a, l }'

# The same comparison on our animation client (tests/clients/animation.cc, EGL surfaceless, 300
# frames of 96x64 with a buffer upload, a uniform and a readback each).  apitrace's frames are
# its glClear calls (one per frame; a pbuffer client does not swap).  Note that apitrace does not
# see the client's glBufferSubData and glUniform3f, which libepoxy resolves past its wrappers, so
# its figure here is a lower bound of what a complete apitrace trace would need.
anim_frames=300
if [ -x "$anim" ]; then
  EGL_PLATFORM=surfaceless "$capture" -o "$work/anim-proxy.vtrc" --upstream "$work/host.sock" \
    -- "$anim" --frames "$anim_frames" >"$work/anim-proxy.log" 2>&1 || { cat "$work/anim-proxy.log"; exit 1; }
  EGL_PLATFORM=surfaceless "$capture" -o "$work/anim-inhost.vtrc" --upstream-spawn --in-host \
    -- "$anim" --frames "$anim_frames" >"$work/anim-inhost.log" 2>&1 || { cat "$work/anim-inhost.log"; exit 1; }
  env VTEST_SOCKET_NAME="$work/host.sock" GALLIUM_DRIVER=virpipe LIBGL_ALWAYS_SOFTWARE=1 LD_PRELOAD="$shim" \
    EGL_PLATFORM=surfaceless apitrace trace -o "$work/anim.trace" "$anim" --frames "$anim_frames" \
    >"$work/anim-apitrace.log" 2>&1 || { cat "$work/anim-apitrace.log"; exit 1; }
  api_frames=$(apitrace dump --call-nos=no "$work/anim.trace" 2>/dev/null | grep -c '^glClear(' || true)
  awk -v p="$(stat -c %s "$work/anim-proxy.vtrc")" -v i="$(stat -c %s "$work/anim-inhost.vtrc")" \
      -v f="$anim_frames" -v ab="$(stat -c %s "$work/anim.trace")" -v af="$api_frames" 'BEGIN {
    a = ab / af
    printf "animation client bytes per frame: proxy %.1f (%.2fx apitrace), in-host %.1f (%.2fx), apitrace %.1f (%d frames) (target <= 0.25x)\n", p / f, p / f / a, i / f, i / f / a, a, af }'
fi
