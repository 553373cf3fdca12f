#!/bin/bash
# The fuzzing coverage and speed report (docs/fuzzing.md, "Coverage and speed"):
#  1. builds every harness's regression driver with clang-14 source-based coverage in build/cov
#     (-fprofile-instr-generate -fcoverage-mapping: -DVGPU_COVERAGE=ON);
#  2. replays each harness's corpus through it: corpus/fuzz/<name> and corpus/regressions/<name>
#     (and the CVE set for renderer), one profile per harness;
#  3. merges the profiles (llvm-profdata-14) and prints llvm-cov-14 line coverage of decoder/
#     and renderer/, per directory and in total;
#  4. runs each <name>_fuzzer of the sanitizer build (build/asan, -DVGPU_FUZZ=ON) for a few
#     seconds on a copy of the same seeds and takes libFuzzer's exec/s, and the executions per
#     CPU-second of the fuzzer process (the machine may be shared: wall-clock rates understate);
#  5. writes both tables as markdown.
#
#   scripts/coverage.sh [SECONDS_PER_HARNESS]        default 10; 0 skips the fuzzer runs
# Environment: COV_BUILD (build/cov), FUZZ_BUILD (build/asan), HARNESSES (all eight),
# COVERAGE_MD (the markdown, default $COV_BUILD/coverage.md), EXTRA_CORPUS_DIR (a directory of
# <name>/ corpora, e.g. grown by long runs, replayed too).
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-10}
cov=${COV_BUILD:-build/cov}
fuzz_build=${FUZZ_BUILD:-build/asan}
harnesses=${HARNESSES:-"virgl_decode virgl_disasm vtest_wire vtrc_read tgsi_parse tgsi_glsl renderer server"}
md=${COVERAGE_MD:-$cov/coverage.md}
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=1}
export LSAN_OPTIONS=${LSAN_OPTIONS:-suppressions=$PWD/tests/lsan_suppressions.txt:print_suppressions=0}

corpora_of() {  # the corpus directories of harness $1
  local dirs="corpus/fuzz/$1 corpus/regressions/$1"
  [ "$1" = renderer ] && dirs="$dirs corpus/regressions/cve"
  [ -n "${EXTRA_CORPUS_DIR:-}" ] && dirs="$dirs $EXTRA_CORPUS_DIR/$1"
  for d in $dirs; do [ -d "$d" ] && echo "$d"; done
}

# ---- 1. the coverage build -------------------------------------------------------------------
if [ ! -f "$cov/CMakeCache.txt" ]; then
  cmake -S . -B "$cov" -G Ninja -DCMAKE_C_COMPILER=clang-14 -DCMAKE_CXX_COMPILER=clang++-14 \
    -DCMAKE_BUILD_TYPE=Debug -DVGPU_COVERAGE=ON -DVGPU_BUILD_BENCH=OFF >/dev/null
fi
targets=""
for h in $harnesses; do targets="$targets ${h}_regression"; done
# shellcheck disable=SC2086
cmake --build "$cov" -j2 --target $targets >/dev/null

# ---- 2. replay --------------------------------------------------------------------------------
rm -rf "$cov/prof"
mkdir -p "$cov/prof"
declare -A inputs
objects=()
for h in $harnesses; do
  driver=$cov/fuzz/${h}_regression
  # shellcheck disable=SC2046
  summary=$(LLVM_PROFILE_FILE="$PWD/$cov/prof/$h-%p.profraw" "$driver" $(corpora_of "$h") \
              2>/dev/null | tail -1)
  inputs[$h]=$(echo "$summary" | sed -n 's/^regression driver: \([0-9]*\) inputs.*/\1/p')
  echo "replayed $h: $summary"
  objects+=("-object=$driver")
done

