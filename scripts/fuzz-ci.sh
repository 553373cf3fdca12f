#!/bin/bash
# Runs every libFuzzer harness for a bounded time on its seeds and fails on any finding (crash,
# sanitizer report, leak, timeout, out-of-memory).  Needs the clang-14 ASan+UBSan build with
# -DVGPU_FUZZ=ON (scripts/test.sh makes it in build/asan, whose ctests fuzz_run.<name> call this
# script for one harness each).
#   scripts/fuzz-ci.sh [BUILD_DIR] [SECONDS_PER_HARNESS]      defaults: build/asan 30
# Total time: SECONDS x 8 harnesses (30 s: 4 minutes).  Crash inputs are left in
# $FUZZ_ARTIFACTS (default build/fuzz-artifacts) to be copied into corpus/regressions/<name>/
# together with the fix.
#
# A CI run is bounded and seeded: the mutations come from a fixed seed ($FUZZ_SEED, default 1) and
# each harness stops after a fixed number of inputs ($FUZZ_RUNS, default the table below, sized
# to fit in 30 s on a loaded 2-core machine) or SECONDS, whichever comes first, so a faster
# machine does no more than a slower one.  What else steers libFuzzer is pinned too: the seeds are
# given as one sorted list (not a directory, read in whatever order the file system lists it),
# the timed corpus reload is off, and address-space randomization is off where the machine allows
# it (setarch -R; its addresses index libFuzzer's table of compares).  The parser harnesses then
# repeat the same inputs run after run; the GL harnesses still do not, because llvmpipe's threads
# and fences change which branches an input takes (docs/fuzzing.md "CI").
# Exploratory fuzzing, which looks for new findings, runs with FUZZ_SEED=0 (a random seed) and
# FUZZ_RUNS=-1 (unbounded) for as long as one likes (docs/fuzzing.md records the long runs).
set -euo pipefail
cd "$(dirname "$0")/.."
build=${1:-build/asan}
seconds=${2:-30}
artifacts=${FUZZ_ARTIFACTS:-build/fuzz-artifacts}
harnesses=${FUZZ_HARNESSES:-"virgl_decode virgl_disasm vtest_wire vtrc_read tgsi_parse tgsi_glsl renderer server"}
mkdir -p "$artifacts"
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
export LSAN_OPTIONS=${LSAN_OPTIONS:-suppressions=$PWD/tests/lsan_suppressions.txt:print_suppressions=0}

# "max_len = N" / "dict = F" of fuzz/<name>_fuzzer.options, as libFuzzer flags.
options_of() {
  local file=fuzz/$1_fuzzer.options
  [ -f "$file" ] || return 0
  sed -n 's/^ *max_len *= *\([0-9]*\).*/-max_len=\1/p; s/^ *dict *= *\([^ ]*\).*/-dict=fuzz\/\1/p' "$file"
}

# Inputs per harness in a CI run (about 30 s each under ASan+UBSan at load 2; docs/fuzzing.md).
runs_of() {
  case $1 in
    renderer) echo 8000 ;;
    server) echo 8000 ;;
    tgsi_glsl) echo 100000 ;;
    *) echo 300000 ;;
  esac
}

# setarch -R turns address-space randomization off for the fuzzer; containers may forbid it
# (personality(2) under seccomp), and then the run goes on with it.
no_aslr=()
if setarch "$(uname -m)" -R true 2>/dev/null; then
  no_aslr=(setarch "$(uname -m)" -R)
else
  echo "fuzz-ci: setarch -R is not allowed here; address-space randomization stays on" >&2
fi

failed=""
for h in $harnesses; do
  fuzzer=$build/fuzz/${h}_fuzzer
  if [ ! -x "$fuzzer" ]; then
    echo "fuzz-ci: $fuzzer is missing (configure with -DVGPU_FUZZ=ON and build it)" >&2
    failed="$failed $h"
    continue
  fi
  work=$(mktemp -d)
  # The run's new inputs go to a scratch corpus, never into the repository.  The seeds are read
  # from a sorted list (@file), in the same order on every machine.
  mkdir "$work/corpus"
  dirs="corpus/fuzz/$h corpus/regressions/$h"
  [ "$h" = renderer ] && dirs="$dirs corpus/regressions/cve"  # the CVE inputs are renderer inputs
  for dir in $dirs; do
    if [ -d "$dir" ]; then find "$PWD/$dir" -maxdepth 1 -type f ! -name '*.md'; fi
  done | LC_ALL=C sort | paste -sd, - | tr -d '\n' >"$work/seeds"  # a newline would end the last name
  runs=${FUZZ_RUNS:-$(runs_of "$h")}
  echo "== $h: $runs inputs or ${seconds} s at most, seed ${FUZZ_SEED:-1}, on $(tr ',' '\n' <"$work/seeds" | grep -c .) seeds"
  # shellcheck disable=SC2046
  if ! "${no_aslr[@]}" "$fuzzer" $(options_of "$h") -seed="${FUZZ_SEED:-1}" -runs="$runs" \
        -max_total_time="$seconds" -timeout=25 -rss_limit_mb=4096 -print_final_stats=1 \
        -reload=0 -seed_inputs="@$work/seeds" \
        -artifact_prefix="$artifacts/$h-" "$work/corpus" 2>"$work.log"; then
    tail -60 "$work.log"
    failed="$failed $h"
  else
    grep -E '^(stat::number_of_executed_units|stat::average_exec_per_sec|stat::peak_rss_mb)' \
      "$work.log" | tr '\n' ' '
    echo
  fi
  rm -rf "$work" "$work.log"
done
if [ -n "$failed" ]; then
  echo "fuzz-ci: findings or errors in:$failed (inputs in $artifacts)" >&2
  exit 1
fi
echo "fuzz-ci: every harness ran without a finding"
