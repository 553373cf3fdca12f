#!/usr/bin/env bash
# The README's first command: builds vgpu-replay and replays the default trace (the real capture
# shipped in corpus/traces/triangle.vtrc: our triangle client through Mesa virpipe in front of
# virgl_test_server) on the built-in renderer, checking every frame against the capture.  Writes
# its frames (PNG), the HTML page (reference | replay | diff) and the JSON report into out/.
set -euo pipefail
cd "$(dirname "$0")/.."
cmake -S . -B build/gcc -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build build/gcc -j "$(nproc)" --target vgpu-replay
mkdir -p out
trace=${1:-corpus/traces/triangle.vtrc}
name=$(basename "$trace" .vtrc)
status=0
./build/gcc/tools/vgpu-replay "$trace" --dump-frames "out/$name.frames" \
  --report "out/$name.replay.json" --html "out/$name.replay.html" || status=$?
echo "wrote out/$name.frames/ (one PNG per frame), out/$name.replay.html and out/$name.replay.json"
exit "$status"
