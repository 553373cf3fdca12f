#!/bin/bash -eu
# OSS-Fuzz / ClusterFuzzLite build: every harness of fuzz/ that runs without a GPU stack, with
# the engine and sanitizer flags the infrastructure passes ($CC $CXX $CFLAGS $CXXFLAGS
# $LIB_FUZZING_ENGINE), installed into $OUT with its seed corpus zip, dictionary and options.
# The renderer harness is left out: it needs Mesa's llvmpipe (libEGL, libgallium) at run time,
# which OSS-Fuzz's base-runner image does not have.  Run locally (docs/fuzzing.md):
#   CC=clang-14 CXX=clang++-14 CFLAGS=... LIB_FUZZING_ENGINE=-fsanitize=fuzzer \
#   OUT=/tmp/ossfuzz-out SRC=$PWD/.. WORK=/tmp/ossfuzz-work fuzz/oss-fuzz/build.sh
SOURCE_DIR=${VGPU_SOURCE_DIR:-$SRC/vgpu-tools}
BUILD_DIR=${WORK:-/tmp}/vgpu-build
HARNESSES=${VGPU_FUZZ_HARNESSES:-"virgl_decode virgl_disasm vtest_wire vtrc_read tgsi_parse tgsi_glsl"}

# $CFLAGS/$CXXFLAGS carry the sanitizers and -fsanitize=fuzzer-no-link; the project adds nothing
# of its own (no VGPU_SANITIZE), so the flags are exactly OSS-Fuzz's.
cmake -S "$SOURCE_DIR" -B "$BUILD_DIR" -G Ninja \
  -DCMAKE_C_COMPILER="$CC" -DCMAKE_CXX_COMPILER="$CXX" \
  -DCMAKE_C_FLAGS="$CFLAGS" -DCMAKE_CXX_FLAGS="$CXXFLAGS" \
  -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DVGPU_FUZZ=ON -DVGPU_FUZZ_ENGINE="$LIB_FUZZING_ENGINE" \
  -DVGPU_BUILD_TESTS=OFF -DVGPU_BUILD_BENCH=OFF
targets=""
for h in $HARNESSES; do targets="$targets ${h}_fuzzer"; done
cmake --build "$BUILD_DIR" -j "$(nproc)" --target $targets

mkdir -p "$OUT"
for h in $HARNESSES; do
  cp "$BUILD_DIR/fuzz/${h}_fuzzer" "$OUT/"
  seeds="$SOURCE_DIR/corpus/fuzz/$h"
  # A fresh zip: zip adds to an existing archive, so a reused $OUT kept deleted seeds.
  rm -f "$OUT/${h}_fuzzer_seed_corpus.zip"
  if [ -d "$seeds" ]; then
    # -j: flat names; regressions ride along so the engine starts from every known crasher.
    (cd "$seeds" && zip -q -j -r "$OUT/${h}_fuzzer_seed_corpus.zip" .)
    regressions="$SOURCE_DIR/corpus/regressions/$h"
    if [ -d "$regressions" ] && [ -n "$(ls -A "$regressions")" ]; then
      (cd "$regressions" && zip -q -j -r "$OUT/${h}_fuzzer_seed_corpus.zip" .)
    fi
  fi
  if [ -f "$SOURCE_DIR/fuzz/${h}_fuzzer.options" ]; then
    cp "$SOURCE_DIR/fuzz/${h}_fuzzer.options" "$OUT/"
  fi
  # <fuzzer>.dict is found by convention; the .options files name <harness>.dict.
  if [ -f "$SOURCE_DIR/fuzz/${h}.dict" ]; then
    cp "$SOURCE_DIR/fuzz/${h}.dict" "$OUT/${h}_fuzzer.dict"
    cp "$SOURCE_DIR/fuzz/${h}.dict" "$OUT/${h}.dict"
  fi
done
# virgl_disasm reads virgl_decode's input format: share its dictionary.
if [ -x "$OUT/virgl_disasm_fuzzer" ]; then
  cp "$SOURCE_DIR/fuzz/virgl_decode.dict" "$OUT/virgl_disasm_fuzzer.dict"
fi
