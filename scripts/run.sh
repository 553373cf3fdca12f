#!/usr/bin/env bash
# The README's first command: builds the tools and runs the main job on the embedded default.
# Until replay lands (issue 7) the main job is disassembling the command stream shipped in
# corpus/streams/frame.bin (one frame of a textured draw as Mesa's virgl driver encodes it);
# the listing is written to out/frame.disasm.txt and out/frame.disasm.json.
set -euo pipefail
cd "$(dirname "$0")/.."
cmake -S . -B build/gcc -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build build/gcc -j "$(nproc)" --target vgpu-trace
mkdir -p out
stream=${1:-corpus/streams/frame.bin}
./build/gcc/tools/vgpu-trace disasm "$stream" > out/frame.disasm.txt
./build/gcc/tools/vgpu-trace disasm --json "$stream" > out/frame.disasm.json 2>/dev/null
head -n 12 out/frame.disasm.txt | cut -c1-160
echo "..."
echo "$(wc -l < out/frame.disasm.txt) commands of $stream disassembled:"
echo "  out/frame.disasm.txt   one line per command, every field named"
echo "  out/frame.disasm.json  the same as JSON"
