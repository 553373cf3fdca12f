#!/bin/bash
# Minimises a harness's committed seeds with libFuzzer's -merge=1: keeps the smallest set of
# inputs that reaches every feature of the current seeds plus any extra corpus directories (a
# long run's output, `vgpu-trace extract-seeds` output), and replaces corpus/fuzz/<name>/ with it.
#   scripts/fuzz-merge.sh NAME [EXTRA_DIR...]      (fuzzers from $FUZZ_BUILD, default build/asan)
# virgl_decode's seeds are generated (fuzz_seeds_up_to_date checks them): merge into a separate
# directory for it instead, e.g. FUZZ_MERGE_OUT=/tmp/merged scripts/fuzz-merge.sh virgl_decode.
set -euo pipefail
cd "$(dirname "$0")/.."
name=${1:?usage: scripts/fuzz-merge.sh NAME [EXTRA_DIR...]}
shift
fuzzer=${FUZZ_BUILD:-build/asan}/fuzz/${name}_fuzzer
[ -x "$fuzzer" ] || { echo "fuzz-merge: $fuzzer is missing (build with -DVGPU_FUZZ=ON)" >&2; exit 2; }
seeds=corpus/fuzz/$name
out=${FUZZ_MERGE_OUT:-}
merged=$(mktemp -d)
max_len=$(sed -n 's/^ *max_len *= *\([0-9]*\).*/\1/p' "fuzz/${name}_fuzzer.options" 2>/dev/null || true)
ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=0} "$fuzzer" -merge=1 ${max_len:+-max_len=$max_len} \
  "$merged" "$seeds" "$@"
before=$(ls "$seeds" | wc -l)
if [ -n "$out" ]; then
  mkdir -p "$out" && cp "$merged"/* "$out"/
  echo "fuzz-merge: $name: $(ls "$merged" | wc -l) inputs in $out (from $before seeds and $*)"
else
  find "$seeds" -maxdepth 1 -type f ! -name '*.md' -delete
  cp "$merged"/* "$seeds"/
  echo "fuzz-merge: $name: $before seeds -> $(ls "$seeds" | wc -l) (extra inputs from: ${*:-none})"
fi
rm -rf "$merged"
