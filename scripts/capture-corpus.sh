#!/usr/bin/env bash
# Regenerates corpus/traces/: small real traces of our GL clients (tests/clients) and of two
# piglit shader tests, captured through real Mesa virpipe in front of a real virgl_test_server.
#   scripts/capture-corpus.sh [BUILD_DIR]      (needs: ninja -C BUILD_DIR vgpu-capture vgpu-clients)
set -euo pipefail
cd "$(dirname "$0")/.."
build=$(realpath "${1:-build/gcc}")
out=corpus/traces
mkdir -p "$out"
export EGL_PLATFORM=surfaceless
capture() {  # capture NAME CMD...
  local name=$1; shift
  "$build/tools/vgpu-capture" -o "$out/$name.vtrc" --upstream-spawn --full-frames-every 1 -- "$@" 2>&1 | grep 'vgpu-capture: .*vtrc' || true
  "$build/tools/vgpu-trace" verify "$out/$name.vtrc" >/dev/null
}
for client in clear_readback triangle textured_quad mrt_depth_stencil instanced_indexed; do
  capture "$client" "$build/tests/clients/vgpu-client-$client"
done
capture animation "$build/tests/clients/vgpu-client-animation" --frames 8
piglit=${PIGLIT_DIR:-/usr/lib/x86_64-linux-gnu/piglit}
if [ -x "$piglit/bin/shader_runner" ]; then
  export PIGLIT_PLATFORM=surfaceless_egl PIGLIT_SOURCE_DIR=$piglit
  for t in glsl-1.10/execution/algebraic/glsl-algebraic-add-add-1 arb_arrays_of_arrays/execution/sampler/fs-const-index-three-dimensions; do
    name=piglit-$(basename "$t")
    capture "$name" "$piglit/bin/shader_runner" "$piglit/tests/spec/$t.shader_test" -auto -fbo
  done
fi
ls -l "$out"
