#!/usr/bin/env bash
# One GL client captured end to end: vgpu-capture --upstream-spawn runs it with --dump, the trace
# must verify, and every dumped readback must be in it with identical pixels
# (vgpu-check-readbacks).  Then the check itself is checked: the same trace against a copy of the
# dump with one byte changed must fail and name the pixel.
#
# usage: capture_client_test.sh --bin-dir BUILD --timeout S [--client-env VAR=VALUE]... -- CLIENT [ARGS...]
#   BUILD is the build tree (tools/vgpu-capture, tools/vgpu-trace, tests/capture/vgpu-check-readbacks)
set -uo pipefail

bin_dir=""
client_timeout=45
client_env=()
while [ $# -gt 0 ]; do
  case "$1" in
    --bin-dir) bin_dir=$2; shift 2 ;;
    --timeout) client_timeout=$2; shift 2 ;;
    --client-env) client_env+=("$2"); shift 2 ;;
    --) shift; break ;;
    *) echo "capture_client_test.sh: unknown option '$1'" >&2; exit 2 ;;
  esac
done
[ $# -gt 0 ] && [ -n "$bin_dir" ] || { echo "capture_client_test.sh: usage error" >&2; exit 2; }
capture=$bin_dir/tools/vgpu-capture
trace_tool=$bin_dir/tools/vgpu-trace
checker=$bin_dir/tests/capture/vgpu-check-readbacks

fail() { echo "capture_client_test.sh: FAIL: $*" >&2; exit 1; }
command -v virgl_test_server >/dev/null || fail "virgl_test_server not found (Debian package virgl-server)"
for b in "$capture" "$trace_tool" "$checker" "$1"; do [ -x "$b" ] || fail "$b is not built"; done

work=$(mktemp -d "${TMPDIR:-/tmp}/vgpu-capt.XXXXXX") || exit 1
trap 'rm -rf "$work"' EXIT
ulimit -c 0

echo "== capture: $*"
start=$(date +%s%N)
EGL_PLATFORM=surfaceless timeout -k 5 "$client_timeout" \
  "$capture" -o "$work/trace.vtrc" --upstream-spawn --full-frames-every 1 -- \
  env "${client_env[@]}" "$@" --dump "$work/dump" >"$work/capture.log" 2>&1
rc=$?
cat "$work/capture.log"
[ $rc -eq 0 ] || fail "vgpu-capture exited with $rc"
echo "capture took $((($(date +%s%N) - start) / 1000000)) ms"

echo "== verify"
"$trace_tool" verify "$work/trace.vtrc" || fail "vgpu-trace verify failed"

echo "== readbacks"
"$checker" --trace "$work/trace.vtrc" --dump "$work/dump" || fail "readbacks differ"

echo "== the check fails on a tampered dump"
cp -r "$work/dump" "$work/tampered"
file=$work/tampered/readback-0.rgba
size=$(stat -c %s "$file")
[ "$size" -gt 0 ] || fail "readback-0.rgba is empty"
offset=$((size / 2 + 1))  # a colour byte of a pixel in the middle of the image
old=$(od -An -tu1 -j "$offset" -N1 "$file" | tr -d ' ')
new=$(((old + 1) % 256))
printf "\\$(printf %03o "$new")" | dd of="$file" bs=1 seek="$offset" conv=notrunc status=none
"$checker" --trace "$work/trace.vtrc" --dump "$work/tampered" >"$work/tampered.out" 2>&1
rc=$?
cat "$work/tampered.out"
[ $rc -eq 1 ] || fail "the check exited with $rc on a tampered dump, 1 expected"
grep -q "1 of [0-9]* pixels differ" "$work/tampered.out" || fail "the check did not report the changed pixel"
echo "PASS"