# ---- 3. coverage ------------------------------------------------------------------------------
llvm-profdata-14 merge -sparse "$cov"/prof/*.profraw -o "$cov/fuzz.profdata"
# Every driver links the same libraries, compiled once: their functions merge by name.
first=${objects[0]#-object=}
llvm-cov-14 export -summary-only -instr-profile="$cov/fuzz.profdata" "$first" "${objects[@]:1}" \
  2>/dev/null >"$cov/fuzz-coverage.json"
coverage_md=$(python3 - "$cov/fuzz-coverage.json" "$PWD" "$cov/coverage-files.txt" <<'EOF'
# Lines per directory (decoder/, renderer/ and their subdirectories) and in total; the
# per-file figures, least covered first, go to the third argument.
import collections, json, os, sys
data = json.load(open(sys.argv[1]))
root = sys.argv[2]
dirs = collections.defaultdict(lambda: [0, 0])
files = []
for f in data["data"][0]["files"]:
    name = os.path.relpath(os.path.normpath(os.path.join(root, f["filename"])), root)
    top = name.split("/")[0]
    if top not in ("decoder", "renderer"):
        continue
    lines = f["summary"]["lines"]
    files.append((lines["count"] - lines["covered"], lines["count"], name))
    own = os.path.dirname(name) + "/" + ("*" if "/" not in os.path.dirname(name) else "")
    for key in (top + "/", own, "total"):
        dirs[key][0] += lines["count"]
        dirs[key][1] += lines["covered"]
with open(sys.argv[3], "w") as out:
    for missed, count, name in sorted(files, reverse=True):
        out.write(f"{name}: {count - missed}/{count} lines, {missed} missed\n")
print("| directory (bold: with its subdirectories; dir/*: its own files) | lines | covered | line coverage |")
print("|---|---|---|---|")
for key in sorted(k for k in dirs if k != "total") + ["total"]:
    count, covered = dirs[key]
    label = f"**{key}**" if key.endswith("/") and key.count("/") == 1 or key == "total" else key
    print(f"| {label} | {count} | {covered} | {100.0 * covered / max(count, 1):.1f}% |")
EOF
)
echo "$coverage_md"

# ---- 4. exec/s --------------------------------------------------------------------------------
options_of() {  # "max_len = N" / "dict = F" of fuzz/<name>_fuzzer.options, as libFuzzer flags
  local file=fuzz/$1_fuzzer.options
  [ -f "$file" ] || return 0
  sed -n 's/^ *max_len *= *\([0-9]*\).*/-max_len=\1/p; s/^ *dict *= *\([^ ]*\).*/-dict=fuzz\/\1/p' "$file"
}
speed_md="| harness | inputs replayed | seconds | executions | exec/s (libFuzzer) | exec per CPU-second |
|---|---|---|---|---|---|"
for h in $harnesses; do
  fuzzer=$fuzz_build/fuzz/${h}_fuzzer
  row="| $h | ${inputs[$h]:-?} |"
  if [ "$seconds" = 0 ] || [ ! -x "$fuzzer" ]; then
    speed_md="$speed_md
$row | | not run | |"
    continue
  fi
  work=$(mktemp -d)
  for d in $(corpora_of "$h"); do
    find "$d" -maxdepth 1 -type f ! -name '*.md' -exec cp {} "$work/" \;
  done
  # shellcheck disable=SC2046
  /usr/bin/time -f "cpu %U %S" -o "$work.time" "$fuzzer" $(options_of "$h") \
    -max_total_time="$seconds" -timeout=25 -rss_limit_mb=4096 -print_final_stats=1 \
    -artifact_prefix="$work/" "$work" >"$work.log" 2>&1 || echo "$h: the fuzzer stopped (finding?): $work.log" >&2
  execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$work.log")
  rate=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$work.log")
  per_cpu=$(awk -v n="${execs:-0}" '/^cpu/ { t = $2 + $3; if (t > 0) printf "%d", n / t }' "$work.time")
  echo "fuzzed $h: $execs executions, $rate exec/s, $per_cpu per CPU-second"
  speed_md="$speed_md
$row $seconds | ${execs:-?} | ${rate:-?} | ${per_cpu:-?} |"
  rm -rf "$work" "$work.time"
  grep -q "ERROR" "$work.log" || rm -f "$work.log"  # kept with a finding
done
echo "$speed_md"

# ---- 5. markdown ------------------------------------------------------------------------------
{
  echo "Coverage of decoder/ and renderer/ by the fuzz corpora ($(date -u +%F), $(git rev-parse --short HEAD)):"
  echo
  echo "$coverage_md"
  echo
  echo "Speed (clang-14 ASan+UBSan fuzzers, ${seconds} s each, load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)):"
  echo
  echo "$speed_md"
} >"$md"
echo "written: $md"
