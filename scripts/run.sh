#!/usr/bin/env bash
# The README's first command: builds the tools and runs the main job on the embedded default.
# Until replay lands (issue 7) the main job reads the trace shipped in corpus/traces/triangle.vtrc
# (a real capture: our triangle client through Mesa virpipe in front of virgl_test_server),
# verifies it, and writes its report and full event listing (every submit disassembled) to out/.
set -euo pipefail
cd "$(dirname "$0")/.."
cmake -S . -B build/gcc -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build build/gcc -j "$(nproc)" --target vgpu-trace
mkdir -p out
trace=${1:-corpus/traces/triangle.vtrc}
name=$(basename "$trace" .vtrc)
./build/gcc/tools/vgpu-trace info "$trace" | tee "out/$name.info.txt" | head -n 20
./build/gcc/tools/vgpu-trace verify "$trace" | tee "out/$name.verify.txt"
./build/gcc/tools/vgpu-trace dump "$trace" > "out/$name.dump.txt"
./build/gcc/tools/vgpu-trace dump --json "$trace" > "out/$name.dump.json"
echo "wrote out/$name.info.txt (summary), out/$name.verify.txt, out/$name.dump.txt and .json (every event, submits disassembled)"
